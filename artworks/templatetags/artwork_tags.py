from django import template
from django.utils.http import urlencode

from artworks.models import GalleryPage

register = template.Library()


@register.simple_tag
def tag_url(tag):
    """The gallery filtered to one tag."""
    return f"{GalleryPage.cached_url()}?{urlencode({'tag': tag.slug})}"


@register.simple_tag
def gallery_url():
    return GalleryPage.cached_url()
