from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting, register_setting


@register_setting(icon="tasks")
class ReviewSettings(BaseSiteSetting):
    """Whether new uploads wait for a moderator before they are public. Off by default: a
    young collective trusts its members, and editors switch review on when they need it."""

    review_new_uploads = models.BooleanField(
        _("Review new uploads before publishing"),
        default=False,
        help_text=_(
            "When on, a newly uploaded work is not public until a moderator publishes it. "
            "Its artist sees it as “Awaiting review”, and is emailed when it is published or "
            "hidden."
        ),
    )

    panels = [FieldPanel("review_new_uploads")]

    class Meta:
        verbose_name = _("Review before publishing")


class SigningCertificatePanel(HelpPanel):
    """The signing certificate's subject and expiry, read from the configured chain each time
    the settings are opened: read-only, as the keys live in files the operator installs (see
    README "Content Credentials"), not in the database."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            from core.provenance import certificate_summary, keys_problem

            super().__init__(**kwargs)
            self.content = render_to_string(
                "artworks/admin/signing_certificate.html",
                {"certificate": certificate_summary(), "problem": keys_problem()},
            )


@register_setting(icon="doc-full")
class ContentCredentialsSettings(BaseGenericSetting):
    """Whether the rendition task signs Content Credentials into the large renditions
    (artworks.credentials). On by default; switching it off leaves new renditions unsigned
    (those already signed stay signed) — for an expired or compromised certificate, until a
    new one is installed."""

    sign_renditions = models.BooleanField(
        _("Sign renditions"),
        default=True,
        help_text=_(
            "When on, the large images of every new or re-made work carry signed Content "
            "Credentials naming the artist and the licence, and refusing AI training unless "
            "the artist allowed it for the work. Turn off only while the signing certificate "
            "is being replaced."
        ),
    )

    panels = [
        SigningCertificatePanel(heading=_("Signing certificate")),
        FieldPanel("sign_renditions"),
    ]

    class Meta:
        verbose_name = _("Content Credentials")
