import re
from datetime import timedelta

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify

from modelsearch.tasks import insert_or_update_object_task
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from .pagination import paginate
from .public_cache import public_version
from .renditions import CARD_SPECS, DETAIL_SPECS, SHARE_SPECS

WORD = re.compile(r"\w+")


def printable(text):
    """The text without control characters (a NUL is refused by PostgreSQL)."""
    return "".join(character for character in text if character.isprintable())


class TaggedArtwork(TaggedItemBase):
    content_object = ParentalKey(
        "artworks.Artwork", on_delete=models.CASCADE, related_name="tagged_items"
    )


def renditions_prefetch(lookup, specs):
    """Prefetch exactly the renditions the templates ask for (the same spec strings), so a
    listing costs one query for all its images instead of one per card."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


class ArtworkQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Every listing of artworks is built here, so every page applies the same visibility
    rules and costs the same number of queries. SearchableQuerySetMixin keeps `.search()`
    working on the custom manager."""

    def public(self):
        """What visitors may see: published work by members who are still active."""
        return self.filter(status=Artwork.Status.PUBLISHED, artist__is_active=True)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def for_cards(self):
        return self.select_related("artist", "image").prefetch_related(
            "tags", renditions_prefetch("image__renditions", CARD_SPECS)
        )

    def for_detail(self):
        return self.select_related("artist", "image").prefetch_related(
            "tags", renditions_prefetch("image__renditions", DETAIL_SPECS + SHARE_SPECS)
        )

    def uploaded_in_last_day_by(self, member):
        return self.filter(artist=member, created_at__gte=timezone.now() - timedelta(days=1))


class Artwork(index.Indexed, ClusterableModel):
    """A work a member uploaded. A Wagtail snippet (moderated in the admin through the viewset
    in wagtail_hooks.py) whose file lives in Wagtail's image library, so renditions, focal
    points and storage all come from Wagtail. ClusterableModel lets tags be edited in forms
    before the row exists."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden"

    title = models.CharField(max_length=120)
    image = models.ForeignKey(
        "wagtailimages.Image",
        # Deleting the image from Wagtail's library takes the artwork with it, so no artwork
        # ever points at nothing; deleting the artwork deletes the image (signal_handlers).
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The uploaded work, kept in Wagtail's image library.",
    )
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="artworks",
        help_text="The member who uploaded the work.",
    )
    description = models.TextField(max_length=2000, blank=True)
    alt_text = models.CharField(
        "Alt text",
        max_length=250,
        help_text="Describe the work for people who cannot see it.",
    )
    tags = ClusterTaggableManager(through=TaggedArtwork, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    moderation_note = models.TextField(
        blank=True,
        help_text="Why the work is hidden. The artist sees this note on their artworks page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArtworkQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("alt_text"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("moderation_note")], heading="Moderation"
        ),
        HelpPanel(template="artworks/admin/artwork_image_panel.html", heading="Image"),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields(
            "artist", [index.SearchField("display_name"), index.SearchField("username")]
        ),
        index.FilterField("status"),
        index.FilterField("artist_id"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The gallery: published work, newest first.
            models.Index(fields=["status", "-created_at", "-id"], name="artwork_public_newest"),
            # An artist's page and "My artworks".
            models.Index(
                fields=["artist", "status", "-created_at", "-id"], name="artwork_artist_newest"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.artist.is_active

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # ClusterableModel saves the tags after the row, so the post_save indexing ran before
        # they existed: index again now, or a tag search finds nothing. (Any editor or member
        # save goes through here.)
        insert_or_update_object_task.enqueue(
            self._meta.app_label, self._meta.model_name, str(self.pk)
        )

    def renditions_ready(self, specs):
        """Whether every rendition in `specs` exists. Templates show a work's image only once
        the upload task has made its renditions: a visitor's request never makes one, so it
        stays fast and never races the task (two processes making the same rendition leave
        a stray file behind)."""
        prefetched = getattr(self.image, "prefetched_renditions", None)
        if prefetched is None:
            made = self.image.renditions.filter(filter_spec__in=specs).values_list(
                "filter_spec", flat=True
            )
        else:
            made = [rendition.filter_spec for rendition in prefetched]
        return set(specs) <= set(made)

    @cached_property
    def card_ready(self):
        return self.renditions_ready(CARD_SPECS)

    @cached_property
    def detail_ready(self):
        return self.renditions_ready(DETAIL_SPECS + SHARE_SPECS)

    @property
    def slug(self):
        return slugify(self.title)[:60] or "artwork"

    def get_absolute_url(self):
        return f"{GalleryPage.cached_url()}{self.pk}/{self.slug}/"

    def get_edit_url(self):
        return reverse("artwork_edit", args=[self.pk])

    def get_delete_url(self):
        return reverse("artwork_delete", args=[self.pk])


class CachedUrlMixin:
    """The site has one page of each index type; its URL is looked up once and cached (and
    forgotten when the tree changes, see signal_handlers) so that links to artworks and
    artists cost no query per card."""

    default_url = "/"

    @classmethod
    def url_cache_key(cls):
        return f"page-url:{cls._meta.label_lower}"

    @classmethod
    def cached_url(cls):
        url = cache.get(cls.url_cache_key())
        if url is None:
            page = cls.objects.live().first()
            url = (page.url if page else None) or cls.default_url
            cache.set(cls.url_cache_key(), url, 60 * 60)
        return url

    @classmethod
    def forget_cached_url(cls):
        cache.delete(cls.url_cache_key())


class GalleryPage(CachedUrlMixin, RoutablePageMixin, Page):
    """The public gallery. Artwork detail pages are routes of this page (RoutablePageMixin),
    not pages of their own, so the page tree stays small however many works are uploaded."""

    default_url = "/gallery/"

    intro = RichTextField(blank=True, help_text="Shown above the grid.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    def get_artworks(self, request):
        artworks = Artwork.objects.public()
        tag = printable(request.GET.get("tag", ""))[:100].strip()
        if tag:
            artworks = artworks.filter(tags__slug=slugify(tag, allow_unicode=True))
        query = printable(request.GET.get("q", ""))[:200].strip()
        # Only the words go to the search backend: quotes and operators have a meaning of
        # their own there (an unbalanced quote is an error in SQLite's full-text search).
        words = " ".join(WORD.findall(query))
        if words:
            # Wagtail search finds the matches (capped, as no one pages through thousands);
            # the listing keeps its own rules and prefetches and shows them newest first.
            matches = Artwork.objects.filter(status=Artwork.Status.PUBLISHED).search(
                words, order_by_relevance=False
            )[: settings.ARTWORK_SEARCH_MAX_RESULTS]
            artworks = artworks.filter(pk__in=[artwork.pk for artwork in matches])
        elif query:
            artworks = artworks.none()
        return artworks.newest_first().for_cards(), tag, query

    @path("")
    def gallery(self, request):
        artworks, tag, query = self.get_artworks(request)
        page_of_artworks = paginate(request, artworks, settings.ARTWORKS_PER_PAGE)
        filters = {name: value for name, value in (("tag", tag), ("q", query)) if value}
        return self.render(
            request,
            context_overrides={
                "artworks": page_of_artworks,
                "tag": tag,
                "query": query,
                "filtered": bool(filters),
                "public_version": public_version(),
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                # Pagination links keep the filter.
                "extra_query": urlencode(filters),
            },
        )

    @re_path(r"^(?P<artwork_id>\d+)/(?:(?P<slug>[-\w]+)/)?$", name="artwork")
    def artwork(self, request, artwork_id, slug=None):
        artwork = Artwork.objects.public().for_detail().filter(pk=artwork_id).first()
        if artwork is None:
            raise Http404("No such artwork.")
        if slug != artwork.slug:
            # One address per work: the title's slug follows the id, and old slugs redirect.
            return redirect(artwork.get_absolute_url(), permanent=True)
        return TemplateResponse(
            request,
            "artworks/artwork_detail.html",
            {"page": self, "self": self, "artwork": artwork},
        )
