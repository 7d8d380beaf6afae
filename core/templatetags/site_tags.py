from django import template
from django.conf import settings
from django.utils.html import conditional_escape

register = template.Library()


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME


@register.filter(is_safe=True)
def with_site_name(title):
    """A page's <title>: its own title, then the site's name, which appears exactly once (the
    home page, titled with the site's name, is not "Artist Collective · Artist Collective")."""
    name = conditional_escape(settings.WAGTAIL_SITE_NAME)
    title = " ".join(str(title).split())
    if not title:
        return name
    if name in title:
        return title
    return f"{title} · {name}"
