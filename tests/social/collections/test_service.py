"""The collection service's rules."""

import pytest

from django.db import IntegrityError, transaction

from artworks.models import Artwork
from social import collections
from social.collections import CollectionRefused
from social.models import Collection, CollectionItem
from tests.factories import create_artwork
from tests.social.collections.helpers import hide

pytestmark = pytest.mark.django_db


# --- The service -------------------------------------------------------------------------------


def test_a_member_creates_a_collection_private_by_default(member):
    collection = collections.create_collection(member, "  Blue hours ", "Evening light")
    assert (collection.name, collection.slug, collection.is_public) == (
        "Blue hours",
        "blue-hours",
        False,
    )
    assert collection.get_absolute_url() == f"/collections/{collection.pk}-blue-hours/"


def test_a_work_is_collected_once_at_the_end_with_its_note(member, ada, work):
    collection = collections.create_collection(member, "Engines")
    second = create_artwork(ada, title="Difference engine")
    first_item = collections.add_work(member, collection, work, "The first computer")
    collections.add_work(member, collection, second)
    again = collections.add_work(member, collection, work, "changed")
    assert again.pk == first_item.pk
    assert again.note == "The first computer"
    assert [a.title for a in collections.shown_artworks(collection)] == [
        "Analytical engine",
        "Difference engine",
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectionItem.objects.create(collection=collection, artwork=work)


@pytest.mark.parametrize(
    "change",
    [
        {"status": Artwork.Status.HIDDEN},
        {"status": Artwork.Status.HELD},
        {"status": Artwork.Status.AWAITING_REVIEW},
        {"visibility": Artwork.Visibility.UNLISTED},
        {"artist_active": False},
    ],
)
def test_only_listed_public_work_can_be_added(member, work, change):
    collection = collections.create_collection(member, "Engines")
    hide(work, **change)
    with pytest.raises(CollectionRefused, match="Only public work"):
        collections.add_work(member, collection, work)
    assert not CollectionItem.objects.exists()


def test_other_members_collections_are_404_to_every_change(member, ada, work):
    from django.http import Http404

    collection = collections.create_collection(ada, "Ada's own")
    item = collections.add_work(ada, collection, work)
    for change in (
        lambda: collections.add_work(member, collection, work),
        lambda: collections.update_collection(
            member, collection, name="Mine", description="", is_public=True
        ),
        lambda: collections.delete_collection(member, collection),
        lambda: collections.remove_work(member, collection, item.pk),
        lambda: collections.edit_note(member, collection, item.pk, "mine"),
        lambda: collections.move_work(member, collection, item.pk, "up"),
    ):
        with pytest.raises(Http404):
            change()
    collection.refresh_from_db()
    assert collection.name == "Ada's own"
    assert CollectionItem.objects.get().note == ""


def test_a_member_keeps_at_most_the_limit_of_collections(member, settings):
    settings.COLLECTIONS_PER_MEMBER = 2
    collections.create_collection(member, "One")
    collections.create_collection(member, "Two")
    with pytest.raises(CollectionRefused, match="2 collections"):
        collections.create_collection(member, "Three")
    assert Collection.objects.count() == 2


def test_a_collection_holds_at_most_the_limit_of_works(member, ada, settings):
    settings.COLLECTION_MAX_WORKS = 1
    collection = collections.create_collection(member, "Small")
    collections.add_work(member, collection, create_artwork(ada, title="One"))
    with pytest.raises(CollectionRefused, match="holds 1 works"):
        collections.add_work(member, collection, create_artwork(ada, title="Two"))
    assert CollectionItem.objects.count() == 1


def test_moving_swaps_with_the_shown_neighbour_and_stops_at_the_ends(member, ada):
    collection = collections.create_collection(member, "Order")
    works = [create_artwork(ada, title=title) for title in ("A", "B", "C")]
    items = [collections.add_work(member, collection, w) for w in works]

    def order():
        return [a.title for a in collections.shown_artworks(collection)]

    collections.move_work(member, collection, items[2].pk, "up")
    assert order() == ["A", "C", "B"]
    collections.move_work(member, collection, items[0].pk, "up")  # already first
    assert order() == ["A", "C", "B"]
    # A hidden work is stepped over: B moves above A in one press.
    hide(works[2], status=Artwork.Status.HIDDEN)
    collections.move_work(member, collection, items[1].pk, "up")
    assert order() == ["B", "A"]
    with pytest.raises(CollectionRefused):
        collections.move_work(member, collection, items[1].pk, "sideways")


def test_names_and_notes_are_checked(member, work):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        collections.create_collection(member, "")
    with pytest.raises(ValidationError):
        collections.create_collection(member, "x" * 81)
    with pytest.raises(ValidationError):
        collections.create_collection(member, "Two\nlines")
    collection = collections.create_collection(member, "Fine")
    with pytest.raises(ValidationError):
        collections.add_work(member, collection, work, "n" * 501)
    assert not CollectionItem.objects.exists()
    assert Collection.objects.count() == 1


def test_collections_go_with_the_account(member, work):
    collection = collections.create_collection(member, "Mine")
    collections.add_work(member, collection, work)
    member.delete()
    assert not Collection.objects.exists()
    assert not CollectionItem.objects.exists()


def test_deleting_a_work_takes_it_out_of_collections(member, work):
    collection = collections.create_collection(member, "Mine")
    collections.add_work(member, collection, work)
    work.delete()
    assert not CollectionItem.objects.exists()


def test_the_export_holds_collections_and_notes(member, ada, work):
    collection = collections.create_collection(member, "Engines", is_public=True)
    collections.add_work(member, collection, work, "Lovely")
    hidden = create_artwork(ada, title="Secret")
    collections.add_work(member, collection, hidden, "Gone")
    hide(hidden, status=Artwork.Status.HIDDEN)
    exported = collections.export_collections(member)
    assert len(exported) == 1
    assert exported[0]["name"] == "Engines"
    assert exported[0]["public"] is True
    first, second = exported[0]["works"]
    assert (first["title"], first["note"]) == ("Analytical engine", "Lovely")
    assert "title" not in second and second["note"] == "Gone"
    import json

    json.dumps(exported)  # serialisable as it is


def test_items_are_shown_by_the_same_rules_as_every_listing(member, ada):
    """social.collections.listed_through spells Artwork.listed() out as joins: the same works."""
    collection = collections.create_collection(member, "Every state")
    changes = [
        {},
        {"status": Artwork.Status.HIDDEN},
        {"status": Artwork.Status.HELD},
        {"status": Artwork.Status.AWAITING_REVIEW},
        {"visibility": Artwork.Visibility.UNLISTED},
        {"artist_active": False},
    ]
    for number, change in enumerate(changes):
        artwork = create_artwork(ada, title=f"State {number}")
        CollectionItem.objects.create(collection=collection, artwork=artwork, sort_order=number)
        hide(artwork, **change)
    shown = CollectionItem.objects.filter(collections.listed_through("artwork"))
    assert {item.artwork_id for item in shown} == set(
        Artwork.objects.listed().values_list("pk", flat=True)
    )
    assert shown.count() == 1
