from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

#: Where Wagtail keeps what rows reference: originals, renditions and documents. Listing these
#: prefixes (not the storage's root, which an S3 bucket cannot be asked about) works on local
#: disk and on S3-compatible storage alike.
MEDIA_PREFIXES = ("original_images", "images", "documents")


def walk(storage, folder):
    """Every file name below `folder` in the storage, as storage names; nothing when the
    folder does not exist (a fresh local media folder)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = (
        "Remove files in media storage that no image, rendition or document references. "
        "Files younger than --min-age minutes are left alone: an upload in progress writes its "
        "file before its row is committed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without removing them."
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            help="Only files last modified at least this many minutes ago (default 60).",
        )

    def referenced_names(self):
        image_model = get_image_model()
        names = set(image_model.objects.values_list("file", flat=True))
        names |= set(image_model.get_rendition_model().objects.values_list("file", flat=True))
        names |= set(get_document_model().objects.values_list("file", flat=True))
        return names

    def handle(self, *args, dry_run, min_age, **options):
        storage = default_storage
        # Read the references after listing, so a row committed meanwhile still protects its file.
        candidates = [
            name
            for prefix in MEDIA_PREFIXES
            for name in walk(storage, prefix)
            if not name.endswith(".gitkeep")
        ]
        referenced = self.referenced_names()
        cutoff = timezone.now() - timedelta(minutes=min_age)
        unreferenced = [
            name
            for name in candidates
            if name not in referenced and storage.get_modified_time(name) <= cutoff
        ]
        for name in unreferenced:
            if dry_run:
                self.stdout.write(f"would remove {name}")
            else:
                storage.delete(name)
                self.stdout.write(f"removed {name}")
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(
            f"{len(unreferenced)} unreferenced file(s) {verb}; "
            f"{len(candidates) - len(unreferenced)} kept."
        )
