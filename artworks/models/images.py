from datetime import timedelta

from modelcluster.fields import ParentalKey

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import Orderable

from core.renditions import made_renditions, renditions_ready

from ..renditions import (
    ADMIN_THUMBNAIL_SPEC,
    ALL_SPECS,
    CARD_SPECS,
    DETAIL_SPECS,
    VIEWER_LARGE_SPECS,
)
from .artwork import Artwork
from .fields import validate_one_line


class ArtworkImage(Orderable):
    """One of a work's extra images: a detail, the process, another view. An Orderable child
    of the artwork (ParentalKey), so the admin edits them as an InlinePanel on the artwork,
    and they are shown, moderated and deleted with it. Like the main image, the file is a
    Wagtail image in "Member uploads", added only through artworks.uploads (cleaned the
    same way): the admin can change the alt text and caption, reorder and remove them, not
    add new files."""

    artwork = ParentalKey(Artwork, on_delete=models.CASCADE, related_name="extra_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        # As for the main image: deleting the image from the library takes this row with it,
        # and deleting the row deletes the image (signal_handlers).
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The uploaded image, kept in Wagtail's image library."),
    )
    alt_text = models.CharField(
        _("Alt text"),
        max_length=250,
        validators=[validate_one_line],
        help_text=_("Describe this image for people who cannot see it."),
    )
    caption = models.CharField(
        max_length=250,
        blank=True,
        validators=[validate_one_line],
        help_text=_("Optional: shown under the image, for example “Detail of the left hand”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        HelpPanel(template="artworks/admin/extra_image_panel.html"),
        FieldPanel("alt_text"),
        FieldPanel("caption"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("extra image")
        indexes = [models.Index(fields=["artwork", "sort_order"], name="artworkimage_order")]

    def __str__(self):
        return self.alt_text

    def clean(self):
        # The admin's InlinePanel can add a blank child form; a file only comes through the
        # member's upload path, which cleans it, so a child without an image is refused.
        if self.image_id is None:
            raise ValidationError(
                _(
                    "New images are added by the artist from their edit page, where every file is "
                    "checked and cleaned. Here you can change alt text and captions, reorder and "
                    "remove images."
                )
            )

    @cached_property
    def card_ready(self):
        """Whether its thumbnail exists (the edit page shows that alone)."""
        return renditions_ready(self.image, CARD_SPECS)

    @cached_property
    def strip_ready(self):
        """Whether the thumbnail and the large renditions exist (made by the upload task):
        until then the page shows "Preparing the image…" in its place."""
        return renditions_ready(self.image, CARD_SPECS + DETAIL_SPECS)

    @cached_property
    def largest_rendition(self):
        """The largest rendition made (WebP before JPEG at the same size), for the viewer's
        full-size view: read from the prefetched renditions (ArtworkQuerySet.for_detail)."""
        return max(
            made_renditions(self.image, ALL_SPECS + VIEWER_LARGE_SPECS),
            key=lambda rendition: (
                rendition.width,
                rendition.filter_spec.startswith("format-webp"),
            ),
            default=None,
        )

    @cached_property
    def admin_preview(self):
        return self.image.renditions.filter(filter_spec=ADMIN_THUMBNAIL_SPEC).first()


def images_uploaded_in_last_day_by(member):
    """How many images the member uploaded in the last 24 hours: works and their extra
    images alike, since each costs the same to clean and store (the daily limit counts
    both)."""
    since = timezone.now() - timedelta(days=1)
    works = Artwork.objects.filter(artist=member, created_at__gte=since).count()
    extras = ArtworkImage.objects.filter(artwork__artist=member, created_at__gte=since).count()
    return works + extras
