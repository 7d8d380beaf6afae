"""The sitemap's artworks section: every listed work, with the date it last changed."""

from core.sitemaps import KeyRangeSitemap

from .models import Artwork


class ArtworkSitemap(KeyRangeSitemap):
    def items(self):
        return Artwork.objects.listed().only("pk", "title", "updated_at")

    def lastmod(self, artwork):
        return artwork.updated_at
