"""Sending a commission request: relayed by email with the sender's address as Reply-To, and every
refusal and limit."""

from datetime import timedelta

import pytest

from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from commissions.models import CommissionRequest
from commissions.signals import commission_requested
from tests.commissions.helpers import (
    ADA_ADDRESS,
    GRACE_ADDRESS,
    MY,
    REQUEST,
    logged_in,
    request_url,
    send,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Sending a request -------------------------------------------------------------------------


def test_a_request_reaches_the_artist_by_email_with_the_senders_address_to_reply_to(
    client, ada, member, django_capture_on_commit_callbacks
):
    response = send(client, ada, django_capture_on_commit_callbacks, deadline="2099-05-01")
    assert response.status_code == 302
    assert response["Location"] == MY
    page = client.get(MY).content.decode()
    assert "Your request is on its way to Ada Lovelace." in page
    assert "A portrait of our compiler" in page  # among the requests sent

    request = CommissionRequest.objects.get()
    assert (request.artist, request.sender, request.status) == (ada, member, "sent")
    assert request.budget == "€400" and str(request.deadline) == "2099-05-01"

    [email] = mail.outbox
    assert email.to == [ADA_ADDRESS]
    assert email.reply_to == [GRACE_ADDRESS]
    assert email.from_email == "Artist Collective <noreply@artist-collective.invalid>"
    assert email.subject == "Commission request from Grace Hopper: A portrait of our compiler"
    assert "Oil on canvas, about 40 x 50 cm, for the office." in email.body
    assert "Budget: €400" in email.body and "Wanted by: 1 May 2099" in email.body
    assert f"http://127.0.0.1:8000/my/commissions/#request-{request.pk}" in email.body
    assert email.content_subtype == "plain" and not getattr(email, "alternatives", None)


def test_the_artists_address_appears_on_no_page_the_sender_sees(
    client, ada, member, django_capture_on_commit_callbacks
):
    artwork = ada.artworks.get()
    pages = [
        Client().get("/artists/ada/"),
        client.get("/artists/ada/"),
        client.get(artwork.get_absolute_url()),
        client.get(request_url(ada)),
        send(client, ada, django_capture_on_commit_callbacks),
        client.get(MY),
        client.post(request_url(ada), REQUEST),  # refused: already asked today
    ]
    assert "open for commissions" in pages[0].content.decode().lower()
    for response in pages:
        assert ADA_ADDRESS not in response.content.decode()
        assert ADA_ADDRESS not in str(response.headers)
    # The form tells the sender their own address goes to the artist.
    assert GRACE_ADDRESS in pages[3].content.decode()


def test_nothing_the_sender_writes_runs_as_script_or_starts_a_mail_header(
    client, ada, member, django_capture_on_commit_callbacks
):
    script = '<script>alert("x")</script>'
    send(
        client,
        ada,
        django_capture_on_commit_callbacks,
        subject=f"Hello\r\nBcc: victim@example.com {script}",
        message=f"{script}\n<b>bold</b>",
        budget="100\nX-Extra: 1",
    )
    request = CommissionRequest.objects.get()
    assert request.subject == f"Hello Bcc: victim@example.com {script}"
    assert request.budget == "100 X-Extra: 1"
    [email] = mail.outbox
    message = email.message()
    assert "\n" not in email.subject
    assert message["Bcc"] is None and message["X-Extra"] is None
    assert email.recipients() == [ADA_ADDRESS]
    assert script in email.body  # plain text: shown as written, runs nowhere
    artist_page = logged_in(ada).get(MY).content.decode()
    assert "<script>alert" not in artist_page and "<b>bold</b>" not in artist_page
    assert "&lt;script&gt;" in artist_page


def test_a_request_sends_the_commission_requested_signal_inside_its_transaction(
    client, ada, member, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, request, **kwargs):
        received.append((sender, request.pk, connection.in_atomic_block))

    commission_requested.connect(receiver)
    try:
        send(client, ada, django_capture_on_commit_callbacks)
    finally:
        commission_requested.disconnect(receiver)
    assert received == [(CommissionRequest, CommissionRequest.objects.get().pk, True)]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"subject": ""}, "This field is required."),
        ({"message": "   "}, "This field is required."),
        ({"message": "x" * 3001}, "at most 3000 characters"),
        ({"subject": "x" * 121}, "at most 120 characters"),
        ({"deadline": "2001-01-01"}, "Choose a date from today on, or leave it empty."),
        ({"deadline": "soon"}, "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_message_beside_the_field_and_sends_nothing(
    client, ada, member, django_capture_on_commit_callbacks, fields, error
):
    response = send(client, ada, django_capture_on_commit_callbacks, **fields)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CommissionRequest.objects.exists()
    assert not mail.outbox


def test_requests_to_a_closed_artist_are_refused(client, ada, member):
    ada.open_for_commissions = False
    ada.save()
    response = client.get(request_url(ada))
    assert response.status_code == 403
    assert "This artist is not taking commission requests at the moment." in (
        response.content.decode()
    )
    assert '<form method="post">' not in response.content.decode()
    response = client.post(request_url(ada), REQUEST)
    assert response.status_code == 403
    assert "not taking commission requests at the moment" in response.content.decode()
    assert REQUEST["message"] in response.content.decode()  # the text is kept to copy
    assert not CommissionRequest.objects.exists()


def test_a_request_to_yourself_is_refused(client, ada):
    client.force_login(ada)
    for response in (client.get(request_url(ada)), client.post(request_url(ada), REQUEST)):
        assert response.status_code == 403
        assert "You cannot send a commission request to yourself." in response.content.decode()
    assert not CommissionRequest.objects.exists()


def test_an_unknown_or_inactive_artist_is_404(client, ada, member):
    assert client.get(f"{MY}request/nobody/").status_code == 404
    ada.is_active = False
    ada.save()
    assert client.get(request_url(ada)).status_code == 404
    assert client.post(request_url(ada), REQUEST).status_code == 404
    assert not CommissionRequest.objects.exists()


def test_an_artist_without_an_address_to_relay_to_is_not_offered(client, ada, member):
    type(ada).objects.filter(pk=ada.pk).update(email="")
    response = client.get(request_url(ada))
    assert response.status_code == 403
    assert "This artist is not taking commission requests." in response.content.decode()
    assert client.post(request_url(ada), REQUEST).status_code == 403
    assert not CommissionRequest.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, ada):
    response = client.get(request_url(ada))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={request_url(ada)}"
    assert client.post(request_url(ada), REQUEST).status_code == 302
    assert not CommissionRequest.objects.exists()


def test_a_member_without_a_confirmed_email_is_asked_to_confirm_it(client, ada):
    client.force_login(UserFactory(verified_email=False))
    for response in (client.get(request_url(ada)), client.post(request_url(ada), REQUEST)):
        assert response.status_code == 403
        assert "Confirm your email" in response.content.decode()
    assert not CommissionRequest.objects.exists()


def test_csrf_is_required(ada, grace):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(grace)
    assert strict.post(request_url(ada), REQUEST).status_code == 403
    assert strict.post(MY, {"open_for_commissions": "on"}).status_code == 403
    assert not CommissionRequest.objects.exists()
    grace.refresh_from_db()
    assert not grace.open_for_commissions


def test_one_request_a_day_to_the_same_artist(
    client, ada, member, django_capture_on_commit_callbacks
):
    send(client, ada, django_capture_on_commit_callbacks)
    response = send(client, ada, django_capture_on_commit_callbacks, subject="Again")
    assert response.status_code == 429
    assert "You sent Ada Lovelace a request less than a day ago." in response.content.decode()
    assert client.get(request_url(ada)).status_code == 429
    assert CommissionRequest.objects.count() == 1 and len(mail.outbox) == 1
    # A day later, another is welcome.
    CommissionRequest.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert send(client, ada, django_capture_on_commit_callbacks).status_code == 302
    assert CommissionRequest.objects.count() == 2


def test_a_member_sends_at_most_the_daily_number_of_requests(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.COMMISSION_REQUESTS_PER_DAY = 2
    artists = [UserFactory(open_for_commissions=True) for _ in range(3)]
    assert send(client, artists[0], django_capture_on_commit_callbacks).status_code == 302
    assert send(client, artists[1], django_capture_on_commit_callbacks).status_code == 302
    response = send(client, artists[2], django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "You have sent 2 commission requests in the last 24 hours" in response.content.decode()
    assert CommissionRequest.objects.count() == 2 and len(mail.outbox) == 2


def test_sending_attempts_beyond_the_rate_limit_get_429_and_send_nothing(
    client, ada, member, settings, django_capture_on_commit_callbacks
):
    settings.COMMISSION_REQUEST_RATE_LIMIT = "2/h"
    send(client, ada, django_capture_on_commit_callbacks, subject="")
    send(client, ada, django_capture_on_commit_callbacks, subject="")
    response = send(client, ada, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "many requests in a short time" in response.content.decode()
    assert REQUEST["message"] in response.content.decode()
    assert not CommissionRequest.objects.exists() and not mail.outbox


def test_a_get_on_block_or_unblock_changes_nothing(client, ada, member):
    assert client.get(f"{MY}block/1/").status_code == 405
    assert client.get(f"{MY}unblock/1/").status_code == 405
