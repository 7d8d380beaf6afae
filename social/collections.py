"""The collections service: every path that creates, changes or deletes a collection, or what is
in it, goes through here, with the acting member passed explicitly. Only the owner may change a
collection: anyone else is told it does not exist (404), as for another member's artwork.

Reads for pages live here too (`shown_artworks`, `public_collections_of`), so every page that
shows a collection applies the same rule: only listed, public work of active artists, whatever
rows the collection still holds. A work that is hidden, held, unlisted or whose artist is
suspended keeps its row (it comes back if the work does) but drops out of every view.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from artworks.models import Artwork
from core.public_cache import public_content_changed

from .models import Collection, CollectionItem


class CollectionRefused(Exception):
    """A change that cannot be made; the message is for the member."""


NOT_PUBLIC = _("Only public work can be added to a collection.")


def listed_artworks():
    """What a collection may show and take: the works listings show (Artwork.listed)."""
    return Artwork.objects.listed()


def listed_through(path):
    """Artwork.listed()'s rules as lookups through a relation (`path` leads to an artwork),
    so a collection's items are checked by joining to their own works: an `IN (listed
    works)` subquery would make the database read every listed work of the site. The test
    test_a_work_that_stops_being_public_drops_out_of_every_view holds the two together."""
    return Q(
        **{
            f"{path}__status": Artwork.Status.PUBLISHED,
            f"{path}__artist_active": True,
            f"{path}__visibility": Artwork.Visibility.LISTED,
        }
    )


def own_collection(member, collection_id):
    """The member's collection by its id, or 404: another member's collection (or one that
    does not exist) looks the same to them."""
    collection = Collection.objects.filter(pk=collection_id, owner_id=member.pk).first()
    if collection is None:
        raise Http404("No such collection.")
    return collection


def _changed(collection, was_public=False):
    """Move the public content version on when visitors could see something the member has
    just changed or withdrawn (a public collection's name, description or notes, a work taken
    out, the collection made private or deleted): no cached page keeps it. What only adds to a
    public collection (a work added, a new order) calls nothing and reaches visitors once
    cached pages expire (PUBLIC_PAGE_CACHE_SECONDS): collecting is frequent, and moving the
    version empties every cached page of the site."""
    if collection.is_public or was_public:
        public_content_changed()


def _checked(collection):
    collection.name = collection.name.strip()
    collection.full_clean(exclude=["owner", "slug"])


def create_collection(member, name, description="", is_public=False):
    """A new collection of `member`'s, checked (name, length, the per-member limit)."""
    collection = Collection(
        owner=member, name=name, description=description.strip(), is_public=is_public
    )
    _checked(collection)
    with transaction.atomic():
        # The member's row locked: two creations racing each other cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=member.pk).first()
        if Collection.objects.filter(owner_id=member.pk).count() >= settings.COLLECTIONS_PER_MEMBER:
            limit = settings.COLLECTIONS_PER_MEMBER
            raise CollectionRefused(
                # English keeps the plural for every limit, as the page has always said;
                # ngettext gives other languages their forms for the number.
                ngettext(
                    "You have %(limit)s collections, the most one member may keep. "
                    "Delete one first.",
                    "You have %(limit)s collections, the most one member may keep. "
                    "Delete one first.",
                    limit,
                )
                % {"limit": limit}
            )
        collection.save()
    return collection


def update_collection(member, collection, *, name, description, is_public):
    """Rename, describe, make public or private; the slug follows the name."""
    collection = own_collection(member, collection.pk)
    was_public = collection.is_public
    collection.name, collection.description = name, description.strip()
    collection.is_public = is_public
    _checked(collection)
    with transaction.atomic():
        collection.save()
        _changed(collection, was_public)
    return collection


def delete_collection(member, collection):
    collection = own_collection(member, collection.pk)
    with transaction.atomic():
        collection.delete()
        _changed(collection)


def _touch(collection):
    """An item changed: the collection counts as changed (its lists are newest first)."""
    collection.save(update_fields=["updated_at"])


def add_work(member, collection, artwork, note=""):
    """Put a listed public work at the end of `member`'s collection, with an optional note.
    A work already there keeps its place and note. Returns the item."""
    collection = own_collection(member, collection.pk)
    if not listed_artworks().filter(pk=artwork.pk).exists():
        raise CollectionRefused(NOT_PUBLIC)
    item = CollectionItem(collection=collection, artwork=artwork, note=note.strip())
    item.full_clean(exclude=["collection", "artwork", "sort_order"], validate_constraints=False)
    with transaction.atomic():
        # The collection's row locked: the limit and the next place hold under racing adds.
        Collection.objects.select_for_update().filter(pk=collection.pk).first()
        existing = CollectionItem.objects.filter(collection=collection, artwork=artwork).first()
        if existing is not None:
            return existing
        items = CollectionItem.objects.filter(collection=collection)
        if items.count() >= settings.COLLECTION_MAX_WORKS:
            limit = settings.COLLECTION_MAX_WORKS
            raise CollectionRefused(
                # English keeps the plural for every limit, as the page has always said;
                # ngettext gives other languages their forms for the number.
                ngettext(
                    "This collection holds %(limit)s works, the most it can. Remove one first.",
                    "This collection holds %(limit)s works, the most it can. Remove one first.",
                    limit,
                )
                % {"limit": limit}
            )
        last = items.aggregate(last=Max("sort_order"))["last"]
        item.sort_order = 0 if last is None else last + 1
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            return CollectionItem.objects.get(collection=collection, artwork=artwork)
        _touch(collection)
    return item


def own_item(member, collection, item_id):
    """One shown item of the member's collection, or 404 (a work no longer public cannot be
    acted on: it is not shown)."""
    collection = own_collection(member, collection.pk)
    item = (
        CollectionItem.objects.filter(pk=item_id, collection=collection)
        .filter(listed_through("artwork"))
        .first()
    )
    if item is None:
        raise Http404("No such work in this collection.")
    return collection, item


def remove_work(member, collection, item_id):
    collection, item = own_item(member, collection, item_id)
    with transaction.atomic():
        item.delete()
        _touch(collection)
        _changed(collection)


def edit_note(member, collection, item_id, note):
    collection, item = own_item(member, collection, item_id)
    item.note = note.strip()
    item.full_clean(exclude=["collection", "artwork", "sort_order"], validate_constraints=False)
    with transaction.atomic():
        item.save(update_fields=["note"])
        _touch(collection)
        _changed(collection)
    return item


def move_work(member, collection, item_id, direction):
    """Swap the work with its neighbour among the works shown ("up": towards the start).
    Works no longer shown are stepped over, so every press moves the work visibly. At either
    end nothing changes."""
    if direction not in ("up", "down"):
        raise CollectionRefused(gettext("Choose to move the work up or down."))
    collection, item = own_item(member, collection, item_id)
    with transaction.atomic():
        Collection.objects.select_for_update().filter(pk=collection.pk).first()
        shown = CollectionItem.objects.filter(listed_through("artwork"), collection=collection)
        # The next work shown in the direction asked for, by (sort_order, pk).
        compare, order = (
            ("lt", ("-sort_order", "-pk")) if direction == "up" else ("gt", ("sort_order", "pk"))
        )
        neighbour = (
            shown.filter(
                Q(**{f"sort_order__{compare}": item.sort_order})
                | Q(sort_order=item.sort_order, **{f"pk__{compare}": item.pk})
            )
            .order_by(*order)
            .first()
        )
        if neighbour is None:
            return item
        if neighbour.sort_order == item.sort_order:
            # Equal places (never made by add_work, but cheap to mend): make them distinct.
            neighbour.sort_order += 1 if direction == "up" else -1
        item.sort_order, neighbour.sort_order = neighbour.sort_order, item.sort_order
        CollectionItem.objects.bulk_update([item, neighbour], ["sort_order"])
        _touch(collection)
    return item


# --- Reads -------------------------------------------------------------------------------------


def shown_artworks(collection):
    """The collection's works as every page shows them: listed public work of active artists,
    in the collector's order, each with its `note` and `item_id`, ready for cards (one query
    for the works and one for their renditions, whatever the number)."""
    return (
        listed_artworks()
        .filter(collection_items__collection=collection)
        # The filter's join is reused: one row per work, with this collection's note.
        .annotate(
            note=F("collection_items__note"),
            item_id=F("collection_items__pk"),
            position=F("collection_items__sort_order"),
        )
        .order_by("position", "item_id")
        .for_cards()
    )


def visible_to(collection, member):
    """Whether `member` (or an anonymous visitor) may open the collection's page: anyone when
    it is public and its owner active; the owner always."""
    if member.is_authenticated and member.pk == collection.owner_id:
        return True
    return collection.is_public and collection.owner.is_active


def public_collections_of(member, limit=None):
    """The member's public collections that show at least one work, most recently changed
    first, each with `works` (how many are shown) and `cover` (the first shown work, ready for
    a card, or None). Three queries whatever the numbers (one when there are none)."""
    shown_items = CollectionItem.objects.filter(listed_through("artwork"))
    collections = list(
        Collection.objects.filter(owner_id=member.pk, is_public=True)
        .annotate(
            works=Count("items", filter=listed_through("items__artwork")),
            cover_id=Subquery(
                shown_items.filter(collection=OuterRef("pk"))
                .order_by("sort_order", "pk")
                .values("artwork_id")[:1]
            ),
        )
        .filter(works__gt=0)
        .order_by("-updated_at", "-pk")[: limit or settings.ARTIST_PAGE_COLLECTIONS]
    )
    if collections:
        covers = listed_artworks().for_cards().in_bulk([c.cover_id for c in collections])
        for collection in collections:
            collection.cover = covers.get(collection.cover_id)
    return collections


def own_collections_with_counts(member):
    """The member's own collections, most recently changed first, each with `works` (how many
    it shows): one query."""
    return (
        Collection.objects.filter(owner_id=member.pk)
        .annotate(works=Count("items", filter=listed_through("items__artwork")))
        .order_by("-updated_at", "-pk")
    )


def structured_data(collection, request):
    """schema.org CollectionPage for search engines (escaped by the json_ld tag)."""
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": collection.name,
        "url": request.build_absolute_uri(collection.get_absolute_url()),
        "author": {
            "@type": "Person",
            "name": collection.owner.public_name,
            "url": request.build_absolute_uri(collection.owner.get_absolute_url()),
        },
    }
    if collection.description:
        data["description"] = collection.description
    return data


def collections_for_picker(member):
    """The member's collections for the artwork page's "Add to collection" control: names
    only, one query."""
    return list(
        Collection.objects.filter(owner_id=member.pk)
        .order_by("-updated_at", "-pk")
        .only("pk", "name")[: settings.COLLECTIONS_PER_MEMBER]
    )


# --- The member's data ---------------------------------------------------------------------------


def export_collections(member):
    """The member's collections and notes, for the account export (called from
    social/account_data.py). A work's title and address are given while it is public; a work
    no longer public is named by its id only."""
    items_by_collection = {}
    for item in (
        CollectionItem.objects.filter(collection__owner_id=member.pk)
        .select_related("artwork")
        .order_by("sort_order", "pk")
    ):
        artwork = item.artwork
        entry = {
            "artwork_id": item.artwork_id,
            "note": item.note,
            "added_at": item.added_at.isoformat(),
        }
        if artwork.status == Artwork.Status.PUBLISHED and artwork.artist_active:
            entry.update(title=artwork.title, url=artwork.get_absolute_url())
        items_by_collection.setdefault(item.collection_id, []).append(entry)
    return [
        {
            "name": collection.name,
            "description": collection.description,
            "public": collection.is_public,
            "url": collection.get_absolute_url(),
            "created_at": collection.created_at.isoformat(),
            "updated_at": collection.updated_at.isoformat(),
            "works": items_by_collection.get(collection.pk, []),
        }
        for collection in Collection.objects.filter(owner_id=member.pk).order_by("created_at")
    ]
