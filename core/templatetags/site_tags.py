import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """The URL as an absolute one (media on another origin already is)."""
    return context["request"].build_absolute_uri(url)


# What json.dumps leaves that could end a <script> element early.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, data):
    """Structured data for search engines, as a JSON-LD block with the page's CSP nonce."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        getattr(context["request"], "csp_nonce", ""),
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )
