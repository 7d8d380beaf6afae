"""The sitemap's artworks section: every listed work, with the date it last changed."""

from urllib.parse import urljoin

from core.sitemaps import KeyRangeSitemap

from .models import Artwork, GalleryPage


class ArtworkSitemap(KeyRangeSitemap):
    fields = ("pk", "title", "updated_at")

    def items(self):
        return Artwork.objects.listed()

    def entries(self, rows):
        gallery_url = urljoin(self.root_url, GalleryPage.cached_url())
        for pk, title, updated_at in rows:
            yield Artwork.address_in(gallery_url, pk, title), updated_at
