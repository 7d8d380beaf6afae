from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Give the default Wagtail Site the host name and port of SITE_URL (or --url), so that "
        "the sitemap, feeds and canonical links name the public address, whichever machine or "
        "internal address serves the request. Run after `migrate` on deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="The public origin, e.g. https://art.example.org.")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"{url!r} is not an origin such as https://art.example.org")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site: run `manage.py migrate` first.")
        site.hostname, site.port = parts.hostname, port
        site.save()
        Site.clear_site_root_paths_cache()
        self.stdout.write(f"The default site is now {site.root_url}.")
