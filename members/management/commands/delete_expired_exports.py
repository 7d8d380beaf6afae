from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from artworks.management.commands.cleanup_media import walk
from members.exports import expired_exports, export_storage
from members.models import DataExport


class Command(BaseCommand):
    help = (
        "Delete members' data exports past their expiry (DATA_EXPORT_LIFETIME), with their "
        "zips, and any zip in the export folder that no export names (a build interrupted "
        "after storing it). Run daily (deploy/systemd)."
    )

    def handle(self, *args, **options):
        deleted = 0
        for export in expired_exports():
            # One at a time, so each row's post_delete removes its zip once it commits.
            export.delete()
            deleted += 1
        storage = export_storage()
        known = set(DataExport.objects.values_list("file_name", flat=True))
        # A zip being stored right now has no row yet: left alone for an hour.
        cutoff = timezone.now() - timedelta(hours=1)
        strays = [
            name
            for name in walk(storage, settings.DATA_EXPORT_FOLDER)
            if name not in known and storage.get_modified_time(name) <= cutoff
        ]
        for name in strays:
            storage.delete(name)
        self.stdout.write(f"{deleted} expired export(s) and {len(strays)} stray file(s) deleted.")
