"""The sitemap's artists section: the page of every artist the site lists."""

from urllib.parse import urljoin

from core.sitemaps import KeyRangeSitemap

from .models import ArtistIndexPage, User


class ArtistSitemap(KeyRangeSitemap):
    fields = ("username",)

    def items(self):
        return User.objects.artists_by_key()

    def entries(self, rows):
        artists_url = urljoin(self.root_url, ArtistIndexPage.cached_url())
        for (username,) in rows:
            yield User.address_in(artists_url, username), None
