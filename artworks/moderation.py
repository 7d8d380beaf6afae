"""
Every decision about whether the public may see an artwork, in one place.

The admin's edit form (ArtworkEditAction), the bulk actions, the automatic hold after reports
and a member's edit that sends published work back to review all call `decide()`. It locks the
row, saves the new status and note, and writes Wagtail's audit log (the artwork's History and
Reports → Site history show who decided what, with the note). Saving moves the public cache
on (signal_handlers); the artist's email and the resolution of reports listen to
`artwork_decided`, which names who decided: nothing is passed between apps by setting
attributes on the artwork.
"""

from django.db import transaction
from django.dispatch import Signal

from core.decisions import record_decision

from .locking import lock_artist_of
from .models import Artwork, ArtworkImage
from .tasks import rename_renditions

#: Sent inside the deciding transaction: `artwork`, `previous_status`, `note` and `by` (the
#: moderator, the artist who sent work back to review, or None when the site decided itself).
artwork_decided = Signal()

#: The audit log's action for each status (labels: wagtail_hooks.register_moderation_log).
LOG_ACTIONS = {
    Artwork.Status.PUBLISHED: "artworks.publish",
    Artwork.Status.HIDDEN: "artworks.hide",
    Artwork.Status.HELD: "artworks.hold",
    Artwork.Status.AWAITING_REVIEW: "artworks.await_review",
}

#: What only a moderator may decide: a member never publishes their own held or hidden work.
MODERATOR_DECISIONS = (Artwork.Status.PUBLISHED, Artwork.Status.HIDDEN)


def decide(artwork, status, *, by, note=""):
    """Give `artwork` the status `status` (publishing clears the note: it explains why work
    is not public). Returns the artwork as saved. Deciding what is already so is still
    recorded: publishing a reported work that was never held answers its reports."""
    status = Artwork.Status(status)
    if status == Artwork.Status.PUBLISHED:
        note = ""
    with transaction.atomic():
        # The artist's row before the work's, as every path takes them (artworks.locking).
        lock_artist_of(artwork)
        previous_status = record_decision(
            artwork,
            status,
            by=by,
            note=note,
            log_actions=LOG_ACTIONS,
            update_fields=["updated_at"],
        )
        artwork_decided.send(
            sender=Artwork, artwork=artwork, previous_status=previous_status, note=note, by=by
        )
        was_public = previous_status == Artwork.Status.PUBLISHED
        if artwork.artist_active and was_public != (status == Artwork.Status.PUBLISHED):
            public_images_changed(images_of([artwork.pk]))
    return artwork


def images_of(artwork_ids):
    """The ids of every image of these works: their main images and their extra images,
    which leave and return to public view with them."""
    artworks = Artwork.objects.filter(pk__in=artwork_ids)
    extras = ArtworkImage.objects.filter(artwork__in=artworks)
    return [
        *artworks.values_list("image_id", flat=True),
        *extras.values_list("image_id", flat=True),
    ]


def public_images_changed(image_ids):
    """These images have just left public view, or come back to it: once the decision is
    committed, their renditions move to new addresses (tasks.rename_renditions), so that an
    address someone saw or shared while the work was public stops working at once."""
    image_ids = [image_id for image_id in image_ids if image_id is not None]
    if image_ids:
        transaction.on_commit(lambda: rename_renditions.enqueue(image_ids), robust=True)
