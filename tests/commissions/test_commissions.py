"""Commissions: an artist opens for commissions with a short text, members send requests that
the site relays by email (the sender's address as Reply-To, the artist's never shown), the
artist blocks a sender, and moderators read the requests in the admin."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commissions import account_data
from commissions.models import CommissionBlock, CommissionRequest
from commissions.signals import commission_requested
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db

MY = "/my/commissions/"
LISTING = "/admin/snippets/commissions/commissionrequest/"
ADA_ADDRESS = "ada.private@example.com"
GRACE_ADDRESS = "grace@example.com"


@pytest.fixture
def ada():
    """An artist with public work, open for commissions, and a private address."""
    artist = UserFactory(
        username="ada",
        display_name="Ada Lovelace",
        email=ADA_ADDRESS,
        open_for_commissions=True,
        commission_text="Portraits of engines.\nAbout six weeks.",
    )
    create_artwork(artist, title="Engine")
    return artist


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper", email=GRACE_ADDRESS)


@pytest.fixture
def member(client, grace):
    client.force_login(grace)
    return grace


def request_url(artist):
    return f"{MY}request/{artist.username}/"


REQUEST = {
    "subject": "A portrait of our compiler",
    "message": "Oil on canvas, about 40 x 50 cm, for the office.",
    "budget": "€400",
    "deadline": "",
}


def send(client, artist, commit_callbacks, **fields):
    """POST the request form, running what waits for the commit (the relay task)."""
    with commit_callbacks(execute=True):
        return client.post(request_url(artist), {**REQUEST, **fields})


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- Opening and closing -----------------------------------------------------------------------


def test_an_artist_opens_commissions_and_their_page_invites_requests(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    artist = UserFactory(username="mira", display_name="Mira")
    create_artwork(artist)
    client.force_login(artist)
    assert "Open for commissions" not in Client().get("/artists/mira/").content.decode()

    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "Birds only."})
    assert response.status_code == 302
    page = client.get(MY).content.decode()
    assert "Saved. Your artist page says you are open for commissions." in page
    visitor_page = Client().get("/artists/mira/").content.decode()
    assert "Open for commissions" in visitor_page
    assert "Birds only." in visitor_page
    assert 'href="/my/commissions/request/mira/"' in visitor_page
    # The artist's own page offers the settings, not a request to themselves.
    own = client.get("/artists/mira/").content.decode()
    assert "Change your commission settings" in own
    assert "/my/commissions/request/mira/" not in own

    client.post(MY, {"commission_text": "Birds only."})
    artist.refresh_from_db()
    assert not artist.open_for_commissions
    assert "Saved. Your artist page does not invite commissions." in client.get(MY).content.decode()
    assert "Request a commission" not in Client().get("/artists/mira/").content.decode()
    assert "Commission settings" in client.get("/artists/mira/").content.decode()


def test_the_commission_text_is_at_most_500_characters(client, grace):
    client.force_login(grace)
    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    grace.refresh_from_db()
    assert not grace.open_for_commissions and grace.commission_text == ""


def test_the_commission_text_cannot_run_script(client, ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada.commission_text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ada.save()
    for viewer in (Client(), logged_in(UserFactory())):
        page = viewer.get("/artists/ada/").content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_opening_commissions_refreshes_the_cached_artist_page(ada):
    ada.open_for_commissions = False
    ada.save()
    first, second = Client(), Client()
    assert first.get("/artists/ada/")["X-Page-Cache"] == "miss"
    cached = second.get("/artists/ada/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Open for commissions" not in cached.content.decode()

    artist_client = logged_in(ada)
    artist_client.post(MY, {"open_for_commissions": "on", "commission_text": "Engines, mostly."})
    page = Client().get("/artists/ada/").content.decode()
    assert "Open for commissions" in page and "Engines, mostly." in page

    artist_client.post(MY, {"open_for_commissions": "on", "commission_text": "Looms now."})
    page = Client().get("/artists/ada/").content.decode()
    assert "Looms now." in page and "Engines, mostly." not in page

    artist_client.post(MY, {"commission_text": "Looms now."})
    assert "Open for commissions" not in Client().get("/artists/ada/").content.decode()


def test_anonymous_visitors_share_one_cached_page_with_the_request_link(ada):
    first, second = Client(), Client()
    miss, hit = first.get("/artists/ada/"), second.get("/artists/ada/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss.content == hit.content
    assert 'href="/my/commissions/request/ada/"' in hit.content.decode()


def test_the_artwork_page_links_ask_the_artist_to_the_request_form_when_open(ada, member):
    artwork = ada.artworks.get()
    link = f'href="/my/commissions/request/ada/?artwork={artwork.pk}"'
    assert link in Client().get(artwork.get_absolute_url()).content.decode()
    assert link in logged_in(member).get(artwork.get_absolute_url()).content.decode()
    assert link not in logged_in(ada).get(artwork.get_absolute_url()).content.decode()
    ada.open_for_commissions = False
    ada.save()
    page = Client().get(artwork.get_absolute_url()).content.decode()
    assert "please ask the artist before using this work" in page
    assert "/my/commissions/request/" not in page


def test_the_link_from_a_work_names_it_in_the_subject(client, ada, member):
    artwork = ada.artworks.get()
    page = client.get(f"{request_url(ada)}?artwork={artwork.pk}").content.decode()
    assert 'value="About “Engine”"' in page
    for junk in ("nonsense", "999999"):
        page = client.get(f"{request_url(ada)}?artwork={junk}").content.decode()
        assert "About “" not in page and 'name="subject"' in page


def test_commission_settings_beyond_the_rate_limit_get_429_and_change_nothing(
    client, grace, settings
):
    settings.COMMISSION_SETTINGS_RATE_LIMIT = "1/h"
    client.force_login(grace)
    client.post(MY, {"commission_text": "First."})
    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "Second."})
    assert response.status_code == 429
    assert "many times in a short time" in response.content.decode()
    grace.refresh_from_db()
    assert grace.commission_text == "First." and not grace.open_for_commissions


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


# --- Blocking ----------------------------------------------------------------------------------


def test_the_artist_blocks_a_sender_who_is_then_refused_and_unblocks_them(
    client, ada, member, django_capture_on_commit_callbacks
):
    send(client, ada, django_capture_on_commit_callbacks)
    request = CommissionRequest.objects.get()
    artist_client = logged_in(ada)
    page = artist_client.get(MY).content.decode()
    assert "A portrait of our compiler" in page and "Grace Hopper (@grace)" in page
    assert f'action="{MY}block/{request.pk}/"' in page

    response = artist_client.post(f"{MY}block/{request.pk}/")
    assert response.status_code == 302
    page = artist_client.get(MY).content.decode()
    assert "You have blocked Grace Hopper: they cannot send you requests any more." in page
    assert "Members you blocked" in page and "Unblock" in page
    request.refresh_from_db()
    assert request.status == "blocked"

    CommissionRequest.objects.update(created_at=timezone.now() - timedelta(days=2))
    for response in (client.get(request_url(ada)), client.post(request_url(ada), REQUEST)):
        assert response.status_code == 403
        assert "This artist is not taking requests from you." in response.content.decode()
    assert CommissionRequest.objects.count() == 1 and len(mail.outbox) == 1

    block = CommissionBlock.objects.get()
    artist_client.post(f"{MY}unblock/{block.pk}/")
    assert "Grace Hopper can send you commission requests again." in (
        artist_client.get(MY).content.decode()
    )
    assert send(client, ada, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 2


def test_blocking_twice_keeps_one_block(client, ada, member, django_capture_on_commit_callbacks):
    send(client, ada, django_capture_on_commit_callbacks)
    request = CommissionRequest.objects.get()
    artist_client = logged_in(ada)
    artist_client.post(f"{MY}block/{request.pk}/")
    artist_client.post(f"{MY}block/{request.pk}/")
    assert CommissionBlock.objects.count() == 1


def test_only_the_artist_who_received_a_request_can_block_from_it(
    client, ada, member, django_capture_on_commit_callbacks
):
    send(client, ada, django_capture_on_commit_callbacks)
    request = CommissionRequest.objects.get()
    assert client.post(f"{MY}block/{request.pk}/").status_code == 404  # the sender
    assert logged_in(UserFactory()).post(f"{MY}block/{request.pk}/").status_code == 404
    block = CommissionBlock.objects.create(artist=ada, blocked_member=UserFactory())
    assert client.post(f"{MY}unblock/{block.pk}/").status_code == 404
    assert CommissionBlock.objects.count() == 1
    request.refresh_from_db()
    assert request.status == "sent"


def test_the_database_refuses_a_block_twice_or_of_oneself(ada, grace):
    CommissionBlock.objects.create(artist=ada, blocked_member=grace)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionBlock.objects.create(artist=ada, blocked_member=grace)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionBlock.objects.create(artist=ada, blocked_member=ada)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionRequest.objects.create(artist=ada, sender=ada, subject="x", message="y")


def test_requests_and_blocks_go_with_either_account(ada, grace):
    CommissionRequest.objects.create(artist=ada, sender=grace, subject="x", message="y")
    CommissionBlock.objects.create(artist=ada, blocked_member=grace)
    grace.delete()
    assert not CommissionRequest.objects.exists() and not CommissionBlock.objects.exists()


def test_a_request_is_not_relayed_once_its_sender_is_blocked(
    client, ada, member, django_capture_on_commit_callbacks
):
    # The block lands between the request's commit and the worker's turn.
    from commissions.relay import relay_commission_request

    with django_capture_on_commit_callbacks(execute=False):
        client.post(request_url(ada), REQUEST)
    CommissionBlock.objects.create(artist=ada, blocked_member=member)
    relay_commission_request.call(CommissionRequest.objects.get().pk)
    assert not mail.outbox


def test_the_commissions_page_needs_a_log_in_and_a_confirmed_email(client):
    response = client.get(MY)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory(verified_email=False))
    assert client.get(MY).status_code == 403


def test_the_profile_page_leads_to_the_commission_settings(client, grace):
    client.force_login(grace)
    assert f'href="{MY}"' in client.get("/my/profile/").content.decode()


# --- Query cost --------------------------------------------------------------------------------


def test_the_commissions_page_costs_the_same_for_5_and_40_requests_and_blocks(client, ada):
    client.force_login(ada)

    def add(count):
        senders = type(ada).objects.bulk_create(UserFactory.build() for _ in range(count))
        CommissionRequest.objects.bulk_create(
            CommissionRequest(artist=ada, sender=s, subject="Hi", message="A work") for s in senders
        )
        CommissionRequest.objects.bulk_create(
            CommissionRequest(artist=s, sender=ada, subject="Hi", message="A work") for s in senders
        )
        CommissionBlock.objects.bulk_create(
            CommissionBlock(artist=ada, blocked_member=s) for s in senders
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MY).status_code == 200
        return len(queries)

    add(5)
    client.get(MY)  # the artist page's URL is looked up once per change of content
    with_5 = count()
    add(35)
    client.get(MY)
    with_40 = count()
    assert with_5 == with_40
    # Session, member, verified email, the page of requests, the blocks, the requests sent,
    # and the member's permissions (two, for the page's Wagtail user bar).
    assert with_5 <= 8, with_5


def test_the_artist_page_costs_no_query_more_when_open_for_commissions(ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client = Client()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/artists/ada/").status_code == 200
        return len(queries)

    client.get("/artists/ada/")
    open_page = count()
    ada.open_for_commissions = False
    ada.save()
    client.get("/artists/ada/")
    assert count() == open_page


# --- Moderators --------------------------------------------------------------------------------


@pytest.fixture
def moderator(client):
    user = UserFactory(username="mod")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return user


@pytest.fixture
def requests_made(ada, grace):
    bob = UserFactory(username="bob", display_name="Bob Ross", open_for_commissions=True)
    first = CommissionRequest.objects.create(
        artist=ada, sender=grace, subject="Engine portrait", message="<script>x()</script>"
    )
    second = CommissionRequest.objects.create(
        artist=bob, sender=grace, subject="Happy trees", message="Some trees."
    )
    third = CommissionRequest.objects.create(
        artist=ada,
        sender=bob,
        subject="Rude words",
        message="Abuse",
        status=CommissionRequest.Status.BLOCKED,
    )
    CommissionRequest.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    return first, second, third


def test_moderators_list_and_read_requests_but_cannot_add_or_edit(client, moderator, requests_made):
    first, _, _ = requests_made
    assert "Commission requests" in client.get("/admin/").content.decode()
    page = client.get(LISTING).content.decode()
    for text in ("Engine portrait", "Happy trees", "Rude words", "Ada Lovelace (@ada)"):
        assert text in page
    assert "Sender blocked" in page
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page
    inspect = client.get(f"{LISTING}inspect/{first.pk}/")
    assert inspect.status_code == 200
    assert "&lt;script&gt;x()&lt;/script&gt;" in inspect.content.decode()
    assert "<script>x()" not in inspect.content.decode()
    assert client.get(f"{LISTING}add/").status_code in (302, 403)
    edit = client.post(f"{LISTING}edit/{first.pk}/", {"subject": "Changed", "message": "Changed"})
    assert edit.status_code in (302, 403)
    assert client.post(f"{LISTING}delete/{first.pk}/").status_code in (302, 403)
    first.refresh_from_db()
    assert first.subject == "Engine portrait"


def test_the_listing_filters_by_artist_sender_date_and_blocked(client, moderator, requests_made):
    def subjects(**filters):
        page = client.get(LISTING, filters).content.decode()
        return {s for s in ("Engine portrait", "Happy trees", "Rude words") if s in page}

    assert subjects() == {"Engine portrait", "Happy trees", "Rude words"}
    assert subjects(artist="ADA") == {"Engine portrait", "Rude words"}
    assert subjects(sender="grace") == {"Engine portrait", "Happy trees"}
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert subjects(created_at_after=since) == {"Happy trees", "Rude words"}
    assert subjects(status="blocked") == {"Rude words"}
    assert subjects(artist="ada", status="sent") == {"Engine portrait"}


def test_members_and_staff_without_the_permission_cannot_see_requests(requests_made):
    first, _, _ = requests_made
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(
            content_type__app_label="commissions"
        )
    )
    for user in (UserFactory(), editor):
        client = logged_in(user)
        for response in (client.get(LISTING), client.get(f"{LISTING}inspect/{first.pk}/")):
            assert response.status_code in (302, 403)
            assert "Engine portrait" not in response.content.decode()
    assert "Commission requests" not in logged_in(editor).get("/admin/").content.decode()


# --- Account data ------------------------------------------------------------------------------


def test_account_export_holds_requests_sent_and_received_and_blocks(ada, grace, requests_made):
    bob = type(ada).objects.get(username="bob")
    CommissionBlock.objects.create(artist=ada, blocked_member=bob)

    ada_data = account_data.export(ada)
    assert ada_data["commission_settings"] == {
        "open_for_commissions": True,
        "commission_text": "Portraits of engines.\nAbout six weeks.",
    }
    assert {item["subject"] for item in ada_data["commission_requests_received"]} == {
        "Engine portrait",
        "Rude words",
    }
    assert ada_data["commission_requests_sent"] == []
    assert [block["member"] for block in ada_data["commission_blocks"]] == ["bob"]

    grace_data = account_data.export(grace)
    sent = grace_data["commission_requests_sent"]
    assert {item["to"] for item in sent} == {"ada", "bob"}
    assert all("status" not in item for item in sent)
    assert grace_data["commission_blocks"] == []
    # What the account branch writes into the zip.
    import json

    json.dumps(ada_data)
    json.dumps(grace_data)
