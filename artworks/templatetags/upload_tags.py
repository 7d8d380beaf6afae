from django import template

from artworks.images import browser_upload_limits
from artworks.models import MAX_EXTRA_IMAGES
from artworks.uploads import TOO_MANY_FILES_FOR_ONE_WORK

register = template.Library()


@register.simple_tag
def upload_limits():
    """The server's upload limits for the upload form's data attributes:
    `{% upload_limits as limits %}` then `data-max-bytes="{{ limits.max_bytes }}"`. With them,
    how many more images one work holds and the refusal of more files than that."""
    return {
        **browser_upload_limits(),
        "max_extra_images": MAX_EXTRA_IMAGES,
        "too_many_for_one_work": TOO_MANY_FILES_FOR_ONE_WORK,
    }
