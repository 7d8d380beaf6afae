from django.core.management.base import BaseCommand

from notifications.services import prune


class Command(BaseCommand):
    help = (
        "Delete read notifications older than NOTIFICATION_READ_RETENTION and unread ones "
        "older than NOTIFICATION_UNREAD_RETENTION (run daily: deploy/systemd)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"Deleted {deleted} old notification{'s' if deleted != 1 else ''}.")
