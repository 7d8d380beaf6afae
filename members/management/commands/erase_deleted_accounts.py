import logging

from django.core.management.base import BaseCommand, CommandError

from members.deletion import accounts_due_for_erasure, erase_account

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Erase the accounts whose owners deleted them more than MEMBER_DELETION_GRACE ago: "
        "their works, images and every file of theirs in storage, comments, favourites, "
        "follows, collections, notifications and sessions. Reports they filed are kept, "
        "without their name. Run daily (deploy/systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the accounts without erasing them."
        )

    def handle(self, *args, dry_run, **options):
        erased = failed = 0
        for member in accounts_due_for_erasure().order_by("deletion_requested_at", "pk"):
            if dry_run:
                self.stdout.write(f"would erase account {member.pk}")
                continue
            try:
                # One account at a time, each in its own transaction: one that fails (storage
                # down mid-way) is tried again tomorrow and does not hold up the others.
                erase_account(member)
            except Exception:
                logger.exception("Could not erase the account %s", member.pk)
                failed += 1
            else:
                erased += 1
        if not dry_run:
            self.stdout.write(f"{erased} account(s) erased.")
        if failed:
            raise CommandError(f"{failed} account(s) could not be erased; see the log.")
