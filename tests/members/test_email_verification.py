"""A member confirms their email before they can upload, report or be listed as an artist.

allauth asks at sign-up and log-in; these tests cover a session that began without a
confirmed address (an address set in the admin, a member from before the check), the
"Confirm your email" page, its resend button, the artists listing and the data migration
that trusts the addresses members already had."""

import importlib

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail

from artworks.models import Artwork
from reports.models import Report
from tests.factories import PASSWORD, UserFactory, create_artwork, uploaded_image
from tests.html import soup, text
from tests.reports.helpers import logged_in, report_url

pytestmark = pytest.mark.django_db

User = get_user_model()

UPLOAD_URL = "/my/artworks/upload/"
EMAIL_URL = "/accounts/email/"


def main_text(response):
    return text(response, "main")


def resend_form(response):
    return soup(response).select_one("main form")


def assert_asked_to_confirm(response, email):
    assert response.status_code == 403
    text = main_text(response)
    assert "Confirm your email" in text
    assert email in text
    form = resend_form(response)
    assert form["method"] == "post"
    assert form["action"] == EMAIL_URL
    assert form.find("input", attrs={"name": "email"})["value"] == email
    assert form.find("button", attrs={"name": "action_send"}).get_text(strip=True)


@pytest.fixture
def unconfirmed():
    return UserFactory(username="newbie", email="newbie@example.com", verified_email=False)


def test_a_member_without_a_confirmed_email_cannot_open_the_upload_form(unconfirmed):
    response = logged_in(unconfirmed).get(UPLOAD_URL)

    assert_asked_to_confirm(response, "newbie@example.com")
    assert not soup(response).find("input", attrs={"name": "image"})


def test_a_member_without_a_confirmed_email_cannot_upload(unconfirmed, media_files):
    client = logged_in(unconfirmed)

    response = client.post(
        UPLOAD_URL,
        {"title": "Sneaky", "alt_text": "A picture", "image": uploaded_image()},
    )

    assert response.status_code == 403
    assert Artwork.objects.count() == 0
    assert media_files() == []


def test_a_member_without_a_confirmed_email_cannot_report(unconfirmed):
    artwork = create_artwork(UserFactory(username="painter"), title="Reported work")
    client = logged_in(unconfirmed)

    page = client.get(report_url(artwork))
    sent = client.post(report_url(artwork), {"reason": "spam", "message": ""})

    assert_asked_to_confirm(page, "newbie@example.com")
    assert sent.status_code == 403
    assert Report.objects.count() == 0


def test_the_resend_button_sends_the_link_and_is_rate_limited(unconfirmed):
    client = logged_in(unconfirmed)
    form = resend_form(client.get(UPLOAD_URL))
    data = {"email": form.find("input", attrs={"name": "email"})["value"], "action_send": ""}

    first = client.post(EMAIL_URL, data, follow=True)
    again = [client.post(EMAIL_URL, data) for _ in range(5)]

    assert first.status_code == 200
    assert "Confirmation email sent to newbie@example.com" in main_text(first)
    assert [response.status_code for response in again] == [302] * 5
    # One link until allauth's cool-off per address ("confirm_email") has passed.
    assert [message.to for message in mail.outbox] == [["newbie@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_once_confirmed_the_upload_form_opens(unconfirmed):
    client = logged_in(unconfirmed)
    assert client.get(UPLOAD_URL).status_code == 403
    client.post(EMAIL_URL, {"email": "newbie@example.com", "action_send": ""})
    link = next(word for word in mail.outbox[0].body.split() if "/confirm-email/" in word)
    path = link.split("testserver", 1)[1]

    client.post(path)

    assert EmailAddress.objects.get(user=unconfirmed).verified
    upload = client.get(UPLOAD_URL)
    assert upload.status_code == 200
    assert soup(upload).find("input", attrs={"name": "image"})


def test_an_email_set_outside_allauth_can_still_be_confirmed(client):
    """An editor gave the account an address in the admin: no allauth row exists yet."""
    member = User.objects.create_user("set_by_editor", "Editor.Set@example.com", PASSWORD)
    client.force_login(member)

    response = client.get(UPLOAD_URL)

    assert_asked_to_confirm(response, "editor.set@example.com")
    client.post(EMAIL_URL, {"email": "editor.set@example.com", "action_send": ""})
    assert [message.to for message in mail.outbox] == [["editor.set@example.com"]]


def test_a_member_without_any_email_is_asked_to_add_one(client):
    member = User.objects.create_user("no_email", "", PASSWORD)
    client.force_login(member)

    response = client.get(UPLOAD_URL)

    assert response.status_code == 403
    assert "add an email address" in main_text(response)


def test_the_artists_page_lists_only_members_with_a_confirmed_email(client):
    confirmed = UserFactory(username="shown", display_name="Shown Artist")
    create_artwork(confirmed, title="Shown work")
    hidden = UserFactory(username="unconfirmed", display_name="Unconfirmed Artist")
    create_artwork(hidden, title="Unconfirmed work")
    EmailAddress.objects.filter(user=hidden).update(verified=False)

    text = main_text(client.get("/artists/"))

    assert "Shown Artist" in text
    assert "Unconfirmed Artist" not in text
    assert list(User.objects.artists()) == [confirmed]


def test_existing_members_addresses_are_trusted_by_the_data_migration():
    migration = importlib.import_module("members.migrations.0007_verified_email_addresses")
    old_member = User.objects.create_user("old_member", "Old.Member@example.com", PASSWORD)
    no_email = User.objects.create_user("no_email", "", PASSWORD)
    pending = UserFactory(username="pending", verified_email=False)

    migration.add_verified_addresses(apps, None)

    address = EmailAddress.objects.get(user=old_member)
    assert (address.email, address.verified, address.primary) == (
        "old.member@example.com",
        True,
        True,
    )
    assert not EmailAddress.objects.filter(user=no_email).exists()
    # A member who already has an allauth address keeps it as it was.
    assert list(EmailAddress.objects.filter(user=pending).values_list("verified", flat=True)) == [
        False
    ]
    # The old member can upload at once.
    assert logged_in(old_member).get(UPLOAD_URL).status_code == 200


def test_changing_the_email_keeps_the_old_one_until_the_new_one_is_confirmed(client):
    member = UserFactory(username="mover", email="old@example.com")
    client.force_login(member)

    response = client.post(EMAIL_URL, {"email": "new@example.com", "action_add": ""}, follow=True)

    assert response.status_code == 200
    text = main_text(response)
    assert "old@example.com" in text
    assert "Changing to new@example.com" in text
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    member.refresh_from_db()
    assert member.email == "old@example.com"
    # The page is the site's, and nothing on it needs an exception to the CSP.
    document = soup(response)
    assert not document.select("[style]")
    assert document.find("label", attrs={"for": "id_email"}).get_text(strip=True) == "Email"

    path = next(word for word in mail.outbox[0].body.split() if "/confirm-email/" in word)
    client.post(path.split("testserver", 1)[1])

    member.refresh_from_db()
    assert member.email == "new@example.com"
    assert logged_in(member).get(UPLOAD_URL).status_code == 200
