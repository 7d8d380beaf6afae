"""A member's works in their data export (every field, tags, extra images, the cleaned
originals) and what erasing the account removes besides the rows: the audit log's entries
about their works. The images and their files go with the works (signal_handlers)."""

import os

from django.contrib.contenttypes.models import ContentType

from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from .models import Artwork
from .uploads import MEMBER_UPLOADS_COLLECTION

#: Fields that say nothing to the member (internal copies and keys); the rest is exported.
INTERNAL_FIELDS = {"id", "artist", "image", "artist_active"}


def works_of(member):
    return (
        Artwork.objects.filter(artist=member)
        .select_related("image")
        .prefetch_related("tags", "extra_images__image")
        .order_by("created_at", "pk")
    )


def folder_of(artwork):
    return f"artworks/{artwork.pk}-{artwork.slug}"


def file_path(folder, name, image):
    return f"{folder}/{name}{os.path.splitext(image.file.name)[1].lower()}"


def export(member):
    works = []
    for artwork in works_of(member):
        folder = folder_of(artwork)
        work = {"id": artwork.pk}
        for field in Artwork._meta.concrete_fields:
            if field.name not in INTERNAL_FIELDS:
                work[field.name] = field.value_from_object(artwork)
        work["tags"] = sorted(tag.name for tag in artwork.tags.all())
        work["original"] = file_path(folder, "original", artwork.image)
        work["extra_images"] = [
            {
                "alt_text": extra.alt_text,
                "caption": extra.caption,
                "created_at": extra.created_at,
                "file": file_path(folder, f"extra-{number}", extra.image),
            }
            for number, extra in enumerate(artwork.extra_images.all(), start=1)
        ]
        works.append(work)
    return {"works": works}


def files(member):
    found = []
    for artwork in works_of(member):
        folder = folder_of(artwork)
        image = artwork.image
        found.append((file_path(folder, "original", image), image.file.storage, image.file.name))
        for number, extra in enumerate(artwork.extra_images.all(), start=1):
            found.append(
                (
                    file_path(folder, f"extra-{number}", extra.image),
                    extra.image.file.storage,
                    extra.image.file.name,
                )
            )
    return found


def erase(member):
    """Moderation history names the works by title: it goes with them. Then every image the
    member uploaded: those of their works, avatar and banner would go with the user row
    anyway, and this also catches one no row holds any longer (an upload whose work was never
    saved). In "Member uploads" only: a staff member's editorial images belong to the pages
    that show them."""
    work_ids = [
        str(pk) for pk in Artwork.objects.filter(artist=member).values_list("pk", flat=True)
    ]
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Artwork), object_id__in=work_ids
    ).delete()
    get_image_model().objects.filter(
        uploaded_by_user=member, collection__name=MEMBER_UPLOADS_COLLECTION
    ).delete()
