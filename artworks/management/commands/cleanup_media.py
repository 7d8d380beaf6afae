from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def walk(storage, folder=""):
    """Every file name below `folder` in the storage, as storage names."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


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
        if not storage.exists(""):
            self.stdout.write("Media storage is empty.")
            return
        # Read the references after listing, so a row committed meanwhile still protects its file.
        candidates = [name for name in walk(storage) if not name.endswith(".gitkeep")]
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
