"""Page-numbered listings that never count the whole table.

A listing fetches one row more than a page holds to know whether another page follows, so a
page costs the same query however many rows there are; "page 3 of 4,170" would need a COUNT
over every row on every view."""

from dataclasses import dataclass

from django.db.models import Subquery


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
