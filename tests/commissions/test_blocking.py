"""An artist blocks a sender; and what the commission pages cost in queries."""

from datetime import timedelta

import pytest

from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commissions.models import CommissionBlock, CommissionRequest
from tests.commissions.helpers import MY, REQUEST, logged_in, request_url, send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
