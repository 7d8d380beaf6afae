"""The artwork page's Content Credentials: the panel that shows what its signed large image
says, and the <link rel="c2pa-manifest"> that points crawlers at that image."""

from django import template
from django.utils.translation import gettext_lazy as _

from artworks.credentials import panel_credentials, signed_page_rendition
from artworks.rights import LICENCE_URLS

register = template.Library()

#: What the IPTC digital source type in the manifest says about AI, in words.
AI_USE = {
    "trainedAlgorithmicMedia": _("Made with generative AI"),
    "compositeWithTrainedAlgorithmicMedia": _("Generative AI was one part of it"),
    "digitalCapture": _("None (a photograph or scan of the work)"),
    "digitalCreation": _("None (made with digital tools)"),
}
#: A Creative Commons deed's address, by its name (the manifest holds the address).
LICENCE_NAMES = {url: licence.label for licence, url in LICENCE_URLS.items()}


@register.inclusion_tag("includes/content_credentials.html")
def content_credentials(artwork):
    """The panel, or nothing when the page's large image carries no credentials (not made
    yet, signing off or without keys)."""
    credentials = panel_credentials(artwork)
    if credentials:
        credentials = {
            **credentials,
            "ai_use": AI_USE.get(credentials["source_type"], _("Not declared")),
            "licence": LICENCE_NAMES.get(credentials["licence"], credentials["licence"]),
        }
    return {"credentials": credentials}


@register.simple_tag
def c2pa_manifest_url(artwork):
    """The address of the signed large image, whose embedded manifest holds the work's
    credentials, or "" while there is none."""
    rendition = signed_page_rendition(artwork)
    return rendition.url if rendition else ""
