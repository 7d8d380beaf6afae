"""The header's bell and its unread count, pruning old notifications, and notifications in a
member's account data."""

import json
from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import account_data
from notifications.models import Notification, NotificationPreferences
from notifications.services import notify
from tests.factories import UserFactory, create_artwork
from tests.notifications.helpers import Kind, choose_email, notifications_of

pytestmark = pytest.mark.django_db


# --- The bell ----------------------------------------------------------------------------------


def test_the_bell_shows_members_their_unread_count(client, ada, grace):
    client.force_login(ada)
    page = client.get("/gallery/").content.decode()
    assert 'href="/my/notifications/"' in page
    assert '<span class="visually-hidden">Notifications</span></a>' in page
    for _ in range(3):
        notify(ada, Kind.COMMISSION, actor=grace)
    page = client.get("/gallery/").content.decode()
    assert '<span class="visually-hidden">Notifications, 3 unread</span>' in page
    assert '<span class="nav-bell-count" aria-hidden="true">3</span>' in page
    for _ in range(9):
        notify(ada, Kind.COMMISSION, actor=grace)
    page = client.get("/gallery/").content.decode()
    assert "Notifications, 9+ unread" in page


def test_the_bell_is_never_in_a_page_cached_for_visitors(client, ada, grace):
    artwork = create_artwork(ada)
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    urls = ("/", "/gallery/", ada.get_absolute_url(), artwork.get_absolute_url())
    client.force_login(ada)
    for url in urls:
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit"  # built for the member
        assert "private" in response["Cache-Control"]
        assert "Notifications, 1 unread" in response.content.decode()
    for url in urls:
        visitor = Client()
        miss, hit = visitor.get(url), Client().get(url)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
        assert "data-notification-bell" not in hit.content.decode()
        assert "/my/notifications/" not in hit.content.decode()


def notification_queries(client, url):
    """The queries a page asks of the notifications table."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries if "notifications_notification" in query["sql"]]


def test_the_bell_asks_the_database_once_per_change_whatever_the_unread_count(
    client, ada, grace, settings, django_capture_on_commit_callbacks
):
    """The bell's count is kept in the shared cache: a member's pages ask nothing for it
    until a notification arrives or is read, then one small COUNT (the pages' whole query
    budget is pinned in tests/site/performance/)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    artwork = create_artwork(ada, title="Engine", tags="ink")
    client.force_login(grace)
    urls = ("/gallery/", ada.get_absolute_url(), artwork.get_absolute_url())
    assert len(notification_queries(client, urls[0])) == 1
    for url in urls:
        assert notification_queries(client, url) == []

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(500):
            Notification.objects.create(recipient=grace, kind=Kind.NEW_WORK, artwork=artwork)
        notify(grace, Kind.NEW_FOLLOWER, actor=ada)
    (count,) = notification_queries(client, urls[1])
    assert "LIMIT 10" in count.upper()
    assert "Notifications, 9+ unread" in client.get(urls[2]).content.decode()
    for url in urls:
        assert notification_queries(client, url) == []

    # Reading them is a change too: the bell says so on the next page.
    client.post("/my/notifications/read/")
    assert "Notifications</span>" in client.get(urls[0]).content.decode()


def test_the_bells_count_reads_the_unread_index(ada):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite; PostgreSQL's depends on the table's size")
    from notifications.services import unread

    query = unread(ada).values("pk")[:10].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "notification_unread" in plan


def notifications_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/my/notifications/")
    assert response.status_code == 200
    return len(queries)


def test_the_notifications_page_costs_the_same_for_5_and_500(client, ada):
    artwork = create_artwork(ada, title="Engine")
    member = UserFactory()
    client.force_login(member)

    def add(count):
        actors = type(ada).objects.bulk_create(UserFactory.build() for _ in range(count))
        Notification.objects.bulk_create(
            Notification(
                recipient=member, kind=Kind.NEW_WORK, actor=actor, artwork=artwork, target_url="/"
            )
            for actor in actors
        )

    add(5)
    client.get("/my/notifications/")  # the bell's count is then in the cache
    with_5 = notifications_page_queries(client)
    add(495)
    with_500 = notifications_page_queries(client)
    assert with_5 == with_500
    # Six today: session, member, the page of notifications with their actors and works, the
    # unread count, and the two permission look-ups of Wagtail's user bar.
    assert with_5 <= 6, with_5


# --- Pruning -----------------------------------------------------------------------------------


def test_prune_deletes_old_read_notifications_and_very_old_unread_ones(ada, grace):
    now = timezone.now()

    def aged(days, read):
        notification = notify(ada, Kind.COMMISSION, actor=grace)
        Notification.objects.filter(pk=notification.pk).update(
            created_at=now - timedelta(days=days), read_at=now if read else None
        )
        return notification.pk

    old_read, recent_read = aged(91, read=True), aged(10, read=True)
    old_unread, ancient_unread = aged(91, read=False), aged(400, read=False)
    output = StringIO()
    call_command("prune_notifications", stdout=output)
    assert "Deleted 2 old notifications." in output.getvalue()
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent_read, old_unread}
    assert old_read and ancient_unread


# --- Account data ------------------------------------------------------------------------------


def test_account_data_exports_the_members_notifications_and_choice(ada, grace):
    choose_email(ada, "off")
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    notify(grace, Kind.NEW_FOLLOWER, actor=ada)
    exported = account_data.export(ada)
    assert exported["email_notifications"] == "off"
    assert [item["message"] for item in exported["notifications"]] == [
        "Grace Hopper now follows you"
    ]
    json.dumps(exported)  # serialisable as it is
    ada.delete()
    assert list(Notification.objects.values_list("recipient", flat=True)) == []
    assert not NotificationPreferences.objects.exists()


def test_a_favourite_and_a_commission_request_made_by_members_notify_the_artist(
    ada, grace, committed
):
    """The real writes, through their services: the signals they send reach the receivers."""
    from commissions.services import send_request
    from social.favourites import favourite

    ada.open_for_commissions = True
    ada.save()
    artwork = create_artwork(ada, title="Engine")
    with committed():
        favourite(grace, artwork)
        request = send_request(grace, ada, subject="A portrait", message="In ink, please.")

    assert notifications_of(ada) == [Kind.FAVOURITE, Kind.COMMISSION]
    commission = Notification.objects.get(kind=Kind.COMMISSION)
    assert commission.target_url == f"/my/commissions/#request-{request.pk}"
    assert commission.actor == grace
    # Favouriting again, or one's own work, tells nobody anything new.
    with committed():
        favourite(grace, artwork)
        favourite(ada, artwork)
    assert notifications_of(ada) == [Kind.FAVOURITE, Kind.COMMISSION]


def test_comments_and_replies_notify_once_they_are_public(ada, grace, committed):
    from comments import moderation as comment_moderation
    from comments import services as comments
    from comments.models import Comment

    bob = UserFactory(display_name="Bob Ross")
    moderator = UserFactory(is_superuser=True)
    artwork = create_artwork(ada, title="Engine")
    with committed():
        comment = comments.post(grace, artwork, "Lovely brasswork")
        comments.post(bob, artwork, "Agreed", parent=comment)
    assert notifications_of(ada) == [Kind.COMMENT, Kind.COMMENT]
    assert notifications_of(grace) == [Kind.REPLY]
    assert Notification.objects.filter(kind=Kind.COMMENT).first().target_url == (
        f"{artwork.get_absolute_url()}#comment-{comment.pk}"
    )

    # A comment awaiting review tells nobody until a moderator publishes it, and only once.
    with committed():
        waiting = comments.post(bob, artwork, "Second thoughts", awaiting_review=True)
    assert notifications_of(ada) == [Kind.COMMENT, Kind.COMMENT]
    with committed():
        comment_moderation.decide(waiting, Comment.Status.PUBLISHED, by=moderator)
        comment_moderation.decide(waiting, Comment.Status.HELD, by=None)
        comment_moderation.decide(waiting, Comment.Status.PUBLISHED, by=moderator)
    assert notifications_of(ada) == [Kind.COMMENT, Kind.COMMENT, Kind.COMMENT]
