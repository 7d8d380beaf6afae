"""Member accounts: sign-up, log-in, log-out, password change and reset, the profile page.

Each flow is checked the way a person meets it: the status code, the words on the page, the
rows in the database and whether the session is logged in."""

import re
from urllib.parse import urlencode, urlparse

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
PASSWORD_CHANGE_URL = "/accounts/password_change/"
PASSWORD_RESET_URL = "/accounts/password_reset/"
PROFILE_URL = "/my/profile/"
SIGNUP_DEFAULT = "/my/artworks/upload/"
LOGIN_DEFAULT = "/my/artworks/"
NEW_PASSWORD = "Another-quite-Different-phrase-77"

UNSAFE_NEXT_URLS = [
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "https://evil.example/",
]


def signup_data(**overrides):
    data = {
        "username": "newartist",
        "email": "newartist@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def alert_text(response):
    """The text of the form's error box (role="alert") and of every field error."""
    soup = BeautifulSoup(response.content, "html.parser")
    parts = [node.get_text(" ", strip=True) for node in soup.select('[role="alert"]')]
    parts += [node.get_text(" ", strip=True) for node in soup.select("ul.errorlist")]
    return " ".join(parts)


def field_errors(response, field_name):
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(id=f"id_{field_name}_error")
    return errors.get_text(" ", strip=True) if errors else ""


# --- Sign-up -------------------------------------------------------------------------------


def test_signup_page_shows_the_form_with_plain_labels(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    labels = {label["for"]: label.get_text(" ", strip=True) for label in soup.find_all("label")}
    assert labels["id_username"] == "Username"
    assert labels["id_email"] == "Email"
    assert labels["id_password1"] == "Password"
    assert labels["id_password2"].startswith("Password")


def test_signup_creates_member_logs_them_in_and_redirects_to_upload(client):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT
    member = User.objects.get(username="newartist")
    assert member.email == "newartist@example.com"
    assert member.check_password(PASSWORD)
    assert member.is_active
    assert not member.is_staff
    assert not member.is_superuser
    assert logged_in_user_id(client) == str(member.pk)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Welcome, newartist!" in page.content.decode()


def test_signup_honours_a_safe_next(client):
    response = client.post(f"{SIGNUP_URL}?next=/gallery/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/gallery/"
    assert User.objects.filter(username="newartist").exists()


def test_signup_form_carries_next_into_its_action(client):
    response = client.get(f"{SIGNUP_URL}?next=/gallery/")

    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("main form")
    assert form["action"] == f"{SIGNUP_URL}?next=/gallery/"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_signup_ignores_an_unsafe_next_and_goes_to_the_upload_page(client, unsafe_next):
    response = client.post(SIGNUP_URL, signup_data(next=unsafe_next))

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT
    assert logged_in_user_id(client) is not None


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_signup_ignores_an_unsafe_next_in_the_query_string(client, unsafe_next):
    response = client.post(f"{SIGNUP_URL}?{urlencode({'next': unsafe_next})}", signup_data())

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT


def test_signup_refuses_a_username_taken_in_another_case(client):
    UserFactory(username="alice", email="alice@example.com")

    response = client.post(SIGNUP_URL, signup_data(username="Alice", email="other@example.com"))

    assert response.status_code == 200
    assert "That username is taken" in field_errors(response, "username")
    assert User.objects.filter(username__iexact="alice").count() == 1
    assert logged_in_user_id(client) is None


def test_signup_refuses_an_email_taken_in_another_case(client):
    UserFactory(username="alice", email="alice@example.com")

    response = client.post(SIGNUP_URL, signup_data(username="bob", email="ALICE@Example.COM"))

    assert response.status_code == 200
    assert "already uses this email address" in field_errors(response, "email")
    assert not User.objects.filter(username="bob").exists()
    assert logged_in_user_id(client) is None


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(SIGNUP_URL, signup_data(password2=PASSWORD + "x"))

    assert response.status_code == 200
    assert "didn’t match" in field_errors(response, "password2")
    assert "Please correct the errors below." in alert_text(response)
    assert not User.objects.filter(username="newartist").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "too common"),
        ("83920174659203", "entirely numeric"),
        ("Xq7!k", "too short"),
        ("newartist1", "too similar"),
    ],
    ids=["common", "numeric", "short", "like-username"],
)
def test_signup_refuses_a_weak_password(client, password, message):
    response = client.post(SIGNUP_URL, signup_data(password1=password, password2=password))

    assert response.status_code == 200
    assert message in alert_text(response)
    assert not User.objects.filter(username="newartist").exists()
    assert logged_in_user_id(client) is None


def test_signup_refuses_a_missing_email(client):
    response = client.post(SIGNUP_URL, signup_data(email=""))

    assert response.status_code == 200
    assert "This field is required." in field_errors(response, "email")
    assert not User.objects.filter(username="newartist").exists()


def test_signup_when_already_logged_in_goes_to_my_artworks(client):
    client.force_login(UserFactory())

    response = client.get(SIGNUP_URL)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT


# --- Log-in and log-out --------------------------------------------------------------------


def test_login_logs_the_member_in_and_redirects_to_my_artworks(client):
    member = UserFactory(username="alice")

    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT
    assert logged_in_user_id(client) == str(member.pk)


@pytest.mark.parametrize("typed", ["ALICE", "Alice", "aLiCe"])
def test_login_username_is_case_insensitive(client, typed):
    member = UserFactory(username="alice")

    response = client.post(LOGIN_URL, {"username": typed, "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


def test_login_honours_a_safe_next(client):
    UserFactory(username="alice")

    response = client.post(
        LOGIN_URL, {"username": "alice", "password": PASSWORD, "next": "/my/profile/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/my/profile/"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_ignores_an_unsafe_next_posted_with_the_form(client, unsafe_next):
    UserFactory(username="alice")

    response = client.post(
        LOGIN_URL, {"username": "alice", "password": PASSWORD, "next": unsafe_next}
    )

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT
    assert logged_in_user_id(client) is not None


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_ignores_an_unsafe_next_in_the_query_string(client, unsafe_next):
    UserFactory(username="alice")

    response = client.post(
        f"{LOGIN_URL}?{urlencode({'next': unsafe_next})}",
        {"username": "alice", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_login_page_does_not_carry_an_unsafe_next_into_its_form(client, unsafe_next):
    response = client.get(LOGIN_URL, {"next": unsafe_next})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one('main input[name="next"]')["value"] == ""


def test_login_wrong_password_and_unknown_username_show_the_same_error(client):
    UserFactory(username="alice")

    wrong_password = client.post(LOGIN_URL, {"username": "alice", "password": "not-it-at-all"})
    unknown_user = client.post(LOGIN_URL, {"username": "nobody", "password": "not-it-at-all"})

    assert wrong_password.status_code == unknown_user.status_code == 200
    wrong_password_error = alert_text(wrong_password)
    assert "Please enter a correct username and password" in wrong_password_error
    assert alert_text(unknown_user) == wrong_password_error
    assert logged_in_user_id(client) is None


def test_inactive_member_cannot_log_in(client):
    UserFactory(username="alice", is_active=False)

    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in alert_text(response)
    assert logged_in_user_id(client) is None


def test_login_when_already_logged_in_goes_to_my_artworks(client):
    client.force_login(UserFactory())

    response = client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_DEFAULT


def test_logout_by_get_does_not_log_out(client):
    member = UserFactory()
    client.force_login(member)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 405
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


# --- Password change -----------------------------------------------------------------------


def test_password_change_needs_a_logged_in_member(client):
    response = client.get(PASSWORD_CHANGE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PASSWORD_CHANGE_URL}"


def test_password_change_sets_the_new_password_and_the_old_one_stops_working(client):
    member = UserFactory(username="alice")
    client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})

    response = client.post(
        PASSWORD_CHANGE_URL,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[0] == ("/accounts/password_change/done/", 302)
    assert "Password changed" in response.content.decode()
    # The member who changed it stays logged in on this device.
    assert logged_in_user_id(client) == str(member.pk)

    client.post(LOGOUT_URL)
    old = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD})
    assert old.status_code == 200
    assert logged_in_user_id(client) is None
    new = client.post(LOGIN_URL, {"username": "alice", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


def test_password_change_refuses_a_wrong_old_password(client):
    member = UserFactory()
    client.force_login(member)

    response = client.post(
        PASSWORD_CHANGE_URL,
        {
            "old_password": "wrong-wrong",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "old password was entered incorrectly" in field_errors(response, "old_password")
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


# --- Password reset ------------------------------------------------------------------------


def request_reset(client, email):
    return client.post(PASSWORD_RESET_URL, {"email": email}, follow=True)


def test_password_reset_sends_one_email_to_a_known_address(client):
    UserFactory(username="alice", email="alice@example.com")

    response = request_reset(client, "alice@example.com")

    assert response.status_code == 200
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_reset_finds_the_address_whatever_its_case(client):
    UserFactory(username="alice", email="alice@example.com")

    request_reset(client, "Alice@EXAMPLE.com")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]


def test_password_reset_sends_nothing_for_an_unknown_address(client):
    UserFactory(username="alice", email="alice@example.com")

    response = request_reset(client, "stranger@example.com")

    assert response.status_code == 200
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
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
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = urlparse(link).path

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/reset/done/", 302)]
    assert "Your password is set" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert not member.check_password(PASSWORD)
    login = client.post(LOGIN_URL, {"username": "alice", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)

    # The link works once only.
    again = client.get(path, follow=True)
    assert "This link has expired" in again.content.decode()


def test_password_reset_link_with_a_bad_token_is_refused(client):
    member = UserFactory(username="alice", email="alice@example.com")
    request_reset(client, "alice@example.com")
    path = urlparse(re.search(r"https?://\S+", mail.outbox[0].body).group(0)).path
    forged = path.rstrip("/").rsplit("/", 1)[0] + "/abc-0123456789abcdef/"

    response = client.get(forged)

    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


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
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="id_display_name")["value"] == "Ada Paints"
    assert soup.find(id="id_bio").get_text().strip() == "Oil on canvas, mostly seas."
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
