from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.dev_ca import CHAIN_FILE, KEY_FILE, make_dev_ca


class Command(BaseCommand):
    help = (
        "Make a development CA and ES256 signing certificate for Content Credentials in "
        "C2PA_DEV_CA_DIR (outside the repository), unless one is there already. Files signed "
        "with it read as valid but untrusted: never use it in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Where to write the files (C2PA_DEV_CA_DIR).")
        parser.add_argument(
            "--force", action="store_true", help="Make a new pair even if one is there."
        )

    def handle(self, *args, dir=None, force=False, **options):
        folder = Path(dir or settings.C2PA_DEV_CA_DIR).resolve()
        if not force and (folder / CHAIN_FILE).is_file() and (folder / KEY_FILE).is_file():
            self.stdout.write(f"A development signing certificate is already in {folder}")
            return
        chain, key = make_dev_ca(folder)
        if folder.is_relative_to(Path(settings.BASE_DIR).resolve()):
            # Never committed by mistake: a private key has no place in the repository.
            (folder / ".gitignore").write_text("*\n")
        self.stdout.write(
            self.style.SUCCESS(f"Development signing certificate: {chain}\nIts key: {key}")
        )
