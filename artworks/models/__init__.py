"""The artworks app's models: the work (artwork.py, with its pictures and descriptions as
mixins), its extra images and tags, the gallery page that lists and shows them (gallery.py),
and the editors' settings for review and Content Credentials."""

from .artwork import Artwork
from .fields import MAX_EXTRA_IMAGES, validate_one_line
from .gallery import GalleryPage
from .images import ArtworkImage, images_uploaded_in_last_day_by
from .querysets import ArtworkQuerySet
from .settings import ContentCredentialsSettings, ReviewSettings
from .tags import TaggedArtwork

__all__ = [
    "MAX_EXTRA_IMAGES",
    "Artwork",
    "ArtworkImage",
    "ArtworkQuerySet",
    "ContentCredentialsSettings",
    "GalleryPage",
    "ReviewSettings",
    "TaggedArtwork",
    "images_uploaded_in_last_day_by",
    "validate_one_line",
]
