"""Page-numbered listings that never count the whole table.

A listing fetches one row more than a page holds to know whether another page follows, so a
page costs the same query however many rows there are; "page 3 of 4,170" would need a COUNT
over every row on every view.

A listing that names its order's keys pages by cursor ("keyset"): Next carries the primary
key of the last row shown (`?page=3&after=<pk>`), Previous the first (`?page=2&before=<pk>`),
and the page is the rows just past that row in the order, read from the order's index
wherever the row sits. `page` is then only the number shown. A plain `?page=N` (an old shared
link, a listing without keys) still skips rows by position."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Subquery

#: The longest primary key a cursor may name; anything longer is no cursor at all.
CURSOR_DIGITS = 12

#: The query parameters that choose a page of a listing (as opposed to what is listed).
PAGING_PARAMETERS = ("page", "after", "before")


@dataclass
class ListingPage:
    object_list: list
    number: int
    has_next: bool
    #: Keyset paging only: the pks of the first and last rows shown, the cursor
    #: (`{"after": "123"}` or `{"before": "123"}`) that asked for this page, if any, and
    #: whether rows come before this page (known for a cursor page).
    keyed: bool = False
    first_pk: int | None = None
    last_pk: int | None = None
    cursor: dict = field(default_factory=dict)
    more_before: bool = False

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_previous(self):
        if self.keyed and self.cursor:
            return self.more_before
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

    @property
    def next_query(self):
        """What the Next link adds to the listing's own query string."""
        if self.keyed:
            return f"page={self.next_page_number}&after={self.last_pk}"
        return f"page={self.next_page_number}"

    @property
    def previous_query(self):
        """What the Previous link adds to the listing's own query string; empty for the first
        page of a keyset listing, whose address is the bare one."""
        if not self.keyed:
            return f"page={self.previous_page_number}"
        if self.previous_page_number <= 1:
            return ""
        return f"page={self.previous_page_number}&before={self.first_pk}"

    @property
    def paging(self):
        """The query parameters naming this very page (none for the first), for links back
        to it and for keys of what is cached per page."""
        return {**({"page": str(self.number)} if self.number > 1 else {}), **self.cursor}


def page_number(request, limit=100_000):
    """`?page=` as a number from 1; anything malformed is page 1."""
    try:
        return min(max(int(request.GET.get("page", 1)), 1), limit)
    except (TypeError, ValueError):
        return 1


def page_cursor(request):
    """`?after=` or `?before=` as `{"after": "123"}`, or {} when neither is a plain number of
    at most CURSOR_DIGITS digits (`after` wins when both are given)."""
    for direction in ("after", "before"):
        value = request.GET.get(direction, "")
        if value.isascii() and value.isdigit() and len(value) <= CURSOR_DIGITS:
            return {direction: str(int(value))}
    return {}


def key_expressions(keys):
    """The order's keys (see rows_beyond) as named expressions, to annotate or alias."""
    return {
        f"order_key_{number}": F(expression) if isinstance(expression, str) else expression
        for number, (expression, _) in enumerate(keys)
    }


def anchor_of(model, keys, pk):
    """The key values of the row `pk`, or None when there is none: one query by primary key
    on the model's default manager, so a row hidden since it was shown still anchors its
    neighbours."""
    expressions = key_expressions(keys)
    return model._default_manager.filter(pk=pk).annotate(**expressions).values(*expressions).first()


def rows_beyond(items, keys, anchor, limit, forwards=True, also=()):
    """The `limit` rows of `items` nearest past the row whose key values are `anchor` (from
    anchor_of): strictly after it, or strictly before it backwards. Each row as a dict of its
    primary key, its order keys and the fields named in `also`, nearest first.

    `keys` are the order's (expression or field name, runs downwards) pairs, the last one the
    primary key so that the order is total; `items` must already be ordered by them (its own
    ordering may name leading columns every row shares, which its filters must then fix by
    equality). Backwards, its order is reversed.

    Past the anchor means, for some key, equal on the keys before it and past it on that one.
    Each such level is a range of the order's index read from where it starts, `limit` rows
    at most; one query joins the levels (UNION ALL, each looked up by key) and keeps the
    nearest `limit`. Written as one condition (`a > x OR (a = x AND pk > y)`), or as an OR of
    the levels, the database walks the index from its start and filters, as OFFSET does:
    fine at 20,000 rows, seconds at a million."""
    expressions = key_expressions(keys)
    names = list(expressions)
    ordered = items.alias(**expressions)
    if not forwards:
        ordered = ordered.reverse()
    levels = []
    for position, name in enumerate(names):
        downwards = keys[position][1] == forwards
        equal = {earlier: anchor[earlier] for earlier in names[:position]}
        past = {f"{name}__{'lt' if downwards else 'gt'}": anchor[name]}
        level = ordered.filter(**equal, **past).values("pk")[:limit]
        # Wrapped: a member of a compound query may not have its own ORDER BY and LIMIT.
        levels.append(
            items.model._default_manager.filter(pk__in=Subquery(level))
            .annotate(**expressions)
            .values("pk", *names, *also)
            .order_by()
        )
    nearest = levels[0].union(*levels[1:], all=True) if len(levels) > 1 else levels[0]
    order = [
        f"-{name}" if keys[position][1] == forwards else name for position, name in enumerate(names)
    ]
    return list(nearest.order_by(*order)[:limit])


def in_key_order(rows, keys):
    """`rows` in the order `keys` describe (see rows_beyond)."""
    expressions = key_expressions(keys)
    return rows.alias(**expressions).order_by(
        *(
            f"-{name}" if downwards else name
            for name, (_, downwards) in zip(expressions, keys, strict=True)
        )
    )


def load_rows(items, pks, rows=None):
    """The rows with these primary keys, in the keys' order, with the listing's related rows
    and prefetches: from `rows` (see paginate) looked up by key alone, else from `items`; in
    no order of the database's (an ORDER BY here would tempt it to walk its order's index
    again)."""
    found = (items if rows is None else rows).filter(pk__in=pks).order_by()
    by_pk = {row.pk: row for row in found}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def paginate(request, items, per_page, keys=None, rows=None):
    """The page of `items` (a queryset) that `?page=` asks for. A page past the end is empty
    (the template offers the first page) rather than an error, as an old shared link should
    be.

    With `keys` (see rows_beyond), a cursor (`?after=` / `?before=`) picks the rows instead;
    a cursor naming no row gives the first page.

    Rows are skipped in a subquery that reads only primary keys, which an index covers, and
    only the page's own rows are then loaded ("deferred join"): page 4,000 costs about what
    page 1 does, in the same single query; by cursor, it costs what page 1 costs.

    `rows` is the listing without its filters: its model's rows with the same related rows
    and prefetches, in its order (or none, with `keys`: the keys' order is then given). The
    page's rows are looked up in it by key alone: repeating the filters beside the keys would
    let the database walk the whole listing's index again. Without `rows` they are looked up
    in `items`, filters and all, as a listing whose rows carry annotations must be."""
    number = page_number(request)
    cursor = page_cursor(request) if keys else {}
    if keys and not cursor and ("after" in request.GET or "before" in request.GET):
        number = 1  # a cursor that names no row: the first page, as an unknown one
    if cursor:
        direction, anchor_pk = next(iter(cursor.items()))
        anchor = anchor_of(items.model, keys, int(anchor_pk))
        if anchor is None:
            number, cursor = 1, {}
            shown = load_page(items, 0, per_page + 1, rows, keys)
        else:
            nearest = rows_beyond(items, keys, anchor, per_page + 1, direction == "after")
            shown = load_rows(items, [row["pk"] for row in nearest], rows)
    else:
        shown = load_page(items, (number - 1) * per_page, per_page + 1, rows, keys)
    more = len(shown) > per_page
    shown = shown[:per_page]
    page = ListingPage(shown, number, has_next=more, keyed=bool(keys), cursor=cursor)
    if cursor.get("before"):
        # Read backwards from the anchor: the anchor and what follows it come next.
        shown.reverse()
        page.has_next, page.more_before = True, more
    elif cursor:
        page.more_before = True
    if shown:
        page.first_pk, page.last_pk = shown[0].pk, shown[-1].pk
    return page


def load_page(items, start, count, rows=None, keys=None):
    """`count` rows of `items` from position `start`, in its order, by deferred join: looked
    up in `rows` (see paginate) by key alone when given, else in `items`."""
    page_keys = Subquery(items.values("pk")[start : start + count])
    if rows is None:
        return list(items.filter(pk__in=page_keys))
    page = rows.filter(pk__in=page_keys)
    return list(in_key_order(page, keys) if keys else page)


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
