"""The profile page, and what the database itself guarantees of members."""

import pytest

from django.db import IntegrityError, transaction

from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.members.accounts.helpers import (
    CONFIRM_EMAIL_SENT_URL,
    LOGIN_URL,
    PROFILE_URL,
    SIGNUP_URL,
    User,
    field_errors,
    signup_data,
)

pytestmark = pytest.mark.django_db


# --- Profile -------------------------------------------------------------------------------


def test_profile_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_member_edits_display_name_and_bio_and_sees_them_saved(client):
    member = UserFactory(display_name="Old Name", bio="Old bio.")
    client.force_login(member)

    response = client.post(
        PROFILE_URL,
        {"display_name": "Ada Paints", "bio": "Oil on canvas, mostly seas."},
        follow=True,
    )

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    html = response.content.decode()
    assert "Your profile is saved." in html
    document = soup(html)
    assert document.find(id="id_display_name")["value"] == "Ada Paints"
    assert document.find(id="id_bio").get_text().strip() == "Oil on canvas, mostly seas."
    member.refresh_from_db()
    assert member.display_name == "Ada Paints"
    assert member.bio == "Oil on canvas, mostly seas."


def test_profile_refuses_a_bio_that_is_too_long(client):
    member = UserFactory(bio="Short.")
    client.force_login(member)

    response = client.post(PROFILE_URL, {"display_name": "Ada", "bio": "x" * 2001})

    assert response.status_code == 200
    assert "at most 2000 characters" in field_errors(response, "bio")
    member.refresh_from_db()
    assert member.bio == "Short."


def test_profile_edits_only_the_logged_in_member(client):
    member = UserFactory(display_name="Me")
    other = UserFactory(display_name="Someone else")
    client.force_login(member)

    client.post(PROFILE_URL, {"display_name": "Changed", "bio": "", "id": other.pk})

    other.refresh_from_db()
    member.refresh_from_db()
    assert other.display_name == "Someone else"
    assert member.display_name == "Changed"


# --- The database's own guarantees --------------------------------------------------------


def test_database_refuses_a_case_variant_duplicate_username():
    User.objects.create_user("alice", "alice@example.com", PASSWORD)

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ALICE", "other@example.com", PASSWORD)

    assert User.objects.filter(username__iexact="alice").count() == 1


def test_database_refuses_a_case_variant_duplicate_email():
    User.objects.create_user("alice", "alice@example.com", PASSWORD)

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("bob", "Alice@Example.com", PASSWORD)

    assert not User.objects.filter(username="bob").exists()


def test_database_allows_several_members_without_an_email():
    User.objects.create_user("alice", "", PASSWORD)
    User.objects.create_user("bob", "", PASSWORD)

    assert User.objects.filter(email="").count() == 2


def test_a_signup_that_loses_the_race_for_a_username_is_told_not_a_500(client, monkeypatch):
    """Two sign-ups for one username at once both pass the form's check; the database keeps
    one, and the other sees the usual message."""
    UserFactory(username="taken", email="first@example.com")
    # As if the other sign-up had not committed yet when this one was checked.
    monkeypatch.setattr(
        "members.adapter.AccountAdapter.clean_username",
        lambda self, username, shallow=False: username,
    )
    response = client.post(SIGNUP_URL, signup_data(username="TAKEN", email="second@example.com"))
    assert response.status_code == 200
    assert "That username is taken" in field_errors(response, "username")
    assert User.objects.filter(username__iexact="taken").count() == 1


def test_a_signup_that_loses_the_race_for_an_address_looks_like_any_other(client, monkeypatch):
    UserFactory(username="alice", email="alice@example.com")
    monkeypatch.setattr(
        "allauth.account.internal.flows.manage_email.email_already_exists",
        lambda email, **kwargs: (email, False),
    )
    response = client.post(SIGNUP_URL, signup_data(username="bob", email="ALICE@example.com"))
    assert response.status_code == 302
    assert response["Location"] == CONFIRM_EMAIL_SENT_URL
    assert not User.objects.filter(username="bob").exists()


def test_a_username_that_reads_as_another_members_name_is_refused(client):
    UserFactory(username="mira", display_name="Mira Vale")
    response = client.post(SIGNUP_URL, signup_data(username="M1raVale"))
    assert response.status_code == 200
    assert "That username is taken" in field_errors(response, "username")
    assert not User.objects.filter(username__iexact="m1ravale").exists()
