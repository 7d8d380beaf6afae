"""
What happens to an uploaded file before it joins Wagtail's image library.

Wagtail's image field recognises the format from the file's content; ArtworkImageField keeps
that check and drops the ones that trust the uploaded name. `rebuild_upload` then decodes the
whole image with Pillow (a truncated file fails here, not in a visitor's request), applies
the EXIF orientation and writes a new file from the pixels alone: no EXIF, XMP, GPS, comment
or bytes appended after the image survive, and renditions made from it are clean too.
"""

import io
import uuid
import warnings

import pillow_heif
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, ImageSequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from wagtail.images.fields import WagtailImageField

pillow_heif.register_heif_opener()

# Willow's name for each accepted format -> (Pillow's decoder, format we store, extension).
# Phones' HEIC photos are stored as JPEG, which every browser and tool reads.
ACCEPTED_FORMATS = {
    "jpeg": ("JPEG", "JPEG", "jpg"),
    "png": ("PNG", "PNG", "png"),
    "gif": ("GIF", "GIF", "gif"),
    "webp": ("WEBP", "WEBP", "webp"),
    "avif": ("AVIF", "AVIF", "avif"),
    "heic": ("HEIF", "JPEG", "jpg"),
}
ACCEPTED_PILLOW_FORMATS = [decoder for decoder, _, _ in ACCEPTED_FORMATS.values()]
FORMAT_NAMES = "JPEG, PNG, GIF, WebP, AVIF or HEIC"

MESSAGES = {
    "invalid_image": f"This file is not an image we can read. Upload a {FORMAT_NAMES} image.",
    "unsupported_format": f"%(format)s files are not accepted. Upload a {FORMAT_NAMES} image.",
    "damaged": "This image file is damaged or incomplete. Export it again and upload the new file.",
    "too_many_pixels": (
        "This image is too large (%(megapixels)s megapixels). The limit is %(limit)s megapixels."
    ),
    "too_large": "This file is too big (%(size)s). The limit is %(limit)s.",
}

SRGB_PROFILE = ImageCms.createProfile("sRGB")


def upload_limits_text():
    size = filesizeformat(settings.ARTWORK_MAX_UPLOAD_SIZE)
    megapixels = settings.ARTWORK_MAX_IMAGE_PIXELS // 1_000_000
    return f"{FORMAT_NAMES}; up to {size} and {megapixels} megapixels."


def too_many_pixels(max_pixels, total_pixels=None):
    limit = max_pixels // 1_000_000
    found = f"{total_pixels / 1_000_000:.1f}" if total_pixels else f"more than {limit}"
    return ValidationError(
        MESSAGES["too_many_pixels"] % {"megapixels": found, "limit": limit},
        code="file_too_many_pixels",
    )


class ArtworkImageField(WagtailImageField):
    """Wagtail's image field, deciding by content alone: the format Willow reads from the
    bytes must be one we accept; the uploaded name and Content-Type play no part."""

    default_validators = []  # Wagtail's default checks the name's extension.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = upload_limits_text()
        self.error_messages["invalid_image"] = MESSAGES["invalid_image"]
        self.error_messages["empty"] = "This file is empty. Choose an image file."

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

    def check_image_file_format(self, f):
        if f.image.format_name not in ACCEPTED_FORMATS:
            raise ValidationError(
                MESSAGES["unsupported_format"] % {"format": f.image.format_name.upper()},
                code="invalid_image_known_format",
            )

    def check_image_file_size(self, f):
        if f.size > self.max_upload_size:
            raise ValidationError(
                MESSAGES["too_large"]
                % {"size": filesizeformat(f.size), "limit": filesizeformat(self.max_upload_size)},
                code="file_too_large",
            )

    def check_image_pixel_size(self, f):
        """Done without decoding: check_declared_size reads the header before Wagtail's checks
        (Wagtail's own check decodes every pixel, twice, to learn the size), and
        rebuild_upload counts every frame of an animation before decoding any."""

    def check_declared_size(self, data):
        """Refuse an image whose header declares more pixels than the limit before anything
        decodes it: Willow loads every pixel just to report the size."""
        if not hasattr(data, "seek"):
            return
        try:
            with _open(data, None) as header:
                declared = header.width * header.height
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            raise too_many_pixels(self.max_image_pixels) from None
        except Exception:  # noqa: BLE001 - not readable here; Willow decides and explains
            declared = 0
        finally:
            data.seek(0)
        if declared > self.max_image_pixels:
            raise too_many_pixels(self.max_image_pixels, declared)

    def to_python(self, data):
        if data:
            self.check_declared_size(data)
        try:
            f = super().to_python(data)
        except (OSError, SyntaxError, EOFError) as error:
            # Willow reads enough of a truncated file to size it, then Pillow fails.
            raise ValidationError(MESSAGES["damaged"], code="damaged_image") from error
        if f is None:
            return None
        try:
            f.rebuilt = rebuild_upload(f, f.image.format_name, self.max_image_pixels)
        finally:
            f.seek(0)
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


def rebuild_upload(file, willow_format, max_pixels):
    """Decode the upload completely and return a ContentFile of a freshly encoded image under
    a generated name. Raises ValidationError for anything that cannot be decoded in full."""
    pillow_format, stored_format, extension = ACCEPTED_FORMATS[willow_format]
    file.seek(0)
    try:
        with _open(file, pillow_format) as source:
            frame_count = getattr(source, "n_frames", 1)
            total_pixels = source.width * source.height * frame_count
            if total_pixels > max_pixels:
                # Counts every frame: Willow counts one for an animated GIF.
                raise too_many_pixels(max_pixels, total_pixels)
            if frame_count > 1 and stored_format in ("GIF", "WEBP", "PNG"):
                frames, durations = [], []
                for frame in ImageSequence.Iterator(source):
                    frames.append(_pixels_only(frame.convert("RGBA"), stored_format))
                    durations.append(frame.info.get("duration", 100))
                options = {
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
                options = {}
    except ValidationError:
        raise
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise too_many_pixels(max_pixels) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
        raise ValidationError(MESSAGES["damaged"], code="damaged_image") from error

    if stored_format == "JPEG":
        # No optimize=True: a second pass over a 24 MP photo for a few percent of its size.
        options.update(quality=92)
    elif stored_format == "WEBP":
        options.update(quality=92)
    elif stored_format == "AVIF":
        options.update(quality=90)
    output = io.BytesIO()
    frames[0].save(output, stored_format, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


# The MIME types browsers report for each extension we accept. Only the browser's early check
# uses them, to spare a member a wasted upload: the server still decides by content.
EXTENSION_MIME_TYPES = {
    "jpg": ["image/jpeg"],
    "jpeg": ["image/jpeg"],
    "png": ["image/png"],
    "gif": ["image/gif"],
    "webp": ["image/webp"],
    "avif": ["image/avif"],
    "heic": ["image/heic", "image/heif"],
}


def browser_upload_limits():
    """The limits the server enforces, in the form the upload page's script reads them
    (rendered as data attributes), so the browser refuses what the server would refuse."""
    extensions = [ext for ext in settings.WAGTAILIMAGES_EXTENSIONS if ext in EXTENSION_MIME_TYPES]
    mime_types = dict.fromkeys(mime for ext in extensions for mime in EXTENSION_MIME_TYPES[ext])
    return {
        "max_bytes": settings.ARTWORK_MAX_UPLOAD_SIZE,
        "max_size": filesizeformat(settings.ARTWORK_MAX_UPLOAD_SIZE),
        "extensions": ",".join(extensions),
        "mime_types": ",".join(mime_types),
        "format_names": FORMAT_NAMES,
    }
