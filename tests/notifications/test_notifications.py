"""Notifications: each kind made by its event (through tasks, after the write commits), never
about one's own action nor for a suspended member; emails as each member chooses (each one,
a daily digest, none) with a one-click unsubscribe; the bell and its cost; the notifications
page; pruning; and members' words shown as text everywhere."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from artworks.moderation import decide
from notifications import account_data, receivers
from notifications.models import NewWorkAnnouncement, Notification, NotificationPreferences
from notifications.services import notify, unsubscribe_token
from social.models import Follow
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace", email="ada@example.com")


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper", email="grace@example.com")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (the tasks, with the immediate backend) at its end,
    as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def choose_email(member, choice):
    NotificationPreferences.objects.update_or_create(member=member, defaults={"email": choice})


def notifications_of(member):
    return list(
        Notification.objects.filter(recipient=member)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


def follow_through_the_button(client, member, artist):
    client.force_login(member)
    return client.post(f"/my/following/{artist.username}/", {"action": "follow"})


# --- Each kind, made by its event -------------------------------------------------------------


def test_a_new_follower_is_told_to_the_artist_after_the_follow_commits(
    client, ada, grace, committed
):
    with committed():
        follow_through_the_button(client, grace, ada)
        # Not in the request: nothing is written until the follow commits.
        assert not Notification.objects.exists()
    assert notifications_of(ada) == [Kind.NEW_FOLLOWER]
    assert notifications_of(grace) == []
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    assert "Grace Hopper now follows you" in page


def test_following_again_after_an_unfollow_tells_the_artist_once(client, ada, grace, committed):
    with committed():
        follow_through_the_button(client, grace, ada)
    with committed():
        client.post("/my/following/ada/", {"action": "unfollow"})
        client.post("/my/following/ada/", {"action": "follow"})
    assert notifications_of(ada) == [Kind.NEW_FOLLOWER]


def test_a_follow_undone_before_the_task_runs_tells_nobody(client, ada, grace, committed):
    with committed():
        follow_through_the_button(client, grace, ada)
        Follow.objects.all().delete()
    assert not Notification.objects.exists()


def test_followers_hear_of_new_work_once(ada, grace, committed):
    stranger = UserFactory()
    Follow.objects.create(follower=grace, artist=ada)
    with committed():
        artwork = create_artwork(ada, title="Analytical engine")
    assert notifications_of(grace) == [Kind.NEW_WORK]
    assert notifications_of(stranger) == notifications_of(ada) == []
    notification = Notification.objects.get(recipient=grace)
    assert notification.message == "Ada Lovelace shared new work: “Analytical engine”"
    assert notification.target_url == artwork.get_absolute_url()

    # Hidden and published again, edited: not new work any more.
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=UserFactory(is_staff=True))
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
        artwork.save()
    assert notifications_of(grace) == [Kind.NEW_WORK]


def test_new_work_reaches_every_follower_in_batches(ada, committed, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    followers = [UserFactory() for _ in range(5)]
    Follow.objects.bulk_create(Follow(follower=f, artist=ada) for f in followers)
    suspended = followers[0]
    suspended.is_active = False
    suspended.save()
    with committed():
        create_artwork(ada)
    told = set(Notification.objects.filter(kind=Kind.NEW_WORK).values_list("recipient", flat=True))
    assert told == {follower.pk for follower in followers[1:]}


def test_work_published_after_review_tells_the_artist_and_then_the_followers(ada, grace, committed):
    Follow.objects.create(follower=grace, artist=ada)
    artwork = create_artwork(ada, title="Reviewed", status=Artwork.Status.AWAITING_REVIEW)
    assert not Notification.objects.exists()
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
    assert notifications_of(ada) == [Kind.PUBLISHED]
    assert notifications_of(grace) == [Kind.NEW_WORK]
    published = Notification.objects.get(recipient=ada)
    assert published.message == "Your work “Reviewed” is published"
    assert published.actor is None  # the moderator is not named


def test_unlisted_work_is_announced_only_once_its_artist_lists_it(ada, grace, committed):
    Follow.objects.create(follower=grace, artist=ada)
    artwork = create_artwork(ada, status=Artwork.Status.AWAITING_REVIEW)
    Artwork.objects.filter(pk=artwork.pk).update(visibility=Artwork.Visibility.UNLISTED)
    artwork.refresh_from_db()
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
    assert notifications_of(grace) == []
    with committed():
        artwork.visibility = Artwork.Visibility.LISTED
        artwork.save()
    assert notifications_of(grace) == [Kind.NEW_WORK]


def test_work_public_before_notifications_existed_is_never_announced(ada, grace, committed):
    """The migration marks work already public; here, the same mark made by hand."""
    artwork = create_artwork(ada)
    NewWorkAnnouncement.objects.get_or_create(artwork=artwork)
    Follow.objects.create(follower=grace, artist=ada)
    with committed():
        artwork.save()
    assert notifications_of(grace) == []


def test_hidden_work_tells_the_artist_with_the_note_and_emails_once(ada, committed):
    choose_email(ada, "immediate")
    artwork = create_artwork(ada, title="Engine")
    mail.outbox.clear()
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=UserFactory(is_staff=True), note="Spam links")
    notification = Notification.objects.get(recipient=ada)
    assert notification.kind == Kind.HIDDEN
    assert notification.text == "Spam links"
    assert notification.target_url == "/my/artworks/"
    # The decision's own email (artworks.notifications), not a second one from here.
    assert len(mail.outbox) == 1
    assert "Spam links" in mail.outbox[0].body


def test_held_work_tells_the_artist(ada, committed):
    artwork = create_artwork(ada, title="Engine")
    with committed():
        decide(artwork, Artwork.Status.HELD, by=None)
    assert Notification.objects.get(recipient=ada).message == (
        "Your work “Engine” is held for a moderator after reports"
    )


def test_deciding_what_is_already_so_or_ones_own_decision_tells_nobody(ada, committed):
    artwork = create_artwork(ada)
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
        decide(artwork, Artwork.Status.HIDDEN, by=ada)
    assert not Notification.objects.filter(recipient=ada).exists()


def test_a_decision_changed_before_the_task_runs_tells_nothing_stale(ada, committed):
    artwork = create_artwork(ada)
    moderator = UserFactory(is_staff=True)
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=moderator)
        decide(artwork, Artwork.Status.PUBLISHED, by=moderator)
    assert notifications_of(ada) == [Kind.PUBLISHED]


def test_favourites_comments_replies_and_commission_requests_reach_the_right_member(
    ada, grace, committed
):
    bob = UserFactory(display_name="Bob Ross")
    artwork = create_artwork(ada, title="Engine")
    with committed():
        receivers.favourite_added_notify(member=grace, artwork=artwork)
        receivers.comment_posted_notify(
            author=grace, artwork=artwork, target_url="/gallery/1/#c1", excerpt="Lovely"
        )
        # Bob replies to Grace's comment: Grace hears of the reply, Ada of a comment.
        receivers.comment_posted_notify(
            author=bob,
            artwork=artwork,
            target_url="/gallery/1/#c2",
            excerpt="Agreed",
            parent_author=grace,
        )
        receivers.commission_requested_notify(
            requester=bob, artist=ada, target_url="/my/commissions/1/", summary="A portrait"
        )
    assert notifications_of(ada) == [Kind.FAVOURITE, Kind.COMMENT, Kind.COMMENT, Kind.COMMISSION]
    assert notifications_of(grace) == [Kind.REPLY]
    favourite = Notification.objects.get(kind=Kind.FAVOURITE)
    assert favourite.target_url == artwork.get_absolute_url()
    messages = [n.message for n in Notification.objects.order_by("pk")]
    assert messages == [
        "Grace Hopper added your work “Engine” to their favourites",
        "Grace Hopper commented on your work “Engine”",
        "Bob Ross replied to your comment on “Engine”",
        "Bob Ross commented on your work “Engine”",
        "Bob Ross sent you a commission request",
    ]


def test_the_artist_replying_to_a_comment_is_not_told_of_their_own_reply(ada, grace, committed):
    artwork = create_artwork(ada)
    with committed():
        receivers.comment_posted_notify(
            author=ada, artwork=artwork, target_url="/", excerpt="Thanks", parent_author=grace
        )
    assert notifications_of(grace) == [Kind.REPLY]
    assert notifications_of(ada) == []


def test_nobody_is_told_of_their_own_action_nor_a_suspended_member_of_anything(ada, grace):
    assert notify(ada, Kind.FAVOURITE, actor=ada) is None
    grace.is_active = False
    grace.save()
    assert notify(grace, Kind.NEW_FOLLOWER, actor=ada) is None
    assert not Notification.objects.exists()


def test_a_suspended_actor_is_not_named(ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    grace.is_active = False
    grace.save()
    assert Notification.objects.get().message == "A member now follows you"


def test_the_actors_account_deleted_takes_the_notifications_about_it(ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    grace.delete()
    assert not Notification.objects.exists()


# --- Email -----------------------------------------------------------------------------------


def test_immediate_email_is_one_plain_text_email_with_a_one_click_unsubscribe(
    client, ada, grace, committed
):
    choose_email(ada, "immediate")
    mail.outbox.clear()
    with committed():
        follow_through_the_button(client, grace, ada)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert email.subject == "Grace Hopper now follows you · Artist Collective"
    assert "Grace Hopper now follows you." in email.body
    assert not getattr(email, "alternatives", None)  # plain text only
    unsubscribe = f"http://127.0.0.1:8000/my/notifications/unsubscribe/{unsubscribe_token(ada)}/"
    assert f"Unsubscribe from notification emails in one click: {unsubscribe}" in email.body
    assert email.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


def test_the_daily_digest_lists_what_is_unread_once(client, ada, grace, committed, settings):
    settings.NOTIFICATION_EMAIL_DEFAULT = "daily"
    bob = UserFactory(display_name="Bob Ross")
    artwork = create_artwork(ada, title="Engine")
    mail.outbox.clear()
    with committed():
        follow_through_the_button(client, grace, ada)
        receivers.favourite_added_notify(member=bob, artwork=artwork)
        receivers.favourite_added_notify(member=grace, artwork=artwork)
    assert mail.outbox == []  # nothing until the digest
    Notification.objects.filter(actor=grace, kind=Kind.FAVOURITE).update(read_at=timezone.now())

    call_command("send_notification_digests", stdout=StringIO())
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["ada@example.com"]
    assert digest.subject == "2 new notifications · Artist Collective"
    assert "- Grace Hopper now follows you" in digest.body
    assert "- Bob Ross added your work “Engine” to their favourites" in digest.body
    assert "Grace Hopper added" not in digest.body  # read already
    assert "List-Unsubscribe" in digest.extra_headers
    assert "/my/notifications/unsubscribe/" in digest.body

    mail.outbox.clear()
    call_command("send_notification_digests", stdout=StringIO())
    assert mail.outbox == []


def test_the_digest_lists_at_most_so_many_and_says_how_many_more(ada, settings):
    settings.NOTIFICATION_DIGEST_MAX_ITEMS = 2
    for _ in range(5):
        notify(ada, Kind.COMMISSION, actor=UserFactory(), target_url="/")
    call_command("send_notification_digests", stdout=StringIO())
    body = mail.outbox[0].body
    assert body.count("sent you a commission request") == 2
    assert "… and 3 more: http://127.0.0.1:8000/my/notifications/" in body


def test_emails_off_sends_nothing_and_immediate_sends_no_digest(client, ada, grace, committed):
    choose_email(ada, "off")
    choose_email(grace, "immediate")
    with committed():
        follow_through_the_button(client, grace, ada)
        follow_through_the_button(client, ada, grace)
    assert [email.to for email in mail.outbox] == [["grace@example.com"]]
    mail.outbox.clear()
    call_command("send_notification_digests", stdout=StringIO())
    assert mail.outbox == []


def test_no_email_to_an_unconfirmed_address(client, grace, committed):
    unconfirmed = UserFactory(verified_email=False)
    choose_email(unconfirmed, "immediate")
    with committed():
        Follow.objects.create(follower=grace, artist=unconfirmed)
    assert notifications_of(unconfirmed) == [Kind.NEW_FOLLOWER]
    assert mail.outbox == []


def test_members_words_stay_plain_text_in_emails(ada, committed):
    choose_email(ada, "immediate")
    sneaky = UserFactory(display_name="Eve <script>alert(1)</script>")
    artwork = create_artwork(ada, title="Tea & <b>cake</b>")
    with committed():
        receivers.comment_posted_notify(
            author=sneaky, artwork=artwork, target_url="/", excerpt="<img src=x onerror=alert(1)>"
        )
    email = mail.outbox[0]
    # Plain text: shown as written, never as markup, and no line break in the subject.
    assert "Eve <script>alert(1)</script> commented on your work “Tea & <b>cake</b>”" in email.body
    assert "“<img src=x onerror=alert(1)>”" in email.body
    assert "&lt;" not in email.body
    assert "\n" not in email.subject


# --- Unsubscribing ---------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_then_unsubscribes_without_logging_in(ada):
    choose_email(ada, "immediate")
    visitor = Client(enforce_csrf_checks=True)
    url = f"/my/notifications/unsubscribe/{unsubscribe_token(ada)}/"
    asked = visitor.get(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Stop all notification emails" in page
    assert "ada@example.com" not in page
    # A GET (a link checker, a mail scanner) changes nothing.
    assert NotificationPreferences.objects.get(member=ada).email == "immediate"

    done = visitor.post(url)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert NotificationPreferences.objects.get(member=ada).email == "off"


def test_one_click_unsubscribe_from_a_mail_program_needs_no_csrf_token(ada):
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        f"/my/notifications/unsubscribe/{unsubscribe_token(ada)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert NotificationPreferences.objects.get(member=ada).email == "off"


@pytest.mark.parametrize("token", ["nonsense", "1:forged-signature", "MQ:1sAbCd:xyz"])
def test_a_bad_unsubscribe_link_gets_a_clear_400_page(ada, token):
    token = token if token != "MQ:1sAbCd:xyz" else unsubscribe_token(ada)[:-3] + "xyz"
    for method in (Client().get, Client(enforce_csrf_checks=True).post):
        response = method(f"/my/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_other_posts_under_notifications_still_need_csrf(ada):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ada)
    assert strict.post("/my/notifications/read/").status_code == 403
    assert strict.post("/my/notifications/settings/", {"email": "off"}).status_code == 403


# --- Settings ----------------------------------------------------------------------------------


def test_a_member_chooses_how_to_be_emailed(client, ada, settings):
    settings.NOTIFICATION_EMAIL_DEFAULT = "daily"
    client.force_login(ada)
    page = client.get("/my/notifications/settings/").content.decode()
    assert "<legend>Email me about notifications</legend>" in page
    assert re.search(r'<input type="radio" name="email" value="daily"[^>]* checked>', page)
    for label in ("Send each one by email as it happens", "No emails: show them on the site"):
        assert label in page
    response = client.post("/my/notifications/settings/", {"email": "immediate"})
    assert response.status_code == 302
    assert NotificationPreferences.objects.get(member=ada).email == "immediate"
    assert (
        "Your notification settings are saved." in client.get(response["Location"]).content.decode()
    )


def test_an_unknown_choice_is_refused_next_to_the_field(client, ada):
    client.force_login(ada)
    response = client.post("/my/notifications/settings/", {"email": "hourly"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_settings_and_mark_all_read_beyond_the_rate_limit_get_429(client, ada, settings):
    settings.NOTIFICATION_WRITE_RATE_LIMIT = "2/h"
    client.force_login(ada)
    client.post("/my/notifications/settings/", {"email": "off"})
    client.post("/my/notifications/read/")
    response = client.post("/my/notifications/settings/", {"email": "immediate"})
    assert response.status_code == 429
    assert "many times in a short time" in response.content.decode()
    assert NotificationPreferences.objects.get(member=ada).email == "off"
    response = client.post("/my/notifications/read/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429


def test_members_pages_need_a_log_in(client):
    for url in ("/my/notifications/", "/my/notifications/settings/", "/my/notifications/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- The notifications page ------------------------------------------------------------------


def test_the_page_lists_newest_first_highlights_unread_and_pages(client, ada, settings):
    settings.NOTIFICATIONS_PER_PAGE = 2
    actors = [UserFactory(display_name=f"Member {number}") for number in range(3)]
    for actor in actors:
        notify(ada, Kind.NEW_FOLLOWER, actor=actor)
    Notification.objects.filter(actor=actors[2]).update(read_at=timezone.now())
    client.force_login(ada)
    first = client.get("/my/notifications/").content.decode()
    assert first.index("Member 2 now follows you") < first.index("Member 1 now follows you")
    assert "Member 0" not in first
    assert first.count('class="notification notification-unread"') == 1
    assert 'rel="next"' in first
    second = client.get("/my/notifications/?page=2").content.decode()
    assert "Member 0 now follows you" in second
    assert "nothing on page 9" in client.get("/my/notifications/?page=9").content.decode()


def test_opening_the_page_marks_nothing_read_and_mark_all_read_does(client, ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    notify(grace, Kind.NEW_FOLLOWER, actor=ada)
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    assert "Mark all as read" in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client.post("/my/notifications/read/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "All your notifications are marked as read." in page
    assert "notification-unread" not in page
    assert "Mark all as read" not in page
    # Only the member's own.
    assert Notification.objects.get(read_at__isnull=True).recipient == grace
    response = client.post("/my/notifications/read/", HTTP_ACCEPT="application/json")
    assert response.json()["unread"] == 0


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, ada, grace):
    artwork = create_artwork(ada, title="Engine")
    mine = notify(grace, Kind.NEW_WORK, actor=ada, artwork=artwork, target_url="/gallery/x/")
    client.force_login(grace)
    page = client.get("/my/notifications/").content.decode()
    assert f'href="/my/notifications/{mine.pk}/"' in page
    response = client.get(f"/my/notifications/{mine.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/gallery/x/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_someone_elses_notification_is_404(client, ada, grace):
    theirs = notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    client.force_login(grace)
    assert client.get(f"/my/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_a_notification_never_leads_off_the_site(client, ada, grace, target):
    notification = notify(ada, Kind.COMMISSION, actor=grace, target_url=target)
    client.force_login(ada)
    response = client.get(f"/my/notifications/{notification.pk}/")
    assert response["Location"] == "/my/notifications/"


def test_members_words_are_shown_as_text_on_the_page(client, ada, committed):
    sneaky = UserFactory(display_name="Eve <script>alert(1)</script>")
    artwork = create_artwork(ada, title="<img src=x onerror=alert(2)>")
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=sneaky, note="<script>alert(3)</script>")
    notify(ada, Kind.COMMENT, actor=sneaky, artwork=artwork, target_url="/", text="<b>hi</b>")
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    for raw in ("<script>alert", "<img src=x", "<b>hi</b>"):
        assert raw not in page
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt; commented" in page
    assert "Moderator&#x27;s note:</span> &lt;script&gt;alert(3)&lt;/script&gt;" in page


def test_an_empty_page_says_what_will_appear(client, ada):
    client.force_login(ada)
    assert "No notifications yet." in client.get("/my/notifications/").content.decode()


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
    budget is pinned in tests/test_performance.py)."""
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
