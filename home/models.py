from modelcluster.fields import ParentalKey

from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from artworks.models import Artwork


class HomePage(Page):
    """The landing page and root of the site's tree: an editable introduction and the
    newest published work. The gallery and the artists index live beneath it."""

    intro = RichTextField(
        blank=True,
        help_text="The welcome text visitors read first.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_artists",
            heading="Featured artists",
            label="Featured artist",
            max_num=6,
            help_text="Artists to introduce on the home page, in this order. An artist shows "
            "only while they are active and have public work.",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "artworks.GalleryPage",
        "members.ArtistIndexPage",
        "exhibitions.ExhibitionIndexPage",
    ]
    max_count = 1

    def route(self, request, path_components):
        """Find the section (gallery, artists) a URL names in one query per section type.
        Wagtail's default looks the child up as a plain Page and then loads its specific
        type with a second query on every request under it."""
        if path_components:
            slug, remaining = path_components[0], path_components[1:]
            for model in self.specific_class.allowed_subpage_models():
                section = model.objects.child_of(self).filter(slug=slug).first()
                if section is not None:
                    section._cached_parent_obj = self  # as Wagtail does, for get_parent()
                    return section.route(request, remaining)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_artworks"] = (
            Artwork.objects.public().newest_first().for_cards()[: settings.HOME_LATEST_ARTWORKS]
        )
        return context


class FeaturedArtist(Orderable):
    """An artist the editors introduce on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_artists")
    artist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("artist")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "artist"], name="featured_artist_once")
        ]
