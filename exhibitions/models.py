from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from artworks.browsing import ArtworkList
from artworks.models import Artwork
from artworks.sharing import share_image_of
from core.page_urls import CachedUrlMixin

from .blocks import ExhibitedWork, ExhibitionBody, blocks_on_show, exhibition_work_fields


class ExhibitionPageQuerySet(PageQuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today)

    def upcoming(self, today=None):
        return self.filter(opens_on__gt=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(closes_on__lt=today or timezone.localdate())


class ExhibitionIndexPage(CachedUrlMixin, Page):
    """/exhibitions/: the collective's shows, current first, then upcoming, then past."""

    default_url = "/exhibitions/"

    intro = RichTextField(blank=True, help_text=_("Shown above the list of exhibitions."))

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["exhibitions.ExhibitionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        shows = ExhibitionPage.objects.child_of(self).live().public()
        current = list(shows.current(today).order_by("closes_on", "title"))
        upcoming = list(shows.upcoming(today).order_by("opens_on", "title"))
        past = list(shows.past(today).order_by("-closes_on", "title"))
        ExhibitionPage.attach_covers(current + upcoming + past)
        context.update(current=current, upcoming=upcoming, past=past)
        return context


class ExhibitionPage(Page):
    """A show curated by the editors: works by several artists, with the curator's words
    between them. Only public work ever shows: a work hidden or held after it was chosen
    drops out of the show (see blocks.ExhibitedWork)."""

    opens_on = models.DateField(_("Opens on"))
    closes_on = models.DateField(_("Closes on"))
    intro = RichTextField(
        _("Curator's introduction"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What the show is about; shown above the works and on the exhibitions list."),
    )
    body = StreamField(
        ExhibitionBody(),
        blank=True,
        help_text=_("The works in the show, in order, with headings and text between them."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Dates")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["exhibitions.ExhibitionIndexPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(ExhibitionPageQuerySet)()

    class Meta:
        indexes = [models.Index(fields=["opens_on", "closes_on"], name="exhibition_dates")]

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("An exhibition cannot close before it opens.")})

    # When the show is on, relative to a day (today unless given).

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def is_upcoming(self, today=None):
        return self.opens_on > (today or timezone.localdate())

    @property
    def when(self):
        if self.is_current():
            return "current"
        return "upcoming" if self.is_upcoming() else "past"

    def chosen_artwork_ids(self):
        """The ids of the works in the body, in order, read from the stored JSON without
        loading a single artwork. Every block type of the body that chooses a work counts
        (exhibition_work_fields), whatever its name."""
        work_fields = exhibition_work_fields(self.body.stream_block)
        ids = []
        for block in self.body.raw_data:
            field = work_fields.get(block["type"])
            if field is not None and block["value"].get(field):
                ids.append(block["value"][field])
        return list(dict.fromkeys(ids))

    @cached_property
    def blocks_on_show(self):
        """The body as visitors see it: headings, text and the works still public, each
        rendered by its block's template. All the works come in one query (with their card
        renditions), however many the show holds."""
        return blocks_on_show(self.body)

    @cached_property
    def public_artworks(self):
        """The works visitors see, in the curator's order."""
        return [
            block.value.public_artwork
            for block in self.blocks_on_show
            if isinstance(block.value, ExhibitedWork)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["list_query"] = ArtworkList.for_exhibition(self).query_string()
        context["share_image"] = share_image_of(self.cover_artwork) if self.cover_artwork else None
        return context

    @property
    def cover_artwork(self):
        """The show's first public work, its cover (as attach_covers gives lists of shows)."""
        return next(iter(self.public_artworks), None)

    @property
    def artist_count(self):
        return len({artwork.artist_id for artwork in self.public_artworks})

    @staticmethod
    def attach_covers(exhibitions):
        """Give each exhibition `cover`: its first public work (or None), for lists of
        shows, with one query for all of them."""
        wanted = {exhibition.pk: exhibition.chosen_artwork_ids() for exhibition in exhibitions}
        public = (
            Artwork.objects.listed()
            .for_cards()
            .in_bulk([pk for ids in wanted.values() for pk in ids])
        )
        for exhibition in exhibitions:
            exhibition.cover = next(
                (public[pk] for pk in wanted[exhibition.pk] if pk in public), None
            )
        return exhibitions

    def update_exhibited_artworks(self):
        """Record which works the published show holds, so an artwork's page can list its
        exhibitions with one query (the body is JSON, which no database indexes well).
        Called on publish; unpublishing forgets them (signal_handlers)."""
        ids = self.chosen_artwork_ids()
        existing = set(Artwork.objects.filter(pk__in=ids).values_list("pk", flat=True))
        ExhibitedArtwork.objects.filter(exhibition=self).delete()
        ExhibitedArtwork.objects.bulk_create(
            ExhibitedArtwork(exhibition=self, artwork_id=pk) for pk in ids if pk in existing
        )


class ExhibitedArtwork(models.Model):
    """That a published exhibition shows a work: kept in step with the live body on publish
    and unpublish (signal_handlers)."""

    exhibition = models.ForeignKey(
        ExhibitionPage, on_delete=models.CASCADE, related_name="exhibited_artworks"
    )
    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="exhibited_in")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "artwork"], name="exhibited_once")
        ]

    def __str__(self):
        return f"“{self.artwork}” in {self.exhibition}"
