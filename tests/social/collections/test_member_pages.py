"""A member's collection pages and the "Add to collection" form on an artwork's page."""

import pytest

from django.test import Client

from artworks.models import Artwork
from social import collections
from social.models import Collection, CollectionItem
from tests.factories import UserFactory, create_artwork
from tests.social.collections.helpers import hide, page

pytestmark = pytest.mark.django_db


# --- The member's pages ------------------------------------------------------------------------


def test_collection_pages_need_a_log_in(client):
    for url in ("/my/collections/", "/my/collections/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_member_creates_edits_and_deletes_a_collection(client, member):
    response = client.post("/my/collections/", {"name": "Blue hours", "description": "Evenings"})
    collection = Collection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/collections/{collection.pk}/"
    edit = page(client, response["Location"])
    assert "Collection “Blue hours” created." in edit
    assert "Private: only you can see it" in edit
    assert "Blue hours" in page(client, "/my/collections/")

    response = client.post(
        collection.get_edit_url(), {"name": "Golden hours", "description": "", "is_public": "on"}
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert (collection.name, collection.slug, collection.is_public) == (
        "Golden hours",
        "golden-hours",
        True,
    )
    response = client.post(f"/my/collections/{collection.pk}/delete/")
    assert response.status_code == 302
    assert not Collection.objects.exists()
    assert "Collection “Golden hours” deleted." in page(client, "/my/collections/")


def test_a_bad_name_is_explained_next_to_the_field_and_nothing_is_saved(client, member):
    response = client.post("/my/collections/", {"name": "", "description": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body
    assert 'id="id_name_error"' in body
    response = client.post("/my/collections/", {"name": "x" * 81})
    assert response.status_code == 400
    assert "at most 80 characters" in response.content.decode()
    assert not Collection.objects.exists()


def test_the_limit_on_collections_is_explained(client, member, settings):
    settings.COLLECTIONS_PER_MEMBER = 1
    client.post("/my/collections/", {"name": "One"})
    response = client.post("/my/collections/", {"name": "Two"})
    assert response.status_code == 400
    assert "You have 1 collections, the most one member may keep." in response.content.decode()
    assert Collection.objects.count() == 1


def test_another_members_collection_is_404_on_every_page(client, member, ada, work):
    collection = collections.create_collection(ada, "Ada's own")
    item = collections.add_work(ada, collection, work)
    assert client.get(collection.get_edit_url()).status_code == 404
    assert client.post(collection.get_edit_url(), {"name": "Mine"}).status_code == 404
    assert client.post(f"/my/collections/{collection.pk}/delete/").status_code == 404
    url = f"/my/collections/{collection.pk}/works/{item.pk}/"
    assert client.post(url, {"action": "remove"}).status_code == 404
    assert Collection.objects.get().name == "Ada's own"
    assert CollectionItem.objects.exists()


def test_notes_moves_and_removal_from_the_edit_page(client, member, ada):
    collection = collections.create_collection(member, "Order")
    items = [
        collections.add_work(member, collection, create_artwork(ada, title=title))
        for title in ("First work", "Second work")
    ]
    url = f"/my/collections/{collection.pk}/works/{items[1].pk}/"
    response = client.post(url, {"action": "note", "note": "Look at the blue"})
    assert response.status_code == 302
    assert response["Location"] == f"{collection.get_edit_url()}#item-{items[1].pk}"
    edit = page(client, collection.get_edit_url())
    assert "Note saved." in edit
    assert "Look at the blue" in edit
    client.post(url, {"action": "up"})
    edit = page(client, collection.get_edit_url())
    assert edit.index("Second work") < edit.index("First work")
    assert client.post(url, {"action": "note", "note": "n" * 501}).status_code == 400
    assert CollectionItem.objects.get(pk=items[1].pk).note == "Look at the blue"
    assert client.post(url, {"action": "dance"}).status_code == 400
    client.post(url, {"action": "remove"})
    assert list(CollectionItem.objects.values_list("pk", flat=True)) == [items[0].pk]


def test_the_member_menu_links_to_collections(client, member):
    assert 'href="/my/collections/"' in page(client, "/gallery/")


def test_a_member_without_a_confirmed_email_is_asked_to_confirm_it(client, work):
    client.force_login(UserFactory(verified_email=False))
    assert client.get("/my/collections/").status_code == 403
    response = client.post("/my/collections/add/", {"artwork": work.pk, "name": "New"})
    assert response.status_code == 403
    assert not Collection.objects.exists()


# --- "Add to collection" on the artwork page ----------------------------------------------------


def test_a_member_adds_a_work_to_a_new_collection_from_its_page(client, member, work):
    body = page(client, work.get_absolute_url())
    assert "Add to collection" in body
    assert 'action="/my/collections/add/"' in body
    response = client.post(
        "/my/collections/add/",
        {
            "artwork": work.pk,
            "collection": "new",
            "name": "Engines",
            "note": "Where it began",
            "next": work.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == work.get_absolute_url()
    collection = Collection.objects.get(owner=member)
    assert CollectionItem.objects.get().note == "Where it began"
    body = page(client, work.get_absolute_url())
    assert "Added to “Engines”." in body
    # The member's collections are now offered by name.
    assert f'<option value="{collection.pk}">Engines</option>' in body


def test_adding_answers_json_when_asked(client, member, work):
    collection = collections.create_collection(member, "Engines")
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": collection.pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": "Added to “Engines”.",
        "collection": collection.get_edit_url(),
    }
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": "new"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Choose a collection, or give a name for a new one."}


def test_adding_to_an_existing_collection(client, member, work):
    collection = collections.create_collection(member, "Engines")
    response = client.post(
        "/my/collections/add/", {"artwork": work.pk, "collection": collection.pk}
    )
    assert response.status_code == 302
    assert CollectionItem.objects.get().collection == collection


def test_adding_without_a_collection_or_name_is_explained(client, member, work):
    response = client.post("/my/collections/add/", {"artwork": work.pk, "collection": "new"})
    assert response.status_code == 400
    assert "Choose a collection, or give a name for a new one." in response.content.decode()
    assert not Collection.objects.exists()


def test_a_name_with_an_existing_collection_chosen_is_explained(client, member, work):
    collection = collections.create_collection(member, "Engines")
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": collection.pk, "name": "Machines"},
    )
    assert response.status_code == 400
    assert "choose “New collection…” as well" in response.content.decode()
    assert Collection.objects.count() == 1
    assert not CollectionItem.objects.exists()


def test_a_refused_add_leaves_no_half_made_collection(client, member, work):
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": "new", "name": "Two\nlines"},
    )
    assert response.status_code == 400
    assert "one line" in response.content.decode()
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": "new", "name": "Fine", "note": "n" * 501},
    )
    assert response.status_code == 400
    assert not Collection.objects.exists()


def test_adding_to_another_members_collection_or_a_hidden_work_is_404(client, member, ada, work):
    theirs = collections.create_collection(ada, "Ada's own")
    response = client.post("/my/collections/add/", {"artwork": work.pk, "collection": theirs.pk})
    assert response.status_code == 404
    mine = collections.create_collection(member, "Mine")
    hide(work, status=Artwork.Status.HIDDEN)
    response = client.post("/my/collections/add/", {"artwork": work.pk, "collection": mine.pk})
    assert response.status_code == 404
    assert client.post("/my/collections/add/", {"artwork": "x"}).status_code == 404
    assert not CollectionItem.objects.exists()


def test_anonymous_visitors_see_no_collection_form_and_share_one_cached_page(work):
    first, second = Client(), Client()
    miss, hit = first.get(work.get_absolute_url()), second.get(work.get_absolute_url())
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert "Add to collection" not in hit.content.decode()


def test_an_unlisted_work_offers_no_collection_form(client, member, work):
    hide(work, visibility=Artwork.Visibility.UNLISTED)
    assert "Add to collection" not in page(client, work.get_absolute_url())


def test_collection_changes_beyond_the_rate_limit_get_429_and_change_nothing(
    client, member, work, settings
):
    settings.COLLECTION_RATE_LIMIT = "2/h"
    client.post("/my/collections/", {"name": "One"})
    client.post("/my/collections/", {"name": "Two"})
    response = client.post("/my/collections/", {"name": "Three"})
    assert response.status_code == 429
    assert "many times in a short time" in response.content.decode()
    response = client.post(
        "/my/collections/add/", {"artwork": work.pk, "collection": "new", "name": "Four"}
    )
    assert response.status_code == 429
    assert Collection.objects.count() == 2


def test_csrf_is_required(member, work):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post("/my/collections/", {"name": "One"}).status_code == 403
    response = strict.post("/my/collections/add/", {"artwork": work.pk, "name": "Two"})
    assert response.status_code == 403
    assert not Collection.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_next_never_leads_off_the_site(client, member, work, next_url):
    response = client.post(
        "/my/collections/add/",
        {"artwork": work.pk, "collection": "new", "name": "Engines", "next": next_url},
    )
    assert response["Location"] == work.get_absolute_url()
