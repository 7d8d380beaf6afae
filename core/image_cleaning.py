"""
What happens to an uploaded file before it joins Wagtail's image library, in two steps that
differ in cost by three orders of magnitude.

1. `UploadedImageField` (form field validation) reads only the file's header with Pillow: the
   format (from the content; the uploaded name and Content-Type play no part), the size in
   pixels and the number of frames. A file too big, of a format we do not take, declaring too
   many pixels for its format or animated where we cannot keep the animation is refused here,
   in about a millisecond, before anything is decoded.
2. `rebuild_upload` decodes the whole image (a truncated file fails here, not in a visitor's
   request), applies the EXIF orientation and writes a new file from the pixels alone: no
   EXIF, XMP, GPS, comment or bytes appended after the image survive, and renditions made
   from it are clean too. Forms call it through `artworks.images.rebuild_when_valid` from
   their `clean()`, only once every other check (rate limit, daily limit, required fields)
   has passed, so a request that will be refused never pays for a decode. Decodes take turns
   across the machine (artworks.admission): a few at once, however many uploads arrive.

Artworks, avatars and banners all go through both steps (`UploadedImageField`, then
`rebuild_upload`); what is the artwork upload page's own (the browser's early checks, the
turn an upload waits for) is in artworks.images.

The cost of step 2 is bounded by per-format pixel ceilings and fast encoder settings, chosen
from measurements on the 2-core development machine (see ENCODER_OPTIONS and
ARTWORK_MAX_PIXELS_BY_FORMAT in config/settings/collective.py): the worst accepted upload
stays under 4 s of CPU and 600 MB.
"""

import io
import re
import uuid
import warnings
from dataclasses import dataclass

import filetype
import pillow_heif
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, ImageSequence

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from .image_messages import FORMAT_NAMES, MESSAGES

pillow_heif.register_heif_opener()

# Pillow's name for each accepted format -> (the name members know, format we store,
# extension). Phones' HEIC photos are stored as JPEG, which every browser and tool reads.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "JPEG", "jpg"),
    "PNG": ("PNG", "PNG", "png"),
    "GIF": ("GIF", "GIF", "gif"),
    "WEBP": ("WebP", "WEBP", "webp"),
    "AVIF": ("AVIF", "AVIF", "avif"),
    "HEIF": ("HEIC", "JPEG", "jpg"),
}
# The order Pillow tries them in: AVIF before HEIF, whose plugin also claims "mif1" files.
ACCEPTED_PILLOW_FORMATS = list(ACCEPTED_FORMATS)
ACCEPTED_EXTENSIONS = {"jpg", "jpeg", "png", "apng", "gif", "webp", "avif", "heic", "heif"}
# Formats whose animations we keep (as animations of the same format).
ANIMATED_FORMATS = ("GIF", "WEBP")

# Encoder settings for the rebuilt file. Measured on this machine (2 cores) with noise-like
# content, the worst case for an encoder, decode + encode in CPU seconds and peak memory:
# - AVIF at libaom's default speed 6 costs 12.7 s for 8 MP (and 63 s, 1.9 GB for 60 MP);
#   speed 10 costs 2.2 s / 283 MB for 8 MP, 3.0 s / 408 MB for 12 MP, 4.2 s / 532 MB for
#   16 MP. In a gunicorn worker a 12 MP upload cost 4.8 s in all (bench/uploads.py): hence
#   speed 10 and an 8 MP ceiling for AVIF (2.2 s / 379 MB to rebuild).
# - WebP at the default method 4 costs 17 s and 1.3 GB for 40 MP; method 2 costs 2.2 s /
#   329 MB for 16 MP and 3.2 s / 480 MB for 24 MP; a 20 MP upload cost 4.8 s in a gunicorn
#   worker: hence method 2 and a 16 MP ceiling.
#   (Methods 0 and 1 fail on noise from 16 MP on: libwebp's "partition 0 overflow".)
# - JPEG (and HEIC stored as JPEG) costs 0.9 s / 303 MB for 60 MP, a still GIF 1.1 s.
# - PNG with zlib level 1 costs 5.5 s / 289 MB for a 60 MP PNG of 24.6 MB (level 6, Pillow's
#   default, 19 s for a 100 MB one; zlib's faster strategies save under 15 %): hence level 1
#   and a 40 MP ceiling for PNG.
ENCODER_OPTIONS = {
    "JPEG": {"quality": 92},
    "PNG": {"compress_level": 1},
    "GIF": {},
    "WEBP": {"quality": 92, "method": 2},
    "AVIF": {"quality": 90, "speed": 10},
}
# Animations are re-encoded a little lighter: a WebP animation at quality 92 can come out
# three times the size of the file uploaded.
ANIMATION_OPTIONS = {"WEBP": {"quality": 80, "method": 2}, "GIF": {}}

SRGB_PROFILE = ImageCms.createProfile("sRGB")


def megapixels(pixels):
    return f"{round(pixels / 1_000_000, 1):g}"


def format_pixel_limits():
    """Lower ceilings for formats whose encoders are slow: {"WebP": 20_000_000, …}."""
    general = settings.ARTWORK_MAX_IMAGE_PIXELS
    return {
        ACCEPTED_FORMATS[name][0]: limit
        for name, limit in settings.ARTWORK_MAX_PIXELS_BY_FORMAT.items()
        if name in ACCEPTED_FORMATS and limit < general
    }


def upload_limits_text():
    values = {
        "formats": FORMAT_NAMES,
        "size": filesizeformat(settings.ARTWORK_MAX_UPLOAD_SIZE),
        "megapixels": settings.ARTWORK_MAX_IMAGE_PIXELS // 1_000_000,
    }
    lower = format_pixel_limits()
    if not lower:
        return gettext("%(formats)s; up to %(size)s and %(megapixels)s megapixels.") % values
    values["lower"] = ", ".join(f"{name} {megapixels(n)}" for name, n in lower.items())
    return (
        gettext("%(formats)s; up to %(size)s and %(megapixels)s megapixels (%(lower)s).") % values
    )


def too_many_pixels(max_pixels, total_pixels=None, format_name=None):
    limit = max_pixels // 1_000_000
    found = (
        f"{total_pixels / 1_000_000:.1f}"
        if total_pixels
        else gettext("more than %(limit)s") % {"limit": limit}
    )
    return ValidationError(
        too_many_pixels_message(max_pixels, found, format_name), code="file_too_many_pixels"
    )


def too_many_pixels_message(max_pixels, found, format_name=None):
    """The refusal of an image of `found` megapixels (a number written as text), over
    `max_pixels`, the limit of its format `format_name` when that format has its own."""
    limit = max_pixels // 1_000_000
    if format_name:
        message = MESSAGES["too_many_pixels_for_format"] % {
            "megapixels": found,
            "limit": megapixels(max_pixels),
            "format": format_name,
            "general": settings.ARTWORK_MAX_IMAGE_PIXELS // 1_000_000,
            "others": _joined(
                name
                for name, _stored, _extension in ACCEPTED_FORMATS.values()
                if name not in format_pixel_limits() and name != format_name
            ),
        }
    else:
        message = MESSAGES["too_many_pixels"] % {"megapixels": found, "limit": limit}
    return message


def _joined(names):
    return get_text_list(list(dict.fromkeys(names)), gettext("and"))


@dataclass(frozen=True)
class Header:
    """What the header of an upload says, read without decoding a pixel."""

    format: str  # Pillow's name, a key of ACCEPTED_FORMATS
    width: int
    height: int
    frames: int

    @property
    def pixels(self):
        """Every frame counted: Willow counts one for an animated GIF, and each frame of an
        animation is decoded to the full canvas."""
        return self.width * self.height * self.frames


def read_header(file):
    """The format, size and frame count of an upload, from its header alone; raises a
    ValidationError that says why for anything we would refuse. Cheap: no pixel is decoded
    (for GIF the frames are counted by skipping over their data)."""
    file.seek(0)
    try:
        with _open(file, None) as image:
            header = Header(image.format, image.width, image.height, getattr(image, "n_frames", 1))
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise too_many_pixels(settings.ARTWORK_MAX_IMAGE_PIXELS) from None
    except PILImage.UnidentifiedImageError:
        file.seek(0)
        raise unrecognised(file.read(262)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as error:
        raise ValidationError(MESSAGES["damaged"], code="damaged_image") from error
    finally:
        file.seek(0)
    if header.frames > 1 and header.format == "AVIF":
        raise ValidationError(MESSAGES["animated_avif"], code="animated_avif")
    if header.frames > 1 and header.format == "PNG":
        raise ValidationError(MESSAGES["animated_png"], code="animated_png")
    general = settings.ARTWORK_MAX_IMAGE_PIXELS
    if header.pixels > general:
        raise too_many_pixels(general, header.pixels)
    format_limit = settings.ARTWORK_MAX_PIXELS_BY_FORMAT.get(header.format, general)
    if header.pixels > format_limit:
        raise too_many_pixels(format_limit, header.pixels, ACCEPTED_FORMATS[header.format][0])
    return header


def unrecognised(start):
    """The error for a file Pillow does not read as one of our formats: named when its first
    bytes show a format we do not take (TIFF, PSD, PDF…), else "not an image"."""
    extension = filetype.guess_extension(start)
    if extension is None and re.match(rb"\s*<(\?xml|svg|!doctype svg)", start, re.IGNORECASE):
        extension = "svg"
    if extension and extension not in ACCEPTED_EXTENSIONS:
        return ValidationError(
            MESSAGES["unsupported_format"] % {"format": extension.upper(), "formats": FORMAT_NAMES},
            code="invalid_image_known_format",
        )
    return ValidationError(MESSAGES["invalid_image"], code="invalid_image")


class UploadedImageField(WagtailImageField):
    """An image upload (a work's, an avatar, a banner) checked by its content alone and
    cheaply: the size in bytes, then the header (`read_header`). The expensive cleaning
    (`rebuild_upload`) is left to the form, which runs it once everything else is valid
    (artworks.images.rebuild_when_valid); the cleaned file is then the upload's `.rebuilt`."""

    default_validators = []  # Wagtail's default checks the name's extension.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out when shown: in the reader's language, with the limits of the moment.
        self.help_text = lazy(upload_limits_text, str)()
        self.error_messages["invalid_image"] = MESSAGES["invalid_image"]
        self.error_messages["empty"] = _("This file is empty. Choose an image file.")

    # The limits are read from settings when a file is checked, not when the form class is
    # defined, so a change of settings applies at once.
    @property
    def max_upload_size(self):
        return settings.ARTWORK_MAX_UPLOAD_SIZE

    @max_upload_size.setter
    def max_upload_size(self, value):
        pass

    @property
    def max_image_pixels(self):
        return settings.ARTWORK_MAX_IMAGE_PIXELS

    @max_image_pixels.setter
    def max_image_pixels(self, value):
        pass

    def check_image_file_size(self, f):
        if f.size > self.max_upload_size:
            raise ValidationError(
                MESSAGES["too_large"]
                % {"size": filesizeformat(f.size), "limit": filesizeformat(self.max_upload_size)},
                code="file_too_large",
            )

    def to_python(self, data):
        # Django's FileField checks (empty, name): Wagtail's and Django's image fields would
        # open the file with Willow or Pillow to verify it, which for some formats decodes it.
        f = forms.FileField.to_python(self, data)
        if f is None:
            return None
        self.check_image_file_size(f)
        f.header = read_header(f)
        f.rebuilt = None
        return f


def _open(file, pillow_format):
    """Open (read the header of) an image; Pillow's own bomb warning becomes an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        formats = [pillow_format] if pillow_format else ACCEPTED_PILLOW_FORMATS
        return PILImage.open(file, formats=formats)


def _to_srgb(frame):
    """Convert pixels to sRGB when the file embeds a colour profile, so dropping the profile
    keeps the colours the artist saw."""
    icc = frame.info.get("icc_profile")
    if not icc or frame.mode not in ("RGB", "RGBA", "L", "CMYK"):
        return frame
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if frame.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(frame, source, SRGB_PROFILE, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return frame


def _pixels_only(frame, stored_format):
    """The decoded frame with everything but its pixels forgotten: the encoder then writes
    the raster and nothing else (no EXIF, XMP, colour profile, comment or text chunk, all of
    which Pillow would otherwise carry over from `info`). Bytes that were never part of the
    image (a ZIP or HTML appended, a comment segment) were never decoded in the first place.
    The pixels themselves are not copied: for a 24 MP photo a copy costs as much as half a
    decode."""
    if stored_format == "JPEG" and frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    elif frame.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        frame = frame.convert("RGBA" if "A" in frame.getbands() else "RGB")
    transparency = frame.info.get("transparency") if frame.mode == "P" else None
    frame.info = {} if transparency is None else {"transparency": transparency}
    frame._exif = None  # the parsed EXIF Pillow caches on the image
    return frame


def rebuild_upload(file, header):
    """Decode the upload completely and return a ContentFile of a freshly encoded image under
    a generated name. Raises ValidationError for anything that cannot be decoded (or encoded)
    in full, and for an animation whose clean copy would be over the size limit."""
    pillow_format = header.format
    _pillow_name, stored_format, extension = ACCEPTED_FORMATS[pillow_format]
    animated = header.frames > 1 and stored_format in ANIMATED_FORMATS
    file.seek(0)
    try:
        with _open(file, pillow_format) as source:
            if animated:
                frames, durations = [], []
                for frame in ImageSequence.Iterator(source):
                    frames.append(_pixels_only(frame.convert("RGBA"), stored_format))
                    durations.append(frame.info.get("duration", 100))
                options = {
                    **ANIMATION_OPTIONS[stored_format],
                    "save_all": True,
                    "append_images": frames[1:],
                    "duration": durations,
                    "loop": source.info.get("loop", 0),
                }
                if stored_format == "GIF":
                    options["disposal"] = 2
            else:
                source.load()
                # Turned upright in place, without a copy of the pixels.
                ImageOps.exif_transpose(source, in_place=True)
                frames = [_pixels_only(_to_srgb(source), stored_format)]
                options = dict(ENCODER_OPTIONS[stored_format])
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise too_many_pixels(settings.ARTWORK_MAX_IMAGE_PIXELS) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
        raise ValidationError(MESSAGES["damaged"], code="damaged_image") from error

    data = _encode(frames[0], stored_format, options)
    limit = settings.ARTWORK_MAX_UPLOAD_SIZE
    if animated and len(data) > limit:
        # Encoders may write an animation much bigger than the file uploaded (frames each
        # written whole, or at a higher quality); it would be a burden to every visitor.
        raise ValidationError(
            MESSAGES["animation_too_large"]
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
            code="animation_too_large",
        )
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


def _encode(image, stored_format, options):
    output = io.BytesIO()
    try:
        image.save(output, stored_format, **options)
    except (OSError, ValueError, MemoryError) as error:
        # libwebp refuses some images at its fastest settings ("partition 0 overflow").
        raise ValidationError(MESSAGES["not_encodable"], code="not_encodable") from error
    return output.getvalue()
