"""What a member reads when an upload is refused (core.image_cleaning), in their language:
the messages are translated when they are shown, not when the module is imported."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# The list's "or" is a word too: translated with the rest.
FORMAT_NAMES = _("JPEG, PNG, GIF, WebP, AVIF or HEIC")


def with_format_names(message):
    """`message` with the accepted formats named in it (`%(formats)s`), translated when it
    is shown rather than when this module is imported."""
    return lazy(lambda: message % {"formats": FORMAT_NAMES}, str)()


MESSAGES = {
    "invalid_image": with_format_names(
        _("This file is not an image we can read. Upload a %(formats)s image.")
    ),
    # Filled in by `unrecognised`, with the format found and the formats accepted.
    "unsupported_format": _("%(format)s files are not accepted. Upload a %(formats)s image."),
    "damaged": _(
        "This image file is damaged or incomplete. Export it again and upload the new file."
    ),
    "too_many_pixels": _(
        "This image is too large (%(megapixels)s megapixels). The limit is %(limit)s megapixels."
    ),
    "too_many_pixels_for_format": _(
        "This image is too large (%(megapixels)s megapixels). The limit is %(limit)s megapixels "
        "for %(format)s images; %(others)s images may have up to %(general)s."
    ),
    "animated_avif": _(
        "Animated AVIF is not supported. Upload a still image, or the animation as a GIF or "
        "WebP file."
    ),
    "animated_png": _(
        "Animated PNG (APNG) is not supported. Upload a still PNG, or the animation as a GIF "
        "or WebP file."
    ),
    "too_large": _("This file is too big (%(size)s). The limit is %(limit)s."),
    "animation_too_large": _(
        "Once cleaned, this animation would be too big (%(size)s; the limit is %(limit)s). "
        "Export it with fewer or smaller frames and upload it again."
    ),
    "not_encodable": _(
        "We could not process this image. Export it again, as JPEG or PNG, and upload the new file."
    ),
}
