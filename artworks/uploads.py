"""
Storing a member's artwork: the Wagtail image and the Artwork row are written together, or
neither is. A file is written to storage before the database commits, so if anything after
that fails the file is removed again: no orphan file, no half-saved row.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

from botocore.exceptions import BotoCoreError, ClientError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from core.images import delete_images

from . import moderation
from .locking import lock_artist_of
from .models import MAX_EXTRA_IMAGES, Artwork, ArtworkImage, images_uploaded_in_last_day_by
from .tasks import generate_avatar_renditions, generate_banner_renditions, generate_renditions

logger = logging.getLogger(__name__)


class UploadNotStored(Exception):
    """The file could not be written (a full disk, an unreachable bucket): nothing was kept."""


#: What storage raises when it cannot write or delete a file: the disk's OSError, and an
#: S3-compatible bucket's botocore errors (refused, unreachable, timed out), which are not
#: OSErrors.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

NOT_STORED_MESSAGE = gettext_lazy(
    "We could not store your file just now. Nothing was saved; please try again later."
)


def daily_limit_message():
    return gettext(
        "You have uploaded %(limit)d works in the last 24 hours, the daily limit. "
        "Please come back tomorrow."
    ) % {"limit": settings.ARTWORK_UPLOADS_PER_DAY}


def too_many_extra_images_message():
    return gettext(
        "This work has %(count)d more images already, the most it can have. "
        "Remove one before adding another."
    ) % {"count": MAX_EXTRA_IMAGES}


class Refusal(Enum):
    """Why an upload kept nothing, in the member's words."""

    DAILY_LIMIT = "daily_limit"
    TOO_MANY_EXTRA_IMAGES = "too_many_extra_images"
    NOT_STORED = "not_stored"

    @property
    def message(self):
        if self is Refusal.NOT_STORED:
            return str(NOT_STORED_MESSAGE)
        if self is Refusal.DAILY_LIMIT:
            return daily_limit_message()
        return too_many_extra_images_message()

    @property
    def field(self):
        """The form field the refusal is about: the file, or (None) the form as a whole."""
        return "image" if self is Refusal.NOT_STORED else None


@dataclass(frozen=True)
class UploadOutcome:
    """What became of one upload (save_new_artwork, save_artwork_changes, save_extra_image),
    for the view to show: what was `saved` (the Artwork, or the ArtworkImage), or the
    `refusal`, with nothing kept. A refusal is an answer the member reads, not an error, so it
    is returned rather than raised."""

    saved: Artwork | ArtworkImage | None = None
    refusal: Refusal | None = None


#: The upload page's refusal, in the browser before sending, of more files than one work holds
#: (the main image and MAX_EXTRA_IMAGES more); the script writes the count chosen into
#: FILES_CHOSEN_PLACEHOLDER.
FILES_CHOSEN_PLACEHOLDER = "{chosen}"
TOO_MANY_FILES_FOR_ONE_WORK = format_lazy(
    gettext_lazy(
        "One work holds at most {most} images: the main one and {more} more. You chose "
        "{chosen}: choose fewer files, or save them as separate works."
    ),
    most=MAX_EXTRA_IMAGES + 1,
    more=MAX_EXTRA_IMAGES,
    chosen=FILES_CHOSEN_PLACEHOLDER,
)


def daily_limit_reached(member):
    """Whether the member has uploaded the day's allowance of images: works and extra
    images count alike."""
    return images_uploaded_in_last_day_by(member) >= settings.ARTWORK_UPLOADS_PER_DAY


def lock_member(member):
    """Lock the member's row until the transaction ends: one member's uploads are counted
    and saved one at a time (PostgreSQL; SQLite's IMMEDIATE transactions take the database's
    write lock at their start, which serialises them already)."""
    get_user_model().objects.select_for_update().filter(pk=member.pk).values_list("pk").first()


MEMBER_UPLOADS_COLLECTION = "Member uploads"


def member_uploads_collection():
    """The image library collection for member uploads (made by a data migration; made again
    here if an editor has since deleted it)."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBER_UPLOADS_COLLECTION).first()
    return collection or root.add_child(name=MEMBER_UPLOADS_COLLECTION)


@contextmanager
def removing_files_on_failure():
    """Collects the storage names of files written inside the block; if the block raises,
    the files are deleted before the error goes on."""
    written = []
    try:
        yield written
    except BaseException:
        for stored_file in written:
            try:
                stored_file.storage.delete(stored_file.name)
            except STORAGE_ERRORS:
                logger.exception("Could not remove %s after a failed upload", stored_file.name)
        raise


def _new_image(member, title, rebuilt_file, written):
    image = get_image_model()(
        title=title,
        file=rebuilt_file,
        collection=member_uploads_collection(),
        uploaded_by_user=member,
    )
    # What Wagtail's own upload form records of a file, for its library's listing and for
    # finding duplicates (the width and height came with the file).
    image.file_size = rebuilt_file.size
    image.file_hash = hash_filelike(rebuilt_file)
    try:
        image.file.save(image.file.name, image.file.file, save=False)
    except STORAGE_ERRORS as error:
        logger.error("Could not store an upload: %s", error)
        raise UploadNotStored from error
    written.append(image.file)
    image.save()
    return image


def _after_save(image):
    if image is not None:
        transaction.on_commit(lambda: generate_renditions.enqueue(image.pk), robust=True)


def save_new_artwork(form, member, awaiting_review=False):
    """Create the image and the artwork from a valid ArtworkForm: an UploadOutcome with the
    work saved, or refused with nothing kept (the daily limit, a file storage would not
    take). With `awaiting_review` (editors have review switched on) the work is not public
    until a moderator publishes it."""
    try:
        with removing_files_on_failure() as written, transaction.atomic():
            # Counted under the member's lock: concurrent uploads cannot all pass a count
            # made before any of them was saved. The form counted too, to refuse before
            # decoding.
            lock_member(member)
            if daily_limit_reached(member):
                return UploadOutcome(refusal=Refusal.DAILY_LIMIT)
            artwork = form.save(commit=False)
            artwork.artist = member
            if awaiting_review:
                artwork.status = Artwork.Status.AWAITING_REVIEW
            artwork.image = _new_image(
                member, artwork.title, form.cleaned_data["image"].rebuilt, written
            )
            # Held by the unsaved work (ClusterableModel) and written with its row: one save,
            # so one index task and one move of the public version per upload.
            artwork.tags.set(form.cleaned_data["tags"])
            artwork.save()
            _after_save(artwork.image)
    except UploadNotStored:
        return UploadOutcome(refusal=Refusal.NOT_STORED)
    return UploadOutcome(saved=artwork)


#: What visitors read about a work: with review on, changing any of it (or the image) sends a
#: published work back to review, so nothing unreviewed is ever public.
PUBLIC_TEXT_FIELDS = {"title", "description", "alt_text", "tags"}


def save_artwork_changes(form, member, awaiting_review=False):
    """Save an edit; a new image replaces (and deletes) the old one in the same transaction.
    With `awaiting_review`, a published work whose image or public text changes waits for a
    moderator again (moderation.decide, in the artist's name): otherwise review could be
    passed by editing the work after publication. An UploadOutcome, as save_new_artwork's."""
    new_file = form.cleaned_data.get("image")
    public_change = bool(new_file) or bool(PUBLIC_TEXT_FIELDS & set(form.changed_data))
    try:
        artwork = _save_changes(form, member, new_file, awaiting_review and public_change)
    except UploadNotStored:
        return UploadOutcome(refusal=Refusal.NOT_STORED)
    return UploadOutcome(saved=artwork)


def _save_changes(form, member, new_file, review_if_published):
    with removing_files_on_failure() as written, transaction.atomic():
        lock_artist_of(form.instance)  # before the work's row (artworks.locking)
        # The work as it is now, read under a lock on its row: of two replacements at once,
        # the second waits and then deletes the image the first stored, not the one both saw
        # when their forms were shown (which would leave the first's an orphan); and a
        # moderator's decision made meanwhile stands.
        current = (
            Artwork.objects.select_for_update()
            .filter(pk=form.instance.pk)
            .values("image_id", "status", "moderation_note")
            .get()
        )
        artwork = form.save(commit=False)
        artwork.status, artwork.moderation_note = current["status"], current["moderation_note"]
        old_image_id = None
        if new_file:
            old_image_id = current["image_id"]
            artwork.image = _new_image(member, artwork.title, new_file.rebuilt, written)
        else:
            artwork.image_id = current["image_id"]  # not the image this form was shown with
        artwork.tags.set(form.cleaned_data["tags"])
        artwork.save()
        if old_image_id is not None:
            # Wagtail removes its file and its renditions' files once this commits.
            delete_images([old_image_id])
        elif artwork.image.title != artwork.title:
            artwork.image.title = artwork.title
            artwork.image.save(update_fields=["title"])
        if review_if_published and artwork.status == Artwork.Status.PUBLISHED:
            moderation.decide(artwork, Artwork.Status.AWAITING_REVIEW, by=member)
        _after_save(artwork.image if new_file else None)
    return artwork


def save_extra_image(form, artwork, member, awaiting_review=False):
    """Add a cleaned extra image (an ExtraImageForm's) to the member's `artwork`, after the
    others: the Wagtail image and the row together, or neither, and its renditions made by
    the same task as the main image's. An UploadOutcome with the ArtworkImage saved, or
    refused with nothing kept (the daily limit, the work's images all taken, a file storage
    would not take). With `awaiting_review`, published work waits for a moderator again, as
    when its main image is replaced."""
    try:
        with removing_files_on_failure() as written, transaction.atomic():
            lock_member(member)
            if daily_limit_reached(member):
                return UploadOutcome(refusal=Refusal.DAILY_LIMIT)
            # Locked: two additions at once are counted one after the other, never to 11.
            current = Artwork.objects.select_for_update().filter(pk=artwork.pk).get()
            orders = list(current.extra_images.values_list("sort_order", flat=True))
            if len(orders) >= MAX_EXTRA_IMAGES:
                return UploadOutcome(refusal=Refusal.TOO_MANY_EXTRA_IMAGES)
            image = _new_image(member, current.title, form.cleaned_data["image"].rebuilt, written)
            extra = ArtworkImage(
                artwork=current,
                image=image,
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                sort_order=max(orders, default=-1) + 1,
            )
            extra.save()
            if awaiting_review and current.status == Artwork.Status.PUBLISHED:
                moderation.decide(current, Artwork.Status.AWAITING_REVIEW, by=member)
            _after_save(extra.image)
    except UploadNotStored:
        return UploadOutcome(refusal=Refusal.NOT_STORED)
    return UploadOutcome(saved=extra)


def save_extra_image_text(extra, alt_text, caption, member, awaiting_review=False):
    """Change an extra image's alt text and caption. With `awaiting_review`, published work
    whose public text changed waits for a moderator again (as save_artwork_changes does)."""
    with transaction.atomic():
        lock_artist_of(extra.artwork)  # before the work's row (artworks.locking)
        changed = (extra.alt_text, extra.caption) != (alt_text, caption)
        extra.alt_text, extra.caption = alt_text, caption
        extra.save(update_fields=["alt_text", "caption"])
        artwork = Artwork.objects.select_for_update().get(pk=extra.artwork_id)
        if awaiting_review and changed and artwork.status == Artwork.Status.PUBLISHED:
            moderation.decide(artwork, Artwork.Status.AWAITING_REVIEW, by=member)
        # The artwork's page shows the text: its cached copies move on (signal_handlers).
        artwork.save(update_fields=["updated_at"])
    return extra


def move_extra_image(extra, step):
    """Move an extra image one place earlier (step -1) or later (+1) among its work's:
    it swaps places with its neighbour. Nothing happens at either end."""
    with transaction.atomic():
        artwork = Artwork.objects.select_for_update().get(pk=extra.artwork_id)
        extras = list(artwork.extra_images.order_by("sort_order", "pk"))
        position = next(index for index, other in enumerate(extras) if other.pk == extra.pk)
        target = position + step
        if not 0 <= target < len(extras):
            return
        extras[position], extras[target] = extras[target], extras[position]
        for order, other in enumerate(extras):
            if other.sort_order != order:
                ArtworkImage.objects.filter(pk=other.pk).update(sort_order=order)
        artwork.save(update_fields=["updated_at"])


def delete_extra_image(extra):
    """Remove one extra image; its Wagtail image, file and renditions go with it
    (signal_handlers)."""
    with transaction.atomic():
        artwork = Artwork.objects.select_for_update().get(pk=extra.artwork_id)
        extra.delete()
        artwork.save(update_fields=["updated_at"])


def delete_artwork(artwork):
    """Delete the artwork; its image and files go with it (see signal_handlers)."""
    with transaction.atomic():
        artwork.delete()


def save_avatar_image(member, rebuilt_file, written):
    """Store a member's avatar upload (already cleaned: `UploadedImageField`'s `.rebuilt`) as
    a Wagtail image in "Member uploads", and make its renditions once the transaction commits.

    Call it inside `removing_files_on_failure()` (pass its list as `written`) and the
    transaction that saves the member, so that the image row, its file and the member's
    change are kept together or not at all. Raises UploadNotStored when the file cannot be
    written."""
    image = _new_image(member, f"Avatar of {member.username}", rebuilt_file, written)
    transaction.on_commit(lambda: generate_avatar_renditions.enqueue(image.pk), robust=True)
    return image


def save_banner_image(member, rebuilt_file, written):
    """Store a member's profile banner upload as save_avatar_image stores an avatar (same
    collection, same all-or-nothing rules), and make its renditions once the transaction
    commits."""
    image = _new_image(member, f"Banner of {member.username}", rebuilt_file, written)
    transaction.on_commit(lambda: generate_banner_renditions.enqueue(image.pk), robust=True)
    return image
