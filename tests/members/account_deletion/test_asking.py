"""Asking to delete one's account: confirmed with the password (and the second factor), deactivated
at once."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory, create_artwork
from tests.html import soup
from tests.members.account_deletion.helpers import DELETE_URL, delete, main_text
from tests.members.test_staff_mfa import current_code

pytestmark = pytest.mark.django_db


def field_errors(response, name):
    errors = soup(response).find(id=f"id_{name}_error")
    return errors.get_text(" ", strip=True) if errors else ""


# --- Asking ----------------------------------------------------------------------------------


def test_the_form_asks_for_the_password_with_a_visible_label(client, member):
    response = client.get(DELETE_URL)

    assert response.status_code == 200
    document = soup(response)
    labels = [label.get_text(" ", strip=True) for label in document.select("main form label")]
    assert labels == ["Password"]
    assert "14 days" in main_text(response)


def test_a_wrong_password_changes_nothing_and_says_so(
    client, member, django_capture_on_commit_callbacks
):
    response = delete(client, django_capture_on_commit_callbacks, password="not-it")

    assert response.status_code == 200
    assert field_errors(response, "password") == "That is not your password."
    member.refresh_from_db()
    assert member.is_active and member.deletion_requested_at is None
    assert client.session.get(SESSION_KEY) == str(member.pk)
    assert not mail.outbox


def test_deleting_deactivates_at_once_and_takes_the_work_off_public_pages(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Analytical engine")
    visitor = Client()
    assert visitor.get(artwork.get_absolute_url()).status_code == 200
    assert visitor.get("/artists/ada/").status_code == 200
    old_rendition = artwork.image.renditions.first().url

    response = delete(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/"
    member.refresh_from_db()
    assert not member.is_active
    assert member.deletion_requested_at is not None
    # Logged out; the site says when the account goes and how to keep it.
    assert client.session.get(SESSION_KEY) is None
    due = f"{member.deletion_due_at:%-d %B %Y}"
    assert due in main_text(client.get("/"))
    # Off every public page, the page cache and the old rendition addresses included.
    assert visitor.get(artwork.get_absolute_url()).status_code == 404
    assert visitor.get("/artists/ada/").status_code == 404
    assert "Analytical engine" not in visitor.get("/gallery/").content.decode()
    assert visitor.get(old_rendition).status_code == 404
    # An email says so, with the date.
    (email,) = mail.outbox
    assert email.to == ["ada@example.com"]
    assert due in email.subject
    assert "/accounts/login/" in email.body


def test_a_member_with_an_authenticator_gives_its_code_too(
    client, member, django_capture_on_commit_callbacks
):
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    document = soup(client.get(DELETE_URL))
    assert [label.get_text(" ", strip=True) for label in document.select("main form label")] == [
        "Password",
        "Authenticator code",
    ]

    wrong = delete(client, django_capture_on_commit_callbacks, code="000000")
    missing = delete(client, django_capture_on_commit_callbacks)

    assert wrong.status_code == missing.status_code == 200
    assert "code" in field_errors(wrong, "code").lower()
    assert field_errors(missing, "code") == "This field is required."
    member.refresh_from_db()
    assert member.is_active

    right = delete(client, django_capture_on_commit_callbacks, code=current_code(secret))

    assert right.status_code == 302
    member.refresh_from_db()
    assert not member.is_active


def test_a_recovery_code_serves_instead_of_the_authenticator(
    client, member, django_capture_on_commit_callbacks
):
    TOTP.activate(member, generate_totp_secret())
    codes = RecoveryCodes.activate(member)
    code = codes.get_unused_codes()[0]

    response = delete(client, django_capture_on_commit_callbacks, code=code)

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active


def test_a_wrong_password_does_not_spend_a_recovery_code(
    client, member, django_capture_on_commit_callbacks
):
    TOTP.activate(member, generate_totp_secret())
    codes = RecoveryCodes.activate(member)
    code = codes.get_unused_codes()[0]

    delete(client, django_capture_on_commit_callbacks, password="not-it", code=code)

    authenticator = Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
    assert code in authenticator.wrap().get_unused_codes()


def test_attempts_are_rate_limited(client, member, django_capture_on_commit_callbacks, settings):
    settings.MEMBER_DELETION_RATE_LIMIT = "2/h"
    for _ in range(2):
        delete(client, django_capture_on_commit_callbacks, password="guess")

    refused = delete(client, django_capture_on_commit_callbacks)

    assert refused.status_code == 429
    assert "Too many attempts" in main_text(refused)
    member.refresh_from_db()
    assert member.is_active


def test_the_form_needs_the_csrf_token(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)

    assert strict.post(DELETE_URL, {"password": PASSWORD}).status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_an_administrator_cannot_delete_their_own_account_here(
    django_capture_on_commit_callbacks,
):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)

    response = delete(client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "another administrator" in main_text(response)
    admin.refresh_from_db()
    assert admin.is_active
