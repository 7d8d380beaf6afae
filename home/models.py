from modelcluster.fields import ParentalKey

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from artworks.models import Artwork
from artworks.sharing import first_share_image
from core.page_urls import CachedUrlMixin
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from members.models import User, attach_latest_artworks


class HomePage(CachedUrlMixin, Page):
    """The landing page and root of the site's tree: an editable introduction, the current
    exhibitions, the artists editors feature (an InlinePanel of Orderable FeaturedArtist
    rows) and the newest published work. The sections' index pages live beneath it. Its URL
    is remembered (CachedUrlMixin) for the site name's link on every page."""

    intro = RichTextField(
        blank=True,
        help_text=_("The welcome text visitors read first."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_artists",
            heading=_("Featured artists"),
            label=_("Featured artist"),
            max_num=6,
            help_text=_(
                "Artists to introduce on the home page, in this order. An artist shows only "
                "while they are active and have public work."
            ),
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
        """Find the section (gallery, artists, exhibitions) a URL names in one query.
        Wagtail's default looks the child up as a plain Page and then loads its specific type
        with a second query on every request under it. The sections' remembered URLs
        (CachedUrlMixin, no query) tell which type's table to ask; a slug none of them has
        (a 404) goes straight to the default, and costs what it costs there (bench/route.py).
        """
        if path_components:
            slug, remaining = path_components[0], path_components[1:]
            for model in self.specific_class.allowed_subpage_models():
                remembered = getattr(model, "cached_url", None)
                if remembered is None or remembered().strip("/").rsplit("/", 1)[-1] != slug:
                    continue
                section = model.objects.child_of(self).filter(slug=slug).first()
                if section is not None:
                    return section.route(request, remaining)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_artworks"] = list(
            Artwork.objects.listed().newest_first().for_cards()[: settings.HOME_LATEST_ARTWORKS]
        )
        # Shared links show the latest public work (its rendition came with the cards).
        context["share_image"] = first_share_image(context["latest_artworks"])
        context["current_exhibitions"] = self.current_exhibitions()
        # A callable: the template looks the URL up only when the section shows.
        context["exhibitions_url"] = ExhibitionIndexPage.cached_url
        context["featured_artists"] = self.shown_featured_artists()
        return context

    def current_exhibitions(self):
        """The shows on today, the soonest to close first, each with its cover and how many
        artists it shows (counted from the published shows' record of their works, in the
        same query): a fixed number of queries however many there are."""
        public_works = Artwork.objects.listed()
        exhibitions = list(
            ExhibitionPage.objects.live()
            .public()
            .current(timezone.localdate())
            .annotate(
                shown_artists=Count(
                    "exhibited_artworks__artwork__artist",
                    filter=Q(exhibited_artworks__artwork__in=public_works),
                    distinct=True,
                )
            )
            .order_by("closes_on", "title", "pk")[: settings.HOME_CURRENT_EXHIBITIONS]
        )
        return ExhibitionPage.attach_covers(exhibitions)

    def shown_featured_artists(self):
        """The editors' choice in their order, leaving out anyone not active or without public
        work, each with their latest public work for a card. The choice is read through the
        page's relation, so a preview shows the artists being edited."""
        chosen = list(dict.fromkeys(featured.artist_id for featured in self.featured_artists.all()))
        if not chosen:
            return []
        artists = User.objects.artists_with_latest_artwork().filter(pk__in=chosen).in_bulk()
        return attach_latest_artworks([artists[pk] for pk in chosen if pk in artists])


class FeaturedArtist(Orderable):
    """An artist the editors introduce on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_artists")
    artist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("artist")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "artist"], name="featured_artist_once")
        ]
