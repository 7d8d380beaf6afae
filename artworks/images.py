"""The artwork upload's own side of image cleaning (core.image_cleaning does the cleaning
itself, for artworks, avatars and banners alike): the decode waits for a turn among the
machine's uploads and for a short rendition queue (artworks.admission), and the upload page's
script is told the limits so that the browser refuses what the server would.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from core.image_cleaning import (
    ACCEPTED_FORMATS,
    FORMAT_NAMES,
    rebuild_upload,
    too_many_pixels_message,
)
from core.low_priority import LowPriorityThreads

from .admission import upload_admitted

#: Where uploads are decoded and rebuilt: below visitors' pages in the CPU's order (see
#: core.low_priority), one thread a process for each decode the machine allows at once.
DECODING = LowPriorityThreads(settings.UPLOAD_PROCESSING_SLOTS, settings.UPLOAD_DECODE_NICENESS)


def rebuild_when_valid(form, field_name):
    """From a form's `clean()`: decode and rebuild the upload in `field_name` only if the
    form has no error so far, so that a request refused for another reason (a missing alt
    text, a limit) costs no decode. A file that fails becomes an error on its field.

    The decode waits for its turn among the machine's uploads (artworks.admission), which
    bounds the CPU and memory uploads take however many arrive at once; when no turn comes in
    time it raises UploadsBusy, with nothing decoded or stored. It then runs at a lower CPU
    priority than the pages visitors are waiting for (DECODING)."""
    upload = form.cleaned_data.get(field_name)
    if not upload or form.errors:
        return
    try:
        with upload_admitted():
            upload.rebuilt = DECODING.run(rebuild_upload, upload, upload.header)
    except ValidationError as error:
        form.add_error(field_name, error)
    finally:
        upload.seek(0)


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
        "pixel_limits": json.dumps(browser_pixel_limits()),
        "max_bytes": settings.ARTWORK_MAX_UPLOAD_SIZE,
        "max_size": filesizeformat(settings.ARTWORK_MAX_UPLOAD_SIZE),
        "extensions": ",".join(extensions),
        "mime_types": ",".join(mime_types),
        "format_names": FORMAT_NAMES,
    }


# Pillow's name for each accepted format -> the extensions and MIME types a browser may report
# for it, so the browser's pixel check applies the format's own limit.
BROWSER_FORMAT_NAMES = {
    "JPEG": ["jpg", "jpeg", "image/jpeg"],
    "PNG": ["png", "apng", "image/png"],
    "GIF": ["gif", "image/gif"],
    "WEBP": ["webp", "image/webp"],
    "AVIF": ["avif", "image/avif"],
    "HEIF": ["heic", "heif", "image/heic", "image/heif"],
}
#: Where the browser writes the image's megapixels into the server's own sentence.
MEGAPIXELS_PLACEHOLDER = "{megapixels}"


def browser_pixel_limits():
    """The pixel limits for the browser's check before sending: {"default": [limit,
    message], "image/webp": [limit, message], "webp": …}, each message the server's own
    refusal with MEGAPIXELS_PLACEHOLDER where the image's megapixels go. (The browser sees
    one frame of an animation; the server counts them all.)"""
    general = settings.ARTWORK_MAX_IMAGE_PIXELS
    limits = {"default": [general, too_many_pixels_message(general, MEGAPIXELS_PLACEHOLDER)]}
    for pillow_format, names in BROWSER_FORMAT_NAMES.items():
        limit = settings.ARTWORK_MAX_PIXELS_BY_FORMAT.get(pillow_format, general)
        if limit >= general:
            continue
        message = too_many_pixels_message(
            limit, MEGAPIXELS_PLACEHOLDER, ACCEPTED_FORMATS[pillow_format][0]
        )
        limits.update(dict.fromkeys(names, [limit, message]))
    return limits
