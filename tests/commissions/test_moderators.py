"""Moderators read requests in the admin; requests and blocks in a member's account data."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from commissions import account_data
from commissions.models import CommissionBlock, CommissionRequest
from tests.commissions.helpers import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


LISTING = "/admin/snippets/commissions/commissionrequest/"


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
