"""The pictures of an artwork: its renditions, read from those its listing prefetched (a
visitor's request never makes one), and the large image of its page."""

from django.utils.functional import cached_property

from core.renditions import made_rendition, prefetched_rendition, renditions_ready

from ..renditions import (
    ADMIN_PREVIEW_SPEC,
    ADMIN_THUMBNAIL_SPEC,
    CARD_SPECS,
    DETAIL_SPECS,
    SHARE_SPECS,
    VIEWER_LARGE_SPECS,
    VIEWER_SPECS,
)


class ArtworkPictures:
    """The Artwork model's pictures (a mixin: the fields are the model's)."""

    @property
    def admin_thumbnail(self):
        """The card rendition admin listings show, from the prefetched renditions
        (ArtworkQuerySet.for_cards or the admin's own prefetch); None until it is made."""
        return prefetched_rendition(self.image, ADMIN_THUMBNAIL_SPEC)

    @cached_property
    def admin_preview(self):
        """The rendition moderators see on the edit screen, once the upload task made it."""
        return self.image.renditions.filter(filter_spec=ADMIN_PREVIEW_SPEC).first()

    @cached_property
    def card_ready(self):
        return renditions_ready(self.image, CARD_SPECS)

    @cached_property
    def detail_ready(self):
        return renditions_ready(self.image, DETAIL_SPECS + SHARE_SPECS)

    @cached_property
    def share_rendition(self):
        """The rendition shared links show (SHARE), once the upload task has made it, else
        None. Read from the prefetched renditions when the listing fetched them (for_cards,
        for_detail): a visitor's request never makes a rendition."""
        return made_rendition(self.image, SHARE_SPECS[0])

    def prefetched_rendition(self, spec):
        """The rendition of `spec` from those the listing prefetched, or None."""
        return prefetched_rendition(self.image, spec)

    @cached_property
    def viewer_rendition(self):
        """The largest rendition made for the full-size view (3200 pixels where the original
        is that big, else 2560 or the original's own size), or None until it is made."""
        for spec in VIEWER_LARGE_SPECS + VIEWER_SPECS:
            rendition = self.prefetched_rendition(spec)
            if rendition is not None:
                return rendition
        return None

    @cached_property
    def page_picture(self):
        """The large image on the work's page, from the prefetched renditions (for_detail):
        WebP and JPEG sources with one entry per distinct width (a small work's renditions
        are all the same size: repeating a width would make the srcset invalid), and the
        width and height of the largest, which is the work's own size up to 2560 pixels: the
        stylesheet shows it no larger, so it is never blown up."""
        sources = {}
        largest = None
        for spec in DETAIL_SPECS + VIEWER_SPECS:
            rendition = self.prefetched_rendition(spec)
            if rendition is None:
                continue
            image_format = spec.split("|")[0].removeprefix("format-")
            sources.setdefault(image_format, {}).setdefault(rendition.width, rendition.url)
            if largest is None or rendition.width > largest.width:
                largest = rendition
        if largest is None or "jpeg" not in sources:
            return None

        def srcset(widths):
            return ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))

        jpeg = sources["jpeg"]
        return {
            "webp_srcset": srcset(sources.get("webp", {})),
            "jpeg_srcset": srcset(jpeg),
            "src": jpeg[max(jpeg)],
            "width": largest.width,
            "height": largest.height,
        }
