"""Telling artists where their work stands: an email when a moderator publishes or hides it,
and when reports hold it for a moderator."""

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Site

from .models import Artwork
from .moderation import artwork_decided

logger = logging.getLogger(__name__)

# The decisions the artist hears about, with the email's template. (Awaiting review is the
# artist's own doing: the edit page says so.)
DECISION_TEMPLATES = {
    Artwork.Status.PUBLISHED: "artworks/email/published",
    Artwork.Status.HIDDEN: "artworks/email/hidden",
    Artwork.Status.HELD: "artworks/email/held",
}


def site_root_url():
    """The site's public address for links in emails: WAGTAILADMIN_BASE_URL, which production
    reads from the environment (the default Site's hostname is often just "localhost")."""
    if settings.WAGTAILADMIN_BASE_URL:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


@task()
def email_artist_about_decision(artwork_id, status):
    """Sent after the decision commits (from the task worker in production). A work deleted
    or decided again meanwhile gets no stale email."""
    template = DECISION_TEMPLATES.get(status)
    artwork = Artwork.objects.select_related("artist").filter(pk=artwork_id).first()
    if template is None or artwork is None or artwork.status != status:
        return
    if not artwork.artist.email or not artwork.artist.is_active:
        return  # nobody to tell, or a deactivated member (whose work is not public anyway)
    root = site_root_url()
    context = {
        "artwork": artwork,
        "member": artwork.artist,
        "artwork_url": root + artwork.get_absolute_url(),
        "my_artworks_url": root + reverse("my_artworks"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    send_mail(
        # One line whatever the title holds (a line break would be a header injection).
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[artwork.artist.email],
    )


@receiver(artwork_decided, sender=Artwork, dispatch_uid="artworks-tell-artist")
def tell_artist(sender, artwork, previous_status, **kwargs):
    # The values now, not at commit: the work may change again in the same transaction (the
    # task then finds the status moved on and sends nothing).
    artwork_id, status = artwork.pk, artwork.status
    if status != previous_status and status in DECISION_TEMPLATES:
        transaction.on_commit(
            lambda: email_artist_about_decision.enqueue(artwork_id, status), robust=True
        )
