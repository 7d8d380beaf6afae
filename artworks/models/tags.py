from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from django.db import models


class TaggedArtwork(TaggedItemBase):
    """One tag on one work (django-taggit's through model)."""

    # No index of its own: `taggedartwork_tag_work` leads with the tag.
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="%(app_label)s_%(class)s_items",
    )
    content_object = ParentalKey(
        "artworks.Artwork", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        indexes = [
            # A tag's works, and whether one work carries a tag: one lookup in the index,
            # which the gallery filtered by a tag makes for each work it walks past.
            models.Index(fields=["tag", "content_object"], name="taggedartwork_tag_work"),
        ]
