"""Page-numbered listings that never count the whole table.

A listing fetches one row more than a page holds to know whether another page follows, so a
page costs the same query however many rows there are; "page 3 of 4,170" would need a COUNT
over every row on every view."""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery

#: The query parameters that choose a page of a listing (as opposed to what is listed).
PAGING_PARAMETERS = ("page", "after", "before")


@dataclass
class ListingPage:
    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def page_number(request, limit=100_000):
    """`?page=` as a number from 1; anything malformed is page 1."""
    try:
        return min(max(int(request.GET.get("page", 1)), 1), limit)
    except (TypeError, ValueError):
        return 1


def paginate(request, items, per_page):
    """The page of `items` (a queryset) that `?page=` asks for. A page past the end is empty
    (the template offers the first page) rather than an error, as an old shared link should
    be.

    Rows are skipped in a subquery that reads only primary keys, which an index covers, and
    only the page's own rows are then loaded ("deferred join"): page 4,000 costs about what
    page 1 does, in the same single query."""
    number = page_number(request)
    start = (number - 1) * per_page
    page_keys = Subquery(items.values("pk")[start : start + per_page + 1])
    if items.query.annotations:
        page = items.filter(pk__in=page_keys)
    else:
        # The keys already satisfy every filter: the outer query looks rows up by key alone
        # (repeating the filters would let the database walk the whole index again).
        page = items.model._default_manager.filter(pk__in=page_keys)
        page.query.select_related = items.query.select_related
        page = page.prefetch_related(*items._prefetch_related_lookups).order_by(
            *items.query.order_by
        )
    rows = list(page)
    return ListingPage(rows[:per_page], number, has_next=len(rows) > per_page)


class WorksByKey(Sequence):
    """A page's works known by their primary keys, loaded (one query with the listing's
    prefetches, in the keys' order) only when something reads them. A page whose grid comes
    from the fragment cache never does: it needs the keys alone (the hearts' state, whether
    the page is empty)."""

    def __init__(self, pks, queryset):
        self.pks = pks
        self.queryset = queryset
        self.rows = None

    def loaded(self):
        if self.rows is None:
            by_pk = {row.pk: row for row in self.queryset.filter(pk__in=self.pks)}
            # A work that stopped being listed moved the public version, and with it the
            # key the page was kept under; dropping it here is only a guard.
            self.rows = [by_pk[pk] for pk in self.pks if pk in by_pk]
        return self.rows

    def __bool__(self):
        return bool(self.pks)

    def __len__(self):
        return len(self.loaded())

    def __iter__(self):
        return iter(self.loaded())

    def __getitem__(self, index):
        return self.loaded()[index]


def kept_page(key, build, queryset, extras=None):
    """The page `build()` returns, kept in the cache under `key` (which must name the public
    content version and everything that chose the page) as the keys of its works and
    `extras(page)`, whatever the page needs besides them. A later request with the same key
    makes no query for the page: its works are loaded from `queryset` by key only if read
    (WorksByKey). Returns the page and its extras. No key: a listing that changes without
    the public version (an order by counts), built every time."""
    if key is None or not settings.PUBLIC_PAGE_CACHE_SECONDS:
        page = build()
        return page, extras(page) if extras else None
    kept = cache.get(key)
    if kept is not None:
        page, more = kept
        return replace(page, object_list=WorksByKey(page.object_list, queryset)), more
    page = build()
    more = extras(page) if extras else None
    pks = [work.pk for work in page.object_list]
    cache.set(key, (replace(page, object_list=pks), more), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return page, more
