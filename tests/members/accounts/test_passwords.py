"""Password change and password reset."""

import pytest

from django.core import mail

from tests.factories import PASSWORD, UserFactory
from tests.members.accounts.helpers import (
    LOGIN_URL,
    LOGOUT_URL,
    field_errors,
    link_in,
    log_in,
    logged_in_user_id,
    main_text,
)

pytestmark = pytest.mark.django_db


OLD_PASSWORD_CHANGE_URL = "/accounts/password_change/"


OLD_PASSWORD_RESET_URL = "/accounts/password_reset/"


PASSWORD_CHANGE_URL = "/accounts/password/change/"


PASSWORD_RESET_URL = "/accounts/password/reset/"


PASSWORD_RESET_DONE_URL = "/accounts/password/reset/done/"


NEW_PASSWORD = "Another-quite-Different-phrase-77"


# --- Password change -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [(OLD_PASSWORD_CHANGE_URL, PASSWORD_CHANGE_URL), (OLD_PASSWORD_RESET_URL, PASSWORD_RESET_URL)],
)
def test_the_old_password_addresses_lead_to_allauths_pages_for_good(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_password_change_needs_a_logged_in_member(client):
    response = client.get(PASSWORD_CHANGE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PASSWORD_CHANGE_URL}"


def change_password(client, old, new):
    return client.post(
        PASSWORD_CHANGE_URL, {"oldpassword": old, "password1": new, "password2": new}
    )


def test_password_change_sets_the_new_password_and_the_old_one_stops_working(client):
    member = UserFactory(username="alice")
    log_in(client, "alice", PASSWORD)

    response = client.post(
        PASSWORD_CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.status_code == 200
    assert "Password successfully changed" in main_text(response)
    # The member who changed it stays logged in on this device.
    assert logged_in_user_id(client) == str(member.pk)

    client.post(LOGOUT_URL)
    old = log_in(client, "alice", PASSWORD)
    assert old.status_code == 200
    assert logged_in_user_id(client) is None
    new = log_in(client, "alice", NEW_PASSWORD)
    assert new.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


def test_password_change_refuses_a_wrong_old_password(client):
    member = UserFactory()
    client.force_login(member)

    response = change_password(client, "wrong-wrong", NEW_PASSWORD)

    assert response.status_code == 200
    assert "Please type your current password" in field_errors(response, "oldpassword")
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


# --- Password reset ------------------------------------------------------------------------


def request_reset(client, email):
    return client.post(PASSWORD_RESET_URL, {"email": email}, follow=True)


def test_password_reset_sends_one_email_to_a_known_address(client):
    UserFactory(username="alice", email="alice@example.com")

    response = request_reset(client, "alice@example.com")

    assert response.status_code == 200
    assert response.redirect_chain == [(PASSWORD_RESET_DONE_URL, 302)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_finds_the_address_whatever_its_case(client):
    UserFactory(username="alice", email="alice@example.com")

    request_reset(client, "Alice@EXAMPLE.com")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]


def test_password_reset_sends_nothing_for_an_unknown_address(client):
    UserFactory(username="alice", email="alice@example.com")

    response = request_reset(client, "stranger@example.com")

    assert response.status_code == 200
    assert response.redirect_chain == [(PASSWORD_RESET_DONE_URL, 302)]
    assert mail.outbox == []


def test_password_reset_sends_nothing_for_an_inactive_member(client):
    UserFactory(username="alice", email="alice@example.com", is_active=False)

    request_reset(client, "alice@example.com")

    assert mail.outbox == []


def test_password_reset_shows_the_same_page_for_known_and_unknown_addresses(client):
    UserFactory(username="alice", email="alice@example.com")

    known = client.post(PASSWORD_RESET_URL, {"email": "alice@example.com"})
    unknown = client.post(PASSWORD_RESET_URL, {"email": "stranger@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert known_page.content == unknown_page.content
    assert "If an account uses that address" in known_page.content.decode()


def test_password_reset_link_lets_the_member_set_a_new_password(client):
    member = UserFactory(username="alice", email="alice@example.com")
    request_reset(client, "alice@example.com")
    path = link_in(mail.outbox[0])

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(
        set_password_url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/password/reset/key/done/", 302)]
    assert "Your password is set" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)
    login = log_in(client, "alice", NEW_PASSWORD)
    assert login.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)

    # The link works once only.
    client.post(LOGOUT_URL)
    again = client.get(path, follow=True)
    assert "This link has expired" in again.content.decode()


def test_password_reset_link_with_a_bad_token_is_refused(client):
    member = UserFactory(username="alice", email="alice@example.com")
    request_reset(client, "alice@example.com")
    path = link_in(mail.outbox[0])
    forged = path.rstrip("/").rsplit("-", 1)[0] + "-abc-0123456789abcdef/"

    response = client.get(forged)

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
