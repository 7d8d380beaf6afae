"""No account enumeration; password hashing and validation; sessions renewed at log-in and ended at
log-out or a password change."""

import pytest

from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from config.settings import base as base_settings
from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.site.security.helpers import (
    LOGIN_URL,
    LOGOUT_URL,
    PASSWORD_CHANGE_URL,
    PASSWORD_RESET_DONE_URL,
    PASSWORD_RESET_URL,
    PROFILE_URL,
    SIGNUP_URL,
    WRONG_PASSWORD,
    User,
    alert_text,
    log_in,
    logged_in_user_id,
    signup_data,
)

pytestmark = pytest.mark.django_db


NEW_PASSWORD = "Another-quite-Different-phrase-77"


# --- No account enumeration ----------------------------------------------------------------


def comparable_main(response, typed_username):
    """The page's main content with the per-request CSRF token dropped and the username the
    visitor typed (echoed back in the form) replaced by a placeholder."""
    main = soup(response).find("main")
    for token in main.select('input[name="csrfmiddlewaretoken"]'):
        token.decompose()
    return str(main).replace(typed_username, "TYPED")


def test_login_unknown_username_and_wrong_password_look_the_same(client):
    UserFactory(username="alice")

    wrong_password = log_in(client, "alice", WRONG_PASSWORD)
    unknown_user = log_in(client, "nobody", WRONG_PASSWORD)

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert alert_text(wrong_password) == alert_text(unknown_user)
    assert "Please enter a correct username and password" in alert_text(unknown_user)
    assert comparable_main(wrong_password, "alice") == comparable_main(unknown_user, "nobody")


def test_password_reset_for_unknown_and_known_email_answers_identically(client):
    UserFactory(username="alice", email="alice@example.com")

    known = client.post(PASSWORD_RESET_URL, {"email": "alice@example.com"})
    unknown = client.post(PASSWORD_RESET_URL, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == PASSWORD_RESET_DONE_URL
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert known_page.content == unknown_page.content
    assert len(mail.outbox) == 1


# --- Passwords and sessions ----------------------------------------------------------------


def test_argon2_is_the_first_password_hasher_in_the_base_settings(settings):
    assert base_settings.PASSWORD_HASHERS[0] == ("django.contrib.auth.hashers.Argon2PasswordHasher")
    # And it works here (argon2-cffi installed): a password set under the base settings is
    # stored as an Argon2 hash and checks.
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS
    member = UserFactory()
    assert member.password.startswith("argon2$")
    assert member.check_password(PASSWORD)


def test_base_settings_use_djangos_password_validators():
    validators = base_settings.AUTH_PASSWORD_VALIDATORS
    names = {validator["NAME"].rsplit(".", 1)[-1] for validator in validators}
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names


def test_signup_refuses_a_common_password(client):
    response = client.post(
        SIGNUP_URL, signup_data("newartist", "newartist@example.com", password="password123")
    )

    assert response.status_code == 200
    assert "This password is too common" in alert_text(response)
    assert not User.objects.filter(username="newartist").exists()
    assert logged_in_user_id(client) is None


def test_password_change_refuses_a_common_password(client):
    member = UserFactory()
    client.force_login(member)

    response = client.post(
        PASSWORD_CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": "password123", "password2": "password123"},
    )

    assert response.status_code == 200
    assert "This password is too common" in alert_text(response)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_the_session_key_changes_at_login(client):
    """A session id planted before log-in (session fixation) is worthless afterwards."""
    member = UserFactory(username="alice")
    session = client.session
    session["visited"] = True
    session.save()
    key_before = client.cookies["sessionid"].value

    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    key_after = client.cookies["sessionid"].value
    assert key_after != key_before
    assert logged_in_user_id(client) == str(member.pk)
    assert not Session.objects.filter(session_key=key_before).exists()
    planted = Client()
    planted.cookies["sessionid"] = key_before
    assert planted.get(PROFILE_URL).status_code == 302


def test_logout_ends_the_session_on_the_server(client):
    UserFactory(username="alice")
    log_in(client, "alice", PASSWORD)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # Someone who copied the cookie before log-out gets nothing from it.
    replay = Client()
    replay.cookies["sessionid"] = key
    profile = replay.get(PROFILE_URL)
    assert profile.status_code == 302
    assert profile["Location"].startswith(LOGIN_URL)


def test_a_password_change_logs_the_member_out_everywhere_else(client):
    member = UserFactory(username="alice")
    other_device = Client()
    log_in(client, "alice", PASSWORD)
    log_in(other_device, "alice", PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert other_device.get(PROFILE_URL).status_code == 200

    response = client.post(
        PASSWORD_CHANGE_URL,
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    # The device that changed it stays logged in; every other one is logged out.
    assert client.get(PROFILE_URL).status_code == 200
    stale = other_device.get(PROFILE_URL)
    assert stale.status_code == 302
    assert stale["Location"].startswith(LOGIN_URL)
    assert logged_in_user_id(other_device) is None
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
