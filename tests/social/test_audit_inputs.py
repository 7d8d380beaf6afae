"""Every address the social features added, asked for with every kind of garbage: wrong
methods, missing fields, huge, negative and non-numeric ids, over-long values, NUL bytes.
Each answers a 4xx status or a page (or redirect) with a message, never a 500."""

import pytest

from django.test import Client

from comments.models import Comment
from commissions.models import CommissionRequest
from notifications.models import Notification
from social.models import Collection, CollectionItem
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
GARBAGE_VALUES = {
    "empty": "",
    "huge number": HUGE,
    "negative": "-1",
    "not a number": "abc",
    "over-long": "x" * 100_000,
    "script": '"><img src=x onerror=alert(1)><script>alert(1)</script>',
    "nul": "a\x00b",
}
FIELD_NAMES = [
    "action",
    "artwork",
    "collection",
    "name",
    "description",
    "is_public",
    "note",
    "sort_order",
    "position",
    "body",
    "parent",
    "reason",
    "details",
    "subject",
    "message",
    "budget",
    "deadline",
    "open_for_commissions",
    "commission_text",
    "email",
    "password",
    "code",
    "next",
    "notify_email",
    "email_frequency",
]


@pytest.fixture
def world():
    """A member with something behind every address: a work of another artist in a
    collection, a comment, a commission request and a notification."""
    ada = UserFactory(username="ada", open_for_commissions=True, commission_text="Portraits")
    grace = UserFactory(username="grace")
    work = create_artwork(ada, title="Engine")
    collection = Collection.objects.create(owner=grace, name="Blue", is_public=True)
    item = CollectionItem.objects.create(collection=collection, artwork=work)
    comment = Comment.objects.create(artwork=work, author=grace, body="Lovely")
    request = CommissionRequest.objects.create(
        artist=grace, sender=ada, subject="Hello", message="A portrait, please"
    )
    notification = Notification.objects.filter(recipient=grace).first()
    return {
        "work": work,
        "collection": collection,
        "item": item,
        "comment": comment,
        "request": request,
        "notification": notification,
        "grace": grace,
    }


def addresses(world):
    work, collection, item = world["work"], world["collection"], world["item"]
    comment, request = world["comment"], world["request"]
    notification_id = world["notification"].pk if world["notification"] else 1
    return [
        "/my/following/",
        "/my/following/ada/",
        f"/my/following/{HUGE}/",
        "/my/favourites/",
        f"/my/favourites/{work.pk}/",
        f"/my/favourites/{HUGE}/",
        "/my/collections/",
        "/my/collections/add/",
        f"/my/collections/{collection.pk}/",
        f"/my/collections/{HUGE}/",
        f"/my/collections/{collection.pk}/delete/",
        f"/my/collections/{HUGE}/delete/",
        f"/my/collections/{collection.pk}/works/{item.pk}/",
        f"/my/collections/{collection.pk}/works/{HUGE}/",
        f"/collections/{collection.pk}-blue/",
        f"/collections/{collection.pk}/",
        f"/collections/{collection.pk}-wrong-slug/",
        f"/collections/{HUGE}-blue/",
        f"/artworks/{work.pk}/comments/",
        f"/artworks/{HUGE}/comments/",
        f"/comments/{comment.pk}/edit/",
        f"/comments/{comment.pk}/delete/",
        f"/comments/{HUGE}/edit/",
        f"/comments/{HUGE}/delete/",
        f"/reports/comment/{comment.pk}/",
        f"/reports/comment/{HUGE}/",
        "/my/notifications/",
        "/my/notifications/read/",
        "/my/notifications/settings/",
        "/my/notifications/unsubscribe/garbage/",
        f"/my/notifications/unsubscribe/{'x' * 5000}/",
        f"/my/notifications/{notification_id}/",
        f"/my/notifications/{HUGE}/",
        "/my/commissions/",
        "/my/commissions/request/ada/",
        f"/my/commissions/request/ada/?artwork={HUGE}",
        "/my/commissions/request/ada/?artwork=abc",
        "/my/commissions/request/nobody/",
        f"/my/commissions/block/{request.pk}/",
        f"/my/commissions/block/{HUGE}/",
        f"/my/commissions/unblock/{HUGE}/",
        "/my/account/",
        "/my/account/export/",
        f"/my/account/export/{HUGE}/download/",
        "/my/account/export/1/download/",
        "/my/account/delete/",
        "/accounts/deletion-pending/",
    ]


def answers(client, url):
    """Every way of asking `url`: GET, an empty POST, and POSTs of each kind of garbage in
    every field the new forms read (also asking for JSON, which some views answer)."""
    yield "GET", client.get(url)
    yield "HEAD", client.head(url)
    yield "PUT", client.put(url)
    yield "POST empty", client.post(url)
    yield "POST empty json", client.post(url, HTTP_ACCEPT="application/json")
    for label, value in GARBAGE_VALUES.items():
        data = dict.fromkeys(FIELD_NAMES, value)
        yield f"POST {label}", client.post(url, data)
        yield f"POST {label} json", client.post(url, data, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("who", ["anonymous", "member", "other member"])
def test_no_new_address_answers_a_500_whatever_it_is_sent(world, who, settings):
    settings.RATELIMIT_ENABLE = False
    client = Client(raise_request_exception=False)
    if who == "member":
        client.force_login(world["grace"])
    elif who == "other member":
        client.force_login(UserFactory(username="hedy"))
    failures = []
    for url in addresses(world):
        for how, response in answers(client, url):
            if response.status_code >= 500:
                failures.append(f"{how} {url[:80]}: {response.status_code}")
    assert failures == []


def test_no_nul_character_reaches_a_new_table_postgresql_would_refuse_it(world, settings):
    """SQLite stores a NUL; PostgreSQL refuses it with an error (a 500). Nothing posted may
    get as far as the database with one, so SQLite's rows show what PostgreSQL would see."""
    settings.RATELIMIT_ENABLE = False
    client = Client(raise_request_exception=False)
    client.force_login(world["grace"])
    for url in addresses(world):
        for _how, _response in answers(client, url):
            pass
    # Compared in Python: SQLite's LIKE stops at a NUL, so every row would match.
    nul_rows = [
        f"{model.__name__}.{field.name}"
        for model in (Collection, CollectionItem, Comment, CommissionRequest)
        for field in model._meta.concrete_fields
        if field.get_internal_type() in ("CharField", "TextField")
        for value in model.objects.values_list(field.name, flat=True)
        if "\x00" in (value or "")
    ]
    assert nul_rows == []


def test_a_new_collection_named_with_a_nul_from_the_artwork_page_is_refused(world):
    client = Client()
    client.force_login(world["grace"])
    response = client.post(
        "/my/collections/add/",
        {"artwork": world["work"].pk, "collection": "new", "name": "Blue\x00hours"},
    )
    assert response.status_code == 400
    assert "without line breaks or control characters" in response.content.decode()
    assert Collection.objects.filter(owner=world["grace"]).count() == 1


def test_every_new_write_needs_the_csrf_token(world):
    """Every address a member writes through refuses a POST without the token (the one-click
    unsubscribe alone is exempt, by RFC 8058, its signed token being the proof)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["grace"])
    refused = {
        url: client.post(url, dict.fromkeys(FIELD_NAMES, "1")).status_code
        for url in addresses(world)
        if "unsubscribe" not in url
    }
    assert {url: status for url, status in refused.items() if status != 403} == {}
