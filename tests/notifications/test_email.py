"""Notification emails: immediate or a daily digest, plain text, and a one-click unsubscribe that
needs no log-in."""

from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from notifications import receivers
from notifications.emails import unsubscribe_token
from notifications.models import Notification, NotificationPreferences
from notifications.services import notify
from social.models import Follow
from tests.factories import UserFactory, create_artwork
from tests.notifications.helpers import (
    Kind,
    choose_email,
    follow_through_the_button,
    notifications_of,
)

pytestmark = pytest.mark.django_db


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
