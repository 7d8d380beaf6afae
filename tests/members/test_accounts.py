"""Member accounts (django-allauth): sign-up with email confirmation, log-in, log-out,
password change and reset, a suspended account, the profile page.

Each flow is checked the way a person meets it: the status code, the words on the page, the
rows in the database, the emails sent and whether the session is logged in."""

import re
from urllib.parse import urlencode, urlparse

import pytest
from allauth.account.models import EmailAddress
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
CONFIRM_EMAIL_SENT_URL = "/accounts/confirm-email/"
INACTIVE_URL = "/accounts/inactive/"
OLD_PASSWORD_CHANGE_URL = "/accounts/password_change/"
OLD_PASSWORD_RESET_URL = "/accounts/password_reset/"
PASSWORD_CHANGE_URL = "/accounts/password/change/"
PASSWORD_RESET_URL = "/accounts/password/reset/"
PASSWORD_RESET_DONE_URL = "/accounts/password/reset/done/"
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


def log_in(client, username, password, **data):
    return client.post(LOGIN_URL, {"login": username, "password": password, **data})


def main_text(response):
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return main.get_text(" ", strip=True) if main else ""


def link_in(message):
    """The path of the first link in an email."""
    return urlparse(re.search(r"https?://\S+", message.body).group(0)).path


def confirm_email(client, message):
    """Follow a confirmation email's link and press "Confirm", as the member does."""
    path = link_in(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm" in main_text(page)
    return client.post(path)


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
    # The site's own layout around allauth's form.
    assert soup.select_one("header nav a.site-name")
    assert soup.find("h1").get_text(strip=True) == "Join the collective"


def test_signup_creates_an_unconfirmed_member_and_asks_them_to_confirm_their_email(client):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == CONFIRM_EMAIL_SENT_URL
    member = User.objects.get(username="newartist")
    assert member.email == "newartist@example.com"
    assert member.check_password(PASSWORD)
    assert member.is_active
    assert not member.is_staff
    assert not member.is_superuser
    # Not logged in until the address is confirmed.
    assert logged_in_user_id(client) is None
    address = EmailAddress.objects.get(user=member)
    assert (address.email, address.verified, address.primary) == (
        "newartist@example.com",
        False,
        True,
    )
    assert [message.to for message in mail.outbox] == [["newartist@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Confirm your email" in main_text(page)


def test_the_confirmation_link_logs_the_new_member_in_and_opens_the_upload_form(client):
    client.post(SIGNUP_URL, signup_data())
    member = User.objects.get(username="newartist")
    assert client.get(SIGNUP_DEFAULT).status_code == 302  # not logged in yet

    response = confirm_email(client, mail.outbox[0])

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT
    assert logged_in_user_id(client) == str(member.pk)
    assert EmailAddress.objects.get(user=member).verified
    upload = client.get(SIGNUP_DEFAULT)
    assert upload.status_code == 200
    assert "Welcome, newartist!" in main_text(upload)
    assert BeautifulSoup(upload.content, "html.parser").find("input", attrs={"name": "image"})


def test_a_confirmation_link_opened_in_another_browser_confirms_without_logging_in(client):
    client.post(SIGNUP_URL, signup_data())

    other_browser = Client()
    response = confirm_email(other_browser, mail.outbox[0])

    assert response.status_code == 302
    assert logged_in_user_id(other_browser) is None
    assert EmailAddress.objects.get(email="newartist@example.com").verified
    # The member logs in with their password and goes straight on.
    assert log_in(other_browser, "newartist", PASSWORD)["Location"] == LOGIN_DEFAULT


def test_signup_honours_a_safe_next_once_the_email_is_confirmed(client):
    response = client.post(f"{SIGNUP_URL}?next=/gallery/", signup_data())
    assert response["Location"] == CONFIRM_EMAIL_SENT_URL

    confirmed = confirm_email(client, mail.outbox[0])

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/gallery/"
    assert User.objects.filter(username="newartist").exists()


def test_signup_form_carries_next_along(client):
    response = client.get(f"{SIGNUP_URL}?next=/gallery/")

    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("main form")
    assert form["action"] == SIGNUP_URL
    assert form.find("input", attrs={"name": "next"})["value"] == "/gallery/"


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_signup_ignores_an_unsafe_next_and_goes_to_the_upload_page(client, unsafe_next):
    client.post(SIGNUP_URL, signup_data(next=unsafe_next))

    response = confirm_email(client, mail.outbox[0])

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT
    assert logged_in_user_id(client) is not None


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_signup_ignores_an_unsafe_next_in_the_query_string(client, unsafe_next):
    client.post(f"{SIGNUP_URL}?{urlencode({'next': unsafe_next})}", signup_data())

    response = confirm_email(client, mail.outbox[0])

    assert response.status_code == 302
    assert response["Location"] == SIGNUP_DEFAULT


@pytest.mark.parametrize("unsafe_next", UNSAFE_NEXT_URLS)
def test_signup_page_does_not_carry_an_unsafe_next_into_its_form(client, unsafe_next):
    response = client.get(SIGNUP_URL, {"next": unsafe_next})

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select('main input[name="next"]') == []


def test_signup_refuses_a_username_taken_in_another_case(client):
    UserFactory(username="alice", email="alice@example.com")

    response = client.post(SIGNUP_URL, signup_data(username="Alice", email="other@example.com"))

    assert response.status_code == 200
    assert "That username is taken" in field_errors(response, "username")
    assert User.objects.filter(username__iexact="alice").count() == 1
    assert logged_in_user_id(client) is None
    assert mail.outbox == []


def test_signup_with_a_registered_email_looks_like_any_other_signup(client):
    """Sign-up never tells a stranger that an address is registered: the page is the one a
    new member sees, and the address's owner is told by email instead."""
    UserFactory(username="alice", email="alice@example.com")

    taken = client.post(SIGNUP_URL, signup_data(username="bob", email="ALICE@Example.COM"))
    fresh = Client().post(SIGNUP_URL, signup_data(username="carol", email="carol@example.com"))

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == CONFIRM_EMAIL_SENT_URL
    taken_page = main_text(client.get(taken["Location"]))
    assert "Confirm your email" in taken_page
    assert "already" not in taken_page
    assert not User.objects.filter(username="bob").exists()
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    to_alice = [message for message in mail.outbox if message.to == ["alice@example.com"]]
    assert len(to_alice) == 1
    assert "already" in to_alice[0].body
    assert "/accounts/password/reset/" in to_alice[0].body


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(SIGNUP_URL, signup_data(password2=PASSWORD + "x"))

    assert response.status_code == 200
    assert "same password each time" in field_errors(response, "password2")
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


def test_login_page_has_plain_labels(client):
    response = client.get(LOGIN_URL)

    soup = BeautifulSoup(response.content, "html.parser")
    labels = {label["for"]: label.get_text(" ", strip=True) for label in soup.find_all("label")}
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
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select('main input[name="next"]') == []


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
    assert BeautifulSoup(page.content, "html.parser").select_one(
        'main a[href="mailto:appeals@collective.example"]'
    )
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
    form = BeautifulSoup(response.content, "html.parser").select_one("main form")
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
