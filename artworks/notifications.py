"""Telling artists where their work stands: an email when a moderator publishes or hides it."""

import logging

from django_tasks import task

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Site

from .models import Artwork, artwork_status_changed

logger = logging.getLogger(__name__)

# A moderator's decisions the artist hears about, with the email's template.
DECISION_TEMPLATES = {
    Artwork.Status.PUBLISHED: "artworks/email/published",
    Artwork.Status.HIDDEN: "artworks/email/hidden",
}


def site_root_url():
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL


@task()
def email_artist_about_decision(artwork_id, status):
    """Sent after the decision commits (from the task worker in production). A work deleted
    or decided again meanwhile gets no stale email."""
    artwork = Artwork.objects.select_related("artist").filter(pk=artwork_id).first()
    if artwork is None or artwork.status != status or not artwork.artist.email:
        return
    root = site_root_url()
    context = {
        "artwork": artwork,
        "member": artwork.artist,
        "artwork_url": root + artwork.get_absolute_url(),
        "my_artworks_url": root + reverse("my_artworks"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    template = DECISION_TEMPLATES[status]
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[artwork.artist.email],
    )


@receiver(artwork_status_changed, sender=Artwork)
def tell_artist(sender, artwork, previous_status, **kwargs):
    if artwork.status in DECISION_TEMPLATES:
        transaction.on_commit(
            lambda: email_artist_about_decision.enqueue(artwork.pk, artwork.status), robust=True
        )
