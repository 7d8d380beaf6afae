"""Changing one's email (allauth's flow with ACCOUNT_CHANGE_EMAIL): the new address is
confirmed before it replaces the old, and the old address is told of the change."""

import re

import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.test import Client

from tests.factories import UserFactory
from tests.html import soup, text

pytestmark = pytest.mark.django_db

EMAIL_URL = "/accounts/email/"


@pytest.fixture
def member(client):
    member = UserFactory(username="ada", email="ada@example.com")
    client.force_login(member)
    return member


def change_to(client, address):
    return client.post(EMAIL_URL, {"action_add": "", "email": address})


def confirmation_link(email):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", email.body).group(1)


def main_text(response):
    return text(response, "main")


def test_the_email_page_has_a_labelled_field_and_the_account_page_links_it(client, member):
    page = client.get(EMAIL_URL)

    assert page.status_code == 200
    document = soup(page)
    field = document.select_one("main form input[name=email]")
    assert (
        document.find("label", attrs={"for": field["id"]}).get_text(strip=True).startswith("Email")
    )
    assert "ada@example.com" in main_text(page)
    assert 'href="/accounts/email/"' in client.get("/my/account/").content.decode()


def test_the_new_address_is_confirmed_before_it_replaces_the_old(client, member):
    response = change_to(client, "ada@new.example")

    assert response.status_code == 302
    # A link goes to the new address; until it is followed, nothing changes.
    (email,) = mail.outbox
    assert email.to == ["ada@new.example"]
    assert email.subject == "Artist Collective: Confirm your email address"
    assert 'The account "ada" asked to use this email address' in email.body
    member.refresh_from_db()
    assert member.email == "ada@example.com"
    assert EmailAddress.objects.get(user=member, primary=True).email == "ada@example.com"
    assert not EmailAddress.objects.get(email="ada@new.example").verified
    assert "Changing to ada@new.example" in main_text(client.get(EMAIL_URL))

    confirmed = client.post(confirmation_link(email))

    assert confirmed.status_code == 302
    member.refresh_from_db()
    assert member.email == "ada@new.example"
    assert list(
        EmailAddress.objects.filter(user=member).values_list("email", "verified", "primary")
    ) == [("ada@new.example", True, True)]


def test_the_old_address_is_told_of_the_change(client, member):
    change_to(client, "ada@new.example")
    link = confirmation_link(mail.outbox[0])
    mail.outbox.clear()

    client.post(link)

    (notice,) = mail.outbox
    assert notice.to == ["ada@example.com"]
    assert notice.subject == "Artist Collective: Your email address was changed"
    assert "changed from ada@example.com to ada@new.example" in notice.body
    assert "If you did not" in notice.body


def test_a_confirmation_link_works_only_once_and_a_forged_one_not_at_all(client, member):
    change_to(client, "ada@new.example")
    link = confirmation_link(mail.outbox[0])
    client.post(link)

    assert client.post("/accounts/confirm-email/not-a-real-key/").status_code in (200, 404)
    member.refresh_from_db()
    assert member.email == "ada@new.example"


def test_an_invalid_address_is_refused_next_to_the_field(client, member):
    response = change_to(client, "not an address")

    assert response.status_code == 200
    document = soup(response)
    assert document.find(id="id_email_error")
    assert not mail.outbox
    member.refresh_from_db()
    assert member.email == "ada@example.com"


def test_another_members_address_is_never_taken_nor_revealed(client, member):
    UserFactory(username="grace", email="grace@example.com")

    response = change_to(client, "grace@example.com")

    # The page answers as for any address (allauth's enumeration prevention): whether it is
    # registered is not said, and no link that could confirm it is sent anywhere.
    assert response.status_code == 302
    assert "already" not in main_text(client.get(EMAIL_URL)).lower()
    # allauth mails the owner of the address a link (it does for any address); following it
    # does not hand the address over, and is no error.
    (email,) = mail.outbox
    assert email.to == ["grace@example.com"]
    followed = Client().post(confirmation_link(email))
    assert followed.status_code < 500
    member.refresh_from_db()
    assert member.email == "ada@example.com"
    assert not EmailAddress.objects.filter(
        user=member, email="grace@example.com", verified=True
    ).exists()
    assert EmailAddress.objects.get(user__username="grace").email == "grace@example.com"


def test_the_change_needs_the_csrf_token(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)

    assert strict.post(EMAIL_URL, {"action_add": "", "email": "x@new.example"}).status_code == 403
    assert not mail.outbox
