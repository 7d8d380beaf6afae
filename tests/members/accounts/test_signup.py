"""Sign-up with email confirmation: the form, its refusals and the confirmation email."""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.members.accounts.helpers import (
    CONFIRM_EMAIL_SENT_URL,
    LOGIN_DEFAULT,
    SIGNUP_DEFAULT,
    SIGNUP_URL,
    UNSAFE_NEXT_URLS,
    User,
    alert_text,
    confirm_email,
    field_errors,
    log_in,
    logged_in_user_id,
    main_text,
    signup_data,
)

pytestmark = pytest.mark.django_db


# --- Sign-up -------------------------------------------------------------------------------


def test_signup_page_shows_the_form_with_plain_labels(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    document = soup(response)
    labels = {label["for"]: label.get_text(" ", strip=True) for label in document.find_all("label")}
    assert labels["id_username"] == "Username"
    assert labels["id_email"] == "Email"
    assert labels["id_password1"] == "Password"
    assert labels["id_password2"].startswith("Password")
    # The site's own layout around allauth's form.
    assert document.select_one("header nav a.site-name")
    assert document.find("h1").get_text(strip=True) == "Join the collective"


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
    assert soup(upload).find("input", attrs={"name": "image"})


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

    document = soup(response)
    form = document.select_one("main form")
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
    document = soup(response)
    assert document.select('main input[name="next"]') == []


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


def test_signup_refuses_a_non_ascii_username(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "émile",
            "email": "emile@example.com",
            "password1": "a-Long-and-Unusual-passphrase-42",
            "password2": "a-Long-and-Unusual-passphrase-42",
        },
    )
    assert response.status_code == 200
    assert "Use only the letters A–Z" in response.content.decode()
