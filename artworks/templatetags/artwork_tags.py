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


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """The URL as an absolute one (media on another origin already is)."""
    return context["request"].build_absolute_uri(url)
