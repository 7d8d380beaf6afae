"""Rate limits on sign-up, password reset and account emails, counted by the visitor's real address
behind the proxy."""

import pytest

from django.core import mail
from django.test import Client, RequestFactory

from config.settings import base as base_settings
from members.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory
from tests.site.security.helpers import (
    CONFIRM_EMAIL_SENT_URL,
    PASSWORD_RESET_DONE_URL,
    SIGNUP_URL,
    User,
    logged_in_user_id,
    main_text,
    reset,
    signup_data,
)

pytestmark = pytest.mark.django_db


ADMIN_PASSWORD_RESET_URL = "/admin/password_reset/"


TOO_MANY_ATTEMPTS_TEXT = "Too many attempts"


# --- Rate limits on sign-up, password reset and account emails -----------------------------


@pytest.fixture
def rate_limits(settings):
    """Change some of allauth's limits for a test; the others stay as configured."""

    def set_limits(**limits):
        settings.ACCOUNT_RATE_LIMITS = {**base_settings.ACCOUNT_RATE_LIMITS, **limits}

    return set_limits


def assert_too_many(response):
    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS_TEXT in main_text(response)


def test_signup_beyond_the_rate_limit_gets_429_and_creates_no_member(client, rate_limits):
    rate_limits(signup="3/h/ip")
    for n in range(3):
        UserFactory(username=f"taken{n}", email=f"taken{n}@example.com")
    # A scanner tries addresses to learn which are registered.
    scans = [
        client.post(SIGNUP_URL, signup_data(f"scan{n}", f"taken{n}@example.com")) for n in range(3)
    ]

    response = client.post(SIGNUP_URL, signup_data("newartist", "newartist@example.com"))

    # Registered or not, each address got the answer a new member gets.
    assert [(scan.status_code, scan["Location"]) for scan in scans] == [
        (302, CONFIRM_EMAIL_SENT_URL)
    ] * 3
    assert_too_many(response)
    assert not User.objects.filter(username="newartist").exists()
    assert logged_in_user_id(client) is None


def test_signup_rate_limit_ignores_a_forged_x_forwarded_for(client, rate_limits):
    rate_limits(signup="3/h/ip")
    for n in range(3):
        client.post(
            SIGNUP_URL,
            signup_data(f"scan{n}", "not-an-email"),
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}",
        )

    response = client.post(
        SIGNUP_URL,
        signup_data("newartist", "newartist@example.com"),
        HTTP_X_FORWARDED_FOR="1.2.3.99",
    )

    assert response.status_code == 429
    assert not User.objects.filter(username="newartist").exists()


def test_signup_rate_limit_is_per_address(client, rate_limits):
    rate_limits(signup="3/h/ip")
    for n in range(3):
        client.post(SIGNUP_URL, signup_data(f"scan{n}", "not-an-email"), REMOTE_ADDR="10.0.0.1")

    other = Client()
    response = other.post(
        SIGNUP_URL, signup_data("newartist", "newartist@example.com"), REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 302
    assert User.objects.filter(username="newartist").exists()


def test_fifteen_reset_requests_send_a_bounded_number_of_emails(client):
    """Mail bombing through the reset form: however the address is written, one network
    gets three emails an hour sent to one inbox; the page never says which were sent."""
    UserFactory(username="alice", email="alice@example.com")
    spellings = ["alice@example.com", "ALICE@example.com", "Alice@Example.COM"]

    responses = [reset(client, spellings[n % 3]) for n in range(15)]

    assert [(r.status_code, r["Location"]) for r in responses] == [
        (302, PASSWORD_RESET_DONE_URL)
    ] * 15
    assert [message.to for message in mail.outbox] == [["alice@example.com"]] * 3


def test_one_network_cannot_use_up_a_members_own_resets(client):
    member = UserFactory(username="alice", email="alice@example.com")
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(10):
        reset(attacker, "alice@example.com", REMOTE_ADDR="198.51.100.66")
    assert len(mail.outbox) == 3

    response = reset(Client(), "alice@example.com", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 302
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].to == [member.email]


def test_many_networks_cannot_flood_one_inbox(settings):
    UserFactory(username="alice", email="alice@example.com")

    responses = [
        reset(Client(), "alice@example.com", REMOTE_ADDR=f"10.0.1.{n}") for n in range(1, 16)
    ]

    assert {response.status_code for response in responses} == {302}
    assert len(mail.outbox) == 10


def test_the_site_sends_only_so_many_account_emails_an_hour(rate_limits):
    rate_limits(mail_total="5/h/key")
    for n in range(8):
        UserFactory(username=f"member{n}", email=f"member{n}@example.com")

    for n in range(8):
        reset(Client(), f"member{n}@example.com", REMOTE_ADDR=f"10.0.2.{n}")

    assert len(mail.outbox) == 5


def test_reset_requests_from_one_network_beyond_its_limit_get_429(client, rate_limits):
    rate_limits(reset_password="2/h/ip")
    for name in ("alice", "bob", "carol"):
        UserFactory(username=name, email=f"{name}@example.com")
    reset(client, "alice@example.com")
    reset(client, "bob@example.com")

    refused = reset(client, "carol@example.com")

    assert_too_many(refused)
    assert [message.to for message in mail.outbox] == [["alice@example.com"], ["bob@example.com"]]


def test_signups_with_a_registered_address_cannot_flood_its_owner(client):
    UserFactory(username="alice", email="alice@example.com")

    for n in range(8):
        client.post(SIGNUP_URL, signup_data(f"bob{n}", "alice@example.com"))

    # allauth's own cool-off per address ("confirm_email") and the inbox caps both apply.
    assert 1 <= len(mail.outbox) <= 3
    assert {tuple(message.to) for message in mail.outbox} == {("alice@example.com",)}
    assert not User.objects.filter(username__startswith="bob").exists()


def test_rate_limits_see_the_visitors_address_behind_the_trusted_proxy(settings, rate_limits):
    """allauth counts the address members.client_ip finds, like django-axes: the entry the
    proxy appended, never one the visitor wrote."""
    settings.TRUSTED_PROXY_COUNT = 1
    rate_limits(reset_password="2/h/ip")
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    visitor = [
        reset(Client(), "x@example.com", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.5", **proxy)
        for n in range(3)
    ]
    someone_else = reset(Client(), "x@example.com", HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)

    assert [response.status_code for response in visitor] == [302, 302, 429]
    assert someone_else.status_code == 302


def test_wagtails_own_password_reset_is_off_and_mails_nobody(client):
    UserFactory(username="editor", email="editor@example.com", is_staff=True, is_superuser=True)

    responses = [
        client.post(ADMIN_PASSWORD_RESET_URL, {"email": "editor@example.com"}) for _ in range(15)
    ]

    assert {response.status_code for response in responses} == {404}
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the proxy appended the real address
        (1, "", "10.0.0.1"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    ],
)
def test_client_address_ignores_what_the_client_forged(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- Output escaping -----------------------------------------------------------------------


def test_strangers_flooding_an_inbox_cannot_stop_the_members_own_reset(client):
    member = UserFactory(username="alice", email="alice@example.com")
    # Alice has logged in from her home network before.
    home = Client(REMOTE_ADDR="203.0.113.7")
    home.post("/accounts/login/", {"login": "alice", "password": PASSWORD})
    mail.outbox.clear()
    home.post("/accounts/logout/")

    for n in range(1, 16):
        reset(Client(), "ALICE@example.com", REMOTE_ADDR=f"10.0.1.{n}")
    assert len(mail.outbox) == 10  # strangers used up the inbox's daily cap

    response = reset(Client(), "alice@example.com", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert len(mail.outbox) == 11
    assert mail.outbox[-1].to == [member.email]


def test_one_ipv6_host_counts_as_its_whole_network(client):
    UserFactory(username="alice", email="alice@example.com")
    for n in range(1, 8):
        reset(Client(), "alice@example.com", REMOTE_ADDR=f"2001:db8:1:2::{n:x}")
    assert len(mail.outbox) == 3  # one /64, one network's allowance
