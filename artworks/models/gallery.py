import hashlib
import re
from urllib.parse import urljoin

from taggit.models import Tag

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Value
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.page_urls import CachedUrlMixin
from core.pagination import PAGING_PARAMETERS, kept_page, paginate
from core.public_cache import public_version
from core.ranked_search import result_pks

from ..browsing import ArtworkList
from ..gallery_filters import SORTS, GalleryFilterForm
from ..sharing import first_share_image, share_image_of
from .artwork import Artwork
from .tags import TaggedArtwork

SEARCH_WORD = re.compile(r"\w+")


class GalleryPage(CachedUrlMixin, RoutablePageMixin, Page):
    """The public gallery. Artwork detail pages are routes of this page (RoutablePageMixin),
    not pages of their own, so the page tree stays small however many works are uploaded."""

    default_url = "/gallery/"

    intro = RichTextField(blank=True, help_text=_("Shown above the grid."))

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    #: `?sort=` values and their labels, the default first (the filter form's choices).
    SORTS = SORTS
    #: What reads the gallery's filters and order from a query string (artworks.browsing
    #: checks a work's `?from=gallery…` with it too).
    filter_form_class = GalleryFilterForm
    #: The orders by date, as the filter form gives them (the default is left out).
    DATE_SORTS = (None, "oldest")
    #: How many other works "More by this artist" shows under an artwork.
    MORE_BY_ARTIST = 6
    #: A tag on more works than this is common (tagged_artworks): its listing walks the
    #: gallery's order. Around the square root of 25 × the number of works on a site of a
    #: million, where walking and collecting cost the same.
    COMMON_TAG_WORKS = 2000

    @staticmethod
    def sort_artworks(artworks, sort):
        """The listing in the visitor's order. Every order ends with the primary key, so it is
        total: the paginator skips rows by position, and a tie broken differently on two
        requests would show a work twice or never."""
        if sort not in ("title", "favourites", "artist"):
            # artwork_listed_newest, walked backwards for the oldest first.
            return (
                artworks.order_by("created_at", "pk")
                if sort == "oldest"
                else artworks.newest_first()
            )
        # The indexes of the other orders start with the flags every listed row shares. The
        # flag is named again as an equality (`= true`, not the truth test Django writes for
        # `=True`), so that SQLite seeks past it to a page's first key (a cursor page) rather
        # than walking every public row from the start. Not in `public()`: there, the same
        # equality would draw the sitemap's primary-key ranges onto these indexes.
        artworks = artworks.filter(artist_active=Value(True))
        if sort == "title":
            # Plain `title`, in the database's collation (PostgreSQL's linguistic collations
            # put "apple" before "Banana"; SQLite's BINARY puts capitals first), so that the
            # artwork_listed_title index gives the order and a deep page reads only keys.
            # Lower("title") would sort every public row on every page. `artist_active` and
            # `visibility` are the same on every listed row; naming them lets SQLite, which
            # reads the flag as a truth test rather than an equality, walk the index in order.
            return artworks.order_by("artist_active", "visibility", "title", "pk")
        if sort == "favourites":
            # The weekly figure kept on the row (social.favourites), newest first among
            # equals: the artwork_listed_weekly_favs index gives the order, no count is made.
            return artworks.order_by(
                "artist_active", "visibility", "-favourites_this_week", "-created_at", "-pk"
            )
        # "artist": the name visitors see, in lower case, as kept on the row
        # (artist_sort_name), so the artwork_listed_artist_name index gives the order with no
        # join to members. The artist's id keeps two artists of one name apart; newest work
        # first within.
        return artworks.order_by(
            "artist_active", "visibility", "artist_sort_name", "artist_id", "-created_at", "-pk"
        )

    @staticmethod
    def sort_keys(sort):
        """The keys of sort_artworks' order, as (expression, runs downwards) pairs: the
        artwork page finds a work's neighbours in the same order (artworks.browsing). The
        columns every listed row shares (artist_active, visibility) are left out."""
        if sort == "oldest":
            return [("created_at", False), ("pk", False)]
        if sort == "title":
            return [("title", False), ("pk", False)]
        if sort == "favourites":
            return [("favourites_this_week", True), ("created_at", True), ("pk", True)]
        if sort == "artist":
            return [
                ("artist_sort_name", False),
                ("artist_id", False),
                ("created_at", True),
                ("pk", True),
            ]
        return [("created_at", True), ("pk", True)]

    def filtered_artworks(self, filters):
        """The listed works the gallery's filters (GalleryFilterForm.applied) keep, in no order."""
        if "tag" in filters:
            artworks = self.tagged_artworks(
                slugify(filters["tag"], allow_unicode=True), filters.get("sort")
            )
        else:
            artworks = Artwork.objects.listed()
        if "licence" in filters:
            artworks = artworks.filter(licence=filters["licence"])
        if "medium" in filters:
            artworks = artworks.filter(medium=filters["medium"])
        if "ai" in filters:
            artworks = artworks.filter(made_with_ai=False)
        # Only the words go to the search backend: quotes and operators have a meaning of
        # their own there (an unbalanced quote is an error in SQLite's full-text search).
        words = " ".join(SEARCH_WORD.findall(filters.get("q", "")))
        if words:
            # Wagtail search finds the best matches (capped, as no one pages through
            # thousands; the database backends rank the newest thousand, core.ranked_search);
            # the listing keeps its own rules and prefetches and shows them in its order.
            # Only their ids are read.
            matches = (
                Artwork.objects.filter(status=Artwork.Status.PUBLISHED)
                .only("pk")
                .search(words)[: settings.ARTWORK_SEARCH_MAX_RESULTS]
            )
            # The query picks the matches by key, and tests each against the listing's
            # rules in a subquery on that work alone: with the rules beside the keys, SQLite
            # walks the listing's order index testing every work against the matches
            # (through a million works for a rare word).
            artworks = Artwork.objects.filter(
                Exists(artworks.filter(pk=OuterRef("pk"))), pk__in=result_pks(matches)
            )
        elif "q" in filters:
            artworks = artworks.none()
        return artworks

    @classmethod
    def tagged_artworks(cls, slug, sort):
        """The listed works that carry the tag `slug`, in no order, in the shape that finds
        a page of them fastest:

        - a common tag's works, in an order by date, are found by walking the listing in
          its order and checking each work against the (tag, work) index, stopping once a
          page is full: with a tag on a fifth of all work, a page reads a hundred-odd
          entries however large the gallery;
        - a rare tag's works are collected through the (tag, work) index and sorted: a
          walk would pass over most of the gallery before finding a page of them. So are
          a common tag's in the other orders (title, artist, favourites), for which SQLite
          sorts every listed work whatever the filter: sorting the tag's alone is cheaper.

        One query, reading at most COMMON_TAG_WORKS entries of the (tag, work) index, tells
        a common tag from a rare one. SQLite keeps no statistics to make that choice itself
        (it would walk for every tag); the choice suits PostgreSQL as well."""
        if sort in cls.DATE_SORTS:
            links = TaggedArtwork.objects.filter(tag=OuterRef("pk"))
            tag = (
                Tag.objects.filter(slug=slug)
                .annotate(common=Exists(links[cls.COMMON_TAG_WORKS :]))
                .values("pk", "common")
                .first()
            )
            if tag is None:
                return Artwork.objects.none()
            if tag["common"]:
                carries_tag = TaggedArtwork.objects.filter(
                    tag=tag["pk"], content_object=OuterRef("pk")
                )
                return Artwork.objects.listed().filter(Exists(carries_tag))
        # The listing's rules are applied inside the subquery, to the tag's works only: the
        # outer query then has no condition that SQLite could walk an index for.
        tagged = Artwork.objects.listed().filter(tagged_items__tag__slug=slug).values("pk")
        return Artwork.objects.filter(pk__in=tagged)

    @path("")
    def gallery(self, request):
        filter_form = self.filter_form_class(request.GET)
        filters = filter_form.applied
        # A member's gallery is not cached whole (hearts, the header): the page's works are
        # kept by key, so that with the grid from the fragment cache it loads no work at all.
        # Not the weekly favourites' order, which moves without the public version.
        paging = {name: request.GET[name] for name in PAGING_PARAMETERS if name in request.GET}
        listing = hashlib.sha256(urlencode({**filters, **paging}).encode()).hexdigest()[:32]
        by_counts = filters.get("sort") == "favourites"
        page_of_artworks, share_image = kept_page(
            None if by_counts else f"gallery-page:{public_version()}:{listing}",
            lambda: paginate(
                request,
                filter_form.artworks(self),
                settings.ARTWORKS_PER_PAGE,
                keys=self.sort_keys(filters.get("sort")),
                rows=Artwork.objects.for_cards(),
            ),
            Artwork.objects.listed().for_cards(),
            extras=lambda page: first_share_image(page.object_list),
        )
        tag_slug = slugify(filters.get("tag", ""), allow_unicode=True)
        return self.render(
            request,
            context_overrides={
                "artworks": page_of_artworks,
                "filters": filter_form,
                # The first work shown: on the plain gallery, the latest public work.
                "share_image": share_image,
                "public_version": public_version(),
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                # Pagination links keep the filters; so does the fragment cache's key.
                "extra_query": urlencode(filters),
                # Cards name this listing in their links (artworks.browsing): the artwork's
                # page then offers its neighbours here and a way back to this very page.
                "list_query": ArtworkList.for_gallery(filters, page_of_artworks).query_string(),
                "feed_url": reverse("tag_feed", args=[tag_slug])
                if tag_slug
                else reverse("artworks_feed"),
            },
        )

    @classmethod
    def tag_url(cls, slug):
        """The gallery filtered to the tag `slug`."""
        return f"{cls.cached_url()}?{urlencode({'tag': slug})}"

    @path("tags/", name="tags")
    def tags(self, request):
        """Every tag on public work, the most used first, with how many works carry it: one
        aggregate query, capped (a tag cloud of thousands helps no one). The aggregate reads
        every tag link (1.7 s for two million), so the cloud is kept under the public
        version: counted again once after a public change, not on every view. It is kept as
        the list's markup, so that a page built after a change prints it as it is rather
        than resolving three variables and a plural for each of 200 tags."""
        # "-2": the cloud's second form (markup, not Tag instances), so that a process of
        # the release before never reads one in a form it cannot print (rolling deploys).
        key = f"tag-cloud-2:{settings.TAGS_PAGE_MAX_TAGS}:{public_version()}"
        cloud = cache.get(key)
        if cloud is not None:
            # Built below with every name escaped; marked again so that no cache serializer
            # that forgets SafeString's class can have it printed as text.
            cloud = mark_safe(cloud)  # noqa: S308
        else:
            counted = (
                Tag.objects.filter(
                    artworks_taggedartwork_items__content_object__in=Artwork.objects.listed()
                )
                .annotate(
                    works=Count("artworks_taggedartwork_items__content_object", distinct=True)
                )
                .order_by("-works", "name", "pk")
                .values_list("name", "slug", "works")[: settings.TAGS_PAGE_MAX_TAGS]
            )
            cloud = format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="tag-count">{}</span></li>',
                (
                    (
                        GalleryPage.tag_url(slug),
                        name,
                        ngettext("%(works)s work", "%(works)s works", works) % {"works": works},
                    )
                    for name, slug, works in counted
                ),
            )
            cache.set(key, cloud, settings.PUBLIC_PAGE_CACHE_SECONDS or 600)
        return self.render(
            request, template="artworks/tags_page.html", context_overrides={"tag_cloud": cloud}
        )

    def get_sitemap_urls(self, request=None):
        """The gallery and its tags page. The artworks (routes, not pages) have a section of
        their own (artworks.sitemaps), paged for any number of them."""
        urls = super().get_sitemap_urls(request)
        page_url = self.get_full_url(request)
        urls.append({"location": urljoin(page_url, self.reverse_subpage("tags"))})
        return urls

    @re_path(r"^(?P<artwork_id>\d+)/(?:(?P<slug>[-\w]+)/)?$", name="artwork")
    def artwork(self, request, artwork_id, slug=None):
        artwork = Artwork.objects.public().for_detail().filter(pk=artwork_id).first()
        if artwork is None:
            raise Http404("No such artwork.")
        # The list the visitor came from, checked; any other spelling of it (an unknown
        # parameter, a default value written out) redirects to the one canonical address, so
        # the page cache keeps one copy per list and work.
        artwork_list = ArtworkList.from_request(request, self)
        canonical_query = artwork_list.query_string() if artwork_list else ""
        if slug != artwork.slug or (
            request.META.get("QUERY_STRING", "") and request.GET.urlencode() != canonical_query
        ):
            # One address per work: the title's slug follows the id, and old slugs redirect.
            address = artwork.get_absolute_url()
            if canonical_query:
                address = f"{address}?{canonical_query}"
            return redirect(address, permanent=slug != artwork.slug)
        browsing = artwork_list.resolve(artwork, self) if artwork_list else None
        share = artwork.share_rendition if artwork.detail_ready else None
        more_by_artist = (
            Artwork.objects.listed()
            .filter(artist_id=artwork.artist_id)
            .exclude(pk=artwork.pk)
            .newest_first()
            .for_cards()[: self.MORE_BY_ARTIST]
        )
        return TemplateResponse(
            request,
            "artworks/artwork_detail.html",
            {
                "page": self,
                "self": self,
                "artwork": artwork,
                "browsing": browsing,
                "more_by_artist": more_by_artist,
                "share": share,
                "share_image": share_image_of(artwork) if share else None,
                "structured_data": artwork.structured_data(request, share.url if share else None),
            },
        )
