from django.core.management.base import BaseCommand

from notifications.emails import send_digests


class Command(BaseCommand):
    help = (
        "Email each member who chose the daily digest one email listing their unread "
        "notifications not emailed yet (run daily: deploy/systemd)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Sent {sent} notification digest{'s' if sent != 1 else ''}.")
