"""Log-in and log-out, a suspended account included."""

from urllib.parse import urlencode

import pytest

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.members.accounts.helpers import (
    CONFIRM_EMAIL_SENT_URL,
    LOGIN_DEFAULT,
    LOGIN_URL,
    LOGOUT_URL,
    PROFILE_URL,
    SIGNUP_DEFAULT,
    UNSAFE_NEXT_URLS,
    alert_text,
    confirm_email,
    log_in,
    logged_in_user_id,
    main_text,
)

pytestmark = pytest.mark.django_db


INACTIVE_URL = "/accounts/inactive/"


# --- Log-in and log-out --------------------------------------------------------------------


def test_login_page_has_plain_labels(client):
    response = client.get(LOGIN_URL)

    document = soup(response)
    labels = {label["for"]: label.get_text(" ", strip=True) for label in document.find_all("label")}
    assert labels["id_login"] == "Username"
    assert labels["id_password"] == "Password"


def test_login_logs_the_member_in_and_redirects_to_my_artworks(client):
    member = UserFactory(username="alice")

    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT
    assert logged_in_user_id(client) == str(member.pk)


@pytest.mark.parametrize("typed", ["ALICE", "Alice", "aLiCe"])
def test_login_username_is_case_insensitive(client, typed):
    member = UserFactory(username="alice")

    response = log_in(client, typed, PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


def test_login_honours_a_safe_next(client):
    UserFactory(username="alice")

    response = log_in(client, "alice", PASSWORD, next="/my/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/my/profile/"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_ignores_an_unsafe_next_posted_with_the_form(client, unsafe_next):
    UserFactory(username="alice")

    response = log_in(client, "alice", PASSWORD, next=unsafe_next)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT
    assert logged_in_user_id(client) is not None


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_ignores_an_unsafe_next_in_the_query_string(client, unsafe_next):
    UserFactory(username="alice")

    response = client.post(
        f"{LOGIN_URL}?{urlencode({'next': unsafe_next})}",
        {"login": "alice", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_page_does_not_carry_an_unsafe_next_into_its_form(client, unsafe_next):
    response = client.get(LOGIN_URL, {"next": unsafe_next})

    assert response.status_code == 200
    document = soup(response)
    assert document.select('main input[name="next"]') == []


def test_login_wrong_password_and_unknown_username_show_the_same_error(client):
    UserFactory(username="alice")

    wrong_password = log_in(client, "alice", "not-it-at-all")
    unknown_user = log_in(client, "nobody", "not-it-at-all")

    assert wrong_password.status_code == unknown_user.status_code == 200
    wrong_password_error = alert_text(wrong_password)
    assert "Please enter a correct username and password" in wrong_password_error
    assert alert_text(unknown_user) == wrong_password_error
    assert logged_in_user_id(client) is None


def test_a_suspended_member_with_the_right_password_is_told_how_to_appeal(client, settings):
    settings.MODERATION_CONTACT_EMAIL = "appeals@collective.example"
    UserFactory(username="alice", is_active=False)

    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == INACTIVE_URL
    page = client.get(INACTIVE_URL)
    assert page.status_code == 200
    text = main_text(page)
    assert "Your account is suspended" in text
    assert "appeals@collective.example" in text
    assert soup(page).select_one('main a[href="mailto:appeals@collective.example"]')
    assert "correct username and password" not in text
    assert logged_in_user_id(client) is None


def test_a_suspended_member_with_a_wrong_password_gets_the_usual_error(client):
    UserFactory(username="alice", is_active=False)

    response = log_in(client, "alice", "not-it-at-all")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in alert_text(response)
    assert "suspended" not in main_text(response)
    assert logged_in_user_id(client) is None


def test_a_member_who_has_not_confirmed_their_email_is_asked_to_at_log_in(client):
    UserFactory(username="alice", email="alice@example.com", verified_email=False)

    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_EMAIL_SENT_URL
    assert logged_in_user_id(client) is None
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    confirmed = confirm_email(client, mail.outbox[0])
    assert confirmed.status_code == 302
    assert client.get(SIGNUP_DEFAULT).status_code == 200


def test_login_when_already_logged_in_goes_to_my_artworks(client):
    client.force_login(UserFactory())

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT


def test_logout_by_get_only_asks_and_does_not_log_out(client):
    member = UserFactory()
    client.force_login(member)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    form = soup(response).select_one("main form")
    assert form["method"] == "post"
    assert form["action"] == LOGOUT_URL
    assert logged_in_user_id(client) == str(member.pk)
    assert client.get(PROFILE_URL).status_code == 200


def test_logout_by_post_logs_out_and_goes_home(client):
    client.force_login(UserFactory())

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None
    assert client.get(PROFILE_URL).status_code == 302


def test_logout_needs_the_csrf_token(client):
    """A page elsewhere cannot log a member out behind their back."""
    csrf_client = Client(enforce_csrf_checks=True)
    member = UserFactory()
    csrf_client.force_login(member)

    response = csrf_client.post(LOGOUT_URL)

    assert response.status_code == 403
    assert csrf_client.session.get(SESSION_KEY) == str(member.pk)
