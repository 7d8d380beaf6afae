"""
The list a visitor opened an artwork from (the gallery with its filters, order and page, an
artist's page, an exhibition), carried in the artwork's address as a short query string
(`?from=gallery&sort=title&tag=ink&page=2&after=1234`, with the page's cursor), so that its
page can offer the previous and next work of that list and a way back to the very same page.

The query string is read, never trusted: every value is checked as the list's own page checks
it, anything unknown is dropped, and the artwork page redirects any other spelling to the one
canonical query string. So the anonymous page cache, keyed by the full address, keeps one
page per list and work, and a made-up parameter never gets a cache entry of its own. The
page's canonical link stays the bare address.

Neighbours are found by keyset: the row just before and just after the work in the list's
own order, one indexed query each, whatever the length of the list.
"""

from dataclasses import dataclass, field

from django.utils.http import urlencode
from django.utils.translation import gettext

from wagtail.models import Page

from core.pagination import anchor_of, page_cursor, page_number, rows_beyond

GALLERY, ARTIST, EXHIBITION = "gallery", "artist", "exhibition"
#: The parameters that name a page of a list rather than the list.
PAGING = ("page", "after", "before")


@dataclass(frozen=True)
class ArtworkList:
    """One list of works, as its card links name it. `params` holds only checked values, in
    a fixed order: they are the canonical query string."""

    source: str
    params: dict = field(default_factory=dict)

    @classmethod
    def from_request(cls, request, gallery):
        """The list named by the request's query string, or None when it names none that
        exists (a bad `from`, an unknown exhibition)."""
        source = request.GET.get("from")
        page = page_number(request)
        paging = {**({"page": str(page)} if page > 1 else {}), **page_cursor(request)}
        if source == GALLERY:
            return cls(GALLERY, {**gallery.filter_form_class(request.GET).applied, **paging})
        if source == ARTIST:
            return cls(ARTIST, paging)
        if source == EXHIBITION:
            show = request.GET.get("show", "")
            if show.isascii() and show.isdigit() and len(show) < 10:
                return cls(EXHIBITION, {"show": str(int(show))})
        return None

    @classmethod
    def for_gallery(cls, filters, listing_page):
        """The gallery with its filters, at the page (and cursor) `listing_page` shows."""
        return cls(GALLERY, {**filters, **listing_page.paging})

    @classmethod
    def for_artist(cls, listing_page):
        return cls(ARTIST, listing_page.paging)

    @classmethod
    def for_exhibition(cls, exhibition):
        return cls(EXHIBITION, {"show": str(exhibition.pk)})

    def query_string(self):
        """What card links add to an artwork's address."""
        return urlencode({"from": self.source, **self.params})

    def gallery_filters(self):
        return {name: value for name, value in self.params.items() if name not in PAGING}

    def paging_query(self):
        paging = {name: value for name, value in self.params.items() if name in PAGING}
        return f"?{urlencode(paging)}" if paging else ""

    def resolve(self, artwork, gallery):
        """The list as the artwork page shows it: where "Back" goes, what it is called, and
        the works before and after this one (None at either end)."""
        if self.source == GALLERY:
            filters = self.gallery_filters()
            sort = filters.get("sort")
            artworks = gallery.sort_artworks(gallery.filtered_artworks(filters), sort)
            keys = gallery.sort_keys(sort)
            query = urlencode(self.params)
            back = f"{gallery.cached_url()}{'?' + query if query else ''}"
            name = gettext("the gallery")
            return Browsing(self, back, name, *keyset_neighbours(artworks, keys, artwork))
        if self.source == ARTIST:
            artist = artwork.artist
            artworks = artwork.__class__.objects.listed().filter(artist=artist).newest_first()
            keys = gallery.sort_keys(None)
            back = f"{artist.get_absolute_url()}{self.paging_query()}"
            name = gettext("{artist}’s work").format(artist=artist.public_name)
            return Browsing(self, back, name, *keyset_neighbours(artworks, keys, artwork))
        return self.resolve_exhibition(artwork)

    def resolve_exhibition(self, artwork):
        """An exhibition's works are the ones its curator chose, in the curator's order (a
        few dozen ids read from the page's JSON, not a query over all works). Any page that
        offers `chosen_artwork_ids()` is such a list; this app names no other app's model."""
        show = Page.objects.live().public().filter(pk=self.params["show"]).specific().first()
        if show is None or not hasattr(show, "chosen_artwork_ids"):
            return None
        chosen = show.chosen_artwork_ids()
        shown = dict(
            artwork.__class__.objects.listed().filter(pk__in=chosen).values_list("pk", "title")
        )
        order = [pk for pk in chosen if pk in shown]
        previous = following = None
        if artwork.pk in order:
            position = order.index(artwork.pk)
            if position > 0:
                previous = Neighbour(order[position - 1], shown[order[position - 1]])
            if position + 1 < len(order):
                following = Neighbour(order[position + 1], shown[order[position + 1]])
        return Browsing(self, show.url, show.title, previous, following)


@dataclass
class Neighbour:
    """The previous or next work: all its link needs."""

    pk: int
    title: str

    def get_absolute_url(self):
        from .models import Artwork

        return Artwork(pk=self.pk, title=self.title).get_absolute_url()


@dataclass
class Browsing:
    artwork_list: ArtworkList
    back_url: str
    name: str
    previous: Neighbour | None
    next: Neighbour | None

    @property
    def query_string(self):
        return self.artwork_list.query_string()


def keyset_neighbours(artworks, keys, artwork):
    """The works just before and just after `artwork` in `artworks` (ordered by `keys`, as
    core.pagination.rows_beyond takes them). Three small queries: the work's own keys,
    then one row on each side."""
    anchor = anchor_of(artworks.model, keys, artwork.pk)
    if anchor is None:
        return None, None

    def beyond(forwards):
        rows = rows_beyond(artworks, keys, anchor, 1, forwards, also=("title",))
        return Neighbour(rows[0]["pk"], rows[0]["title"]) if rows else None

    return beyond(forwards=False), beyond(forwards=True)
