"""Share previews: the image an OpenGraph / Twitter card shows for a page.

Every image here is a rendition the upload task has already made, read from renditions the
page loaded anyway (listings prefetch SHARE with their cards): a share preview never makes a
rendition and costs no query of its own. Pages without one ready simply show no image.
"""

from dataclasses import dataclass

from core.renditions import prefetched_rendition

from .renditions import AVATAR_SPECS


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str
    # A large card (Twitter's summary_large_image) wants at least 300×157 px: an artwork's
    # SHARE rendition, not a 192 px avatar.
    large: bool = True

    @classmethod
    def of_rendition(cls, rendition, alt, large=True):
        # A tiny work (SHARE never enlarges) gets the small card too.
        large = large and rendition.width >= 300 and rendition.height >= 157
        return cls(rendition.url, rendition.width, rendition.height, alt, large)


def share_image_of(artwork):
    """An artwork's SHARE rendition as a share image, or None until it is made."""
    rendition = artwork.share_rendition
    return ShareImage.of_rendition(rendition, artwork.alt_text) if rendition else None


def first_share_image(artworks):
    """The share image of the first work (in the listing's order) whose SHARE rendition is
    made: for a listing shown newest first, the latest public work."""
    return next(filter(None, (share_image_of(artwork) for artwork in artworks)), None)


# The avatar's JPEG in its larger size (OpenGraph readers do not all read WebP).
AVATAR_SHARE_SPEC = next(
    spec for spec in AVATAR_SPECS if spec.startswith("format-jpeg") and "192x192" in spec
)


def avatar_share_image(image, alt):
    """An uploaded avatar's JPEG rendition, from the renditions prefetched with it, or None."""
    rendition = prefetched_rendition(image, AVATAR_SHARE_SPEC)
    return ShareImage.of_rendition(rendition, alt, large=False) if rendition else None
