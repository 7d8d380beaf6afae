from datetime import timedelta

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from wagtail.search.queryset import SearchableQuerySetMixin

from core.renditions import renditions_prefetch

from ..renditions import (
    ALL_SPECS,
    CARD_SPECS,
    DETAIL_SPECS,
    SHARE_SPECS,
    VIEWER_LARGE_SPECS,
    VIEWER_SPECS,
)


class ArtworkQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Every listing of artworks is built here, so every page applies the same visibility
    rules and costs the same number of queries. SearchableQuerySetMixin keeps `.search()`
    working on the custom manager."""

    def public(self):
        """What visitors may see by its link: published work by members who are still
        active."""
        return self.filter(status=self.model.Status.PUBLISHED, artist_active=True)

    def listed(self):
        """What listings show (the gallery and its search, tag pages, artist pages, the home
        page, exhibitions, feeds and the sitemap): public work its artist has not unlisted."""
        return self.public().filter(visibility=self.model.Visibility.LISTED)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def for_cards(self):
        """What a card shows: the artist, the image and its card renditions (tags are on
        the artwork's own page, not the card). The share rendition comes in the same query:
        a listing's share preview (its first work's) then costs nothing more."""
        return self.select_related("artist", "image").prefetch_related(
            renditions_prefetch("image__renditions", CARD_SPECS + SHARE_SPECS)
        )

    def for_feed(self):
        """What a feed entry carries: a card's image, and its tags as categories."""
        return self.for_cards().prefetch_related("tags")

    def for_detail(self):
        """What the artwork's page shows: the work, its tags and its extra images. The extra
        images cost two queries whatever their number (the rows with their images, then all
        their renditions), and none for a work without any."""
        return self.select_related("artist", "image").prefetch_related(
            "tags",
            renditions_prefetch(
                "image__renditions",
                DETAIL_SPECS + SHARE_SPECS + VIEWER_SPECS + VIEWER_LARGE_SPECS,
            ),
            Prefetch(
                "extra_images",
                queryset=self.extra_images_model()
                .objects.select_related("image")
                .prefetch_related(
                    # Every spec the upload task makes: the strip's thumbnails and the
                    # largest one the viewer opens, whatever renditions.py comes to list.
                    renditions_prefetch("image__renditions", ALL_SPECS + VIEWER_LARGE_SPECS)
                ),
            ),
        )

    def extra_images_model(self):
        """ArtworkImage, whose module imports the artwork's (it is the artwork's child)."""
        return self.model._meta.get_field("extra_images").related_model

    def uploaded_in_last_day_by(self, member):
        return self.filter(artist=member, created_at__gte=timezone.now() - timedelta(days=1))
