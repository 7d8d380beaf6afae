from django import template

from ..models import ExhibitionPage

register = template.Library()


@register.simple_tag
def exhibitions_showing(artwork):
    """The live, public exhibitions that show `artwork`, the latest first (one query)."""
    return list(
        ExhibitionPage.objects.live()
        .public()
        .filter(exhibited_artworks__artwork=artwork)
        .order_by("-opens_on", "title")
    )
