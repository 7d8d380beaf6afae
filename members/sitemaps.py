"""The sitemap's artists section: the page of every artist the site lists."""

from core.sitemaps import KeyRangeSitemap

from .models import User


class ArtistSitemap(KeyRangeSitemap):
    def items(self):
        return User.objects.artists().only("pk", "username")
