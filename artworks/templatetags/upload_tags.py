from django import template

from artworks.images import browser_upload_limits

register = template.Library()


@register.simple_tag
def upload_limits():
    """The server's upload limits for the upload form's data attributes:
    `{% upload_limits as limits %}` then `data-max-bytes="{{ limits.max_bytes }}"`."""
    return browser_upload_limits()
