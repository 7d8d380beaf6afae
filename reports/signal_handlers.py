from django.dispatch import receiver

from artworks.models import Artwork, artwork_status_changed

from .models import resolve_reports

#: A moderator's decisions on a work, which answer every report about it.
DECISIONS = (Artwork.Status.PUBLISHED, Artwork.Status.HIDDEN)


@receiver(artwork_status_changed, sender=Artwork, dispatch_uid="reports-resolve-on-decision")
def resolve_reports_on_decision(sender, artwork, previous_status, **kwargs):
    """Publishing or hiding a work (a held one, or one with open reports) is the moderator's
    answer to its reports, so they are resolved with it. The admin's edit view and the
    artworks' bulk actions set `decided_by` on the artwork they save."""
    if artwork.status in DECISIONS:
        resolve_reports(artwork.reports.all(), getattr(artwork, "decided_by", None))
