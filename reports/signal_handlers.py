from django.dispatch import receiver

from artworks.models import Artwork
from artworks.moderation import MODERATOR_DECISIONS, artwork_decided

from .models import resolve_reports


@receiver(artwork_decided, sender=Artwork, dispatch_uid="reports-resolve-on-decision")
def resolve_reports_on_decision(sender, artwork, by, **kwargs):
    """Publishing or hiding a work (a held one, or one with open reports) is the moderator's
    answer to its reports, so they are resolved with it, in the moderator's name."""
    if artwork.status in MODERATOR_DECISIONS and by is not None:
        resolve_reports(artwork.reports.all(), by)
