"""Trust: accounts, sessions, headers and output escaping (issue 4, items 9-14).

Each test takes the attacker's or the visitor's view: status codes, the words on the page,
response headers, and the rows an attack leaves (or does not leave) in the database."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from config.settings import base as base_settings
from tests import PROJECT_ROOT
from tests.factories import PASSWORD, UserFactory, create_artwork

pytestmark = pytest.mark.django_db

User = get_user_model()


LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
LOGOUT_URL = "/accounts/logout/"
SIGNUP_URL = "/accounts/signup/"
CONFIRM_EMAIL_SENT_URL = "/accounts/confirm-email/"
PASSWORD_CHANGE_URL = "/accounts/password/change/"
PASSWORD_RESET_URL = "/accounts/password/reset/"
PASSWORD_RESET_DONE_URL = "/accounts/password/reset/done/"
ADMIN_PASSWORD_RESET_URL = "/admin/password_reset/"
PROFILE_URL = "/my/profile/"
MY_ARTWORKS_URL = "/my/artworks/"
ADMIN_ARTWORKS_URL = "/admin/snippets/artworks/artwork/"

LOCKED_OUT_TEXT = "Too many log-in attempts"
TOO_MANY_ATTEMPTS_TEXT = "Too many attempts"
WRONG_PASSWORD = "not-the-right-one-at-all"
NEW_PASSWORD = "Another-quite-Different-phrase-77"

PAYLOAD = '"><script>alert(1)</script>'
RAW_SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
JS_URL = "javascript:alert(1)"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def main_text(response):
    main = soup_of(response).find("main")
    return main.get_text(" ", strip=True) if main else ""


def alert_text(response):
    """The form's error box (role="alert") and every field error, as a person reads them."""
    soup = soup_of(response)
    parts = [node.get_text(" ", strip=True) for node in soup.select('[role="alert"]')]
    parts += [node.get_text(" ", strip=True) for node in soup.select("ul.errorlist")]
    return " ".join(parts)


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# --- Log-in throttling (django-axes, allauth) ----------------------------------------------


@pytest.fixture
def axes_on(settings):
    """The test settings switch axes off; these tests switch it on, as production has it."""
    settings.AXES_ENABLED = True
    return settings


def log_in(client, username, password, url=LOGIN_URL, **extra):
    return client.post(url, {"login": username, "password": password}, **extra)


def assert_locked_out(response):
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in main_text(response)
    # A plain page, not a form that invites another guess.
    assert not soup_of(response).select("main form")


def test_after_five_failures_even_the_right_password_is_refused_with_a_plain_message(
    client, axes_on
):
    member = UserFactory(username="alice")
    limit = axes_on.AXES_FAILURE_LIMIT
    assert limit == 5

    first_tries = [log_in(client, "alice", WRONG_PASSWORD) for _ in range(limit - 1)]
    last_failure = log_in(client, "alice", WRONG_PASSWORD)
    right_password = log_in(client, "alice", PASSWORD)

    for response in first_tries:
        assert response.status_code == 200
        assert "Please enter a correct username and password" in alert_text(response)
    assert_locked_out(last_failure)
    assert_locked_out(right_password)
    assert logged_in_user_id(client) is None
    assert client.get(PROFILE_URL).status_code == 302
    # The count lives in the database, which every worker process shares.
    attempt = AccessAttempt.objects.get(username="alice")
    assert attempt.ip_address == "127.0.0.1"
    assert attempt.failures_since_start >= limit
    member.refresh_from_db()
    assert member.last_login is None


def test_failures_from_elsewhere_do_not_lock_a_member_out_of_their_own_address(client, axes_on):
    """Five wrong passwords typed somewhere else stop that address, not the member at home."""
    member = UserFactory(username="alice")
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        log_in(attacker, "alice", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.1")

    at_home = Client(REMOTE_ADDR="10.0.0.2")
    response = log_in(at_home, "alice", PASSWORD, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302
    assert logged_in_user_id(at_home) == str(member.pk)
    assert_locked_out(log_in(attacker, "alice", PASSWORD, REMOTE_ADDR="10.0.0.1"))
    assert logged_in_user_id(attacker) is None


def test_a_username_typed_in_other_cases_counts_as_one(client, axes_on):
    UserFactory(username="alice")
    for typed in ["alice", "ALICE", "Alice", "aLiCe", "alicE"]:
        log_in(client, typed, WRONG_PASSWORD)

    assert_locked_out(log_in(client, "alice", PASSWORD))
    assert logged_in_user_id(client) is None


def test_a_lock_out_does_not_stop_other_members_on_other_addresses(client, axes_on):
    UserFactory(username="alice")
    bob = UserFactory(username="bob")
    for _ in range(5):
        log_in(client, "alice", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.1")

    other = Client()
    response = log_in(other, "bob", PASSWORD, REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 302
    assert logged_in_user_id(other) == str(bob.pk)


def test_failures_from_one_address_across_many_usernames_stop_that_address(client, axes_on):
    """Guessing across usernames is stopped per address by allauth's "login_failed" limit."""
    member = UserFactory(username="alice")
    guesses = [log_in(client, f"guess{n}", WRONG_PASSWORD) for n in range(20)]

    response = log_in(client, "alice", PASSWORD)

    assert [guess.status_code for guess in guesses] == [200] * 20
    assert response.status_code == 200
    assert "Too many failed log-in attempts" in alert_text(response)
    assert logged_in_user_id(client) is None
    member.refresh_from_db()
    assert member.last_login is None
    # Another address is not affected.
    elsewhere = Client()
    assert log_in(elsewhere, "alice", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_count(client, axes_on):
    UserFactory(username="alice")
    for n in range(5):
        log_in(client, "alice", WRONG_PASSWORD, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")

    response = log_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.99")

    assert_locked_out(response)
    assert logged_in_user_id(client) is None
    # Counted against the connecting address, never the header the client wrote.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_the_admin_login_address_leads_to_the_sites_login(client):
    response = client.get(ADMIN_LOGIN_URL, {"next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/pages/"
    assert client.get(ADMIN_LOGIN_URL)["Location"] == f"{LOGIN_URL}?next=/admin/"
    assert client.get("/admin/", follow=True).redirect_chain == [
        (f"{ADMIN_LOGIN_URL}?next=/admin/", 302),
        (f"{LOGIN_URL}?next=/admin/", 302),
    ]


def test_a_password_posted_to_wagtails_login_address_logs_nobody_in(client, axes_on):
    """Wagtail's own form would skip allauth's limits and the second factor."""
    UserFactory(username="editor", is_staff=True, is_superuser=True)

    response = client.post(ADMIN_LOGIN_URL, {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert logged_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_an_editor_logs_in_through_the_site_and_lands_in_the_admin(client):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)

    response = client.post(f"{LOGIN_URL}?next=/admin/", {"login": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert logged_in_user_id(client) == str(editor.pk)
    assert client.get("/admin/").status_code == 200


def test_an_unknown_username_is_locked_out_exactly_like_a_real_one(axes_on):
    """The lock-out itself must not tell a scanner which usernames exist."""
    UserFactory(username="alice")
    real, ghost = Client(), Client()
    for _ in range(5):
        log_in(real, "alice", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.1")
        log_in(ghost, "ghost", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.2")

    real_response = log_in(real, "alice", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.1")
    ghost_response = log_in(ghost, "ghost", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.2")

    assert_locked_out(real_response)
    assert_locked_out(ghost_response)
    assert real_response.content == ghost_response.content


def test_the_lock_out_ends_after_the_cool_off(client, axes_on):
    member = UserFactory(username="alice")
    for _ in range(5):
        log_in(client, "alice", WRONG_PASSWORD)
    assert_locked_out(log_in(client, "alice", PASSWORD))

    # Fifteen minutes later (AXES_COOLOFF_TIME is a quarter of an hour).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


def test_a_successful_login_clears_the_members_failures(client, axes_on):
    member = UserFactory(username="alice")
    for _ in range(4):
        log_in(client, "alice", WRONG_PASSWORD)
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.post(LOGOUT_URL)

    for _ in range(4):
        assert log_in(client, "alice", WRONG_PASSWORD).status_code == 200
    response = log_in(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(member.pk)


# --- Rate limits on sign-up, password reset and account emails -----------------------------


def signup_data(username, email, password=PASSWORD):
    return {"username": username, "email": email, "password1": password, "password2": password}


@pytest.fixture
def rate_limits(settings):
    """Change some of allauth's limits for a test; the others stay as configured."""

    def set_limits(**limits):
        settings.ACCOUNT_RATE_LIMITS = {**base_settings.ACCOUNT_RATE_LIMITS, **limits}

    return set_limits


def reset(client, email, **extra):
    return client.post(PASSWORD_RESET_URL, {"email": email}, **extra)


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


# --- No account enumeration ----------------------------------------------------------------


def comparable_main(response, typed_username):
    """The page's main content with the per-request CSRF token dropped and the username the
    visitor typed (echoed back in the form) replaced by a placeholder."""
    main = soup_of(response).find("main")
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


# --- Headers -------------------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def artwork():
    return create_artwork(title="Blue Study", tags="ink, blue")


def public_url(name, artwork):
    return {
        "home": "/",
        "gallery": "/gallery/",
        "artwork": artwork.get_absolute_url(),
        "artists": "/artists/",
        "artist": artwork.artist.get_absolute_url(),
        "login": LOGIN_URL,
        "signup": SIGNUP_URL,
        "password reset": PASSWORD_RESET_URL,
        "password reset sent": PASSWORD_RESET_DONE_URL,
        "confirm your email": CONFIRM_EMAIL_SENT_URL,
        "account suspended": "/accounts/inactive/",
    }[name]


PUBLIC_PAGES = [
    "home",
    "gallery",
    "artwork",
    "artists",
    "artist",
    "login",
    "signup",
    "password reset",
    "password reset sent",
    "confirm your email",
    "account suspended",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, artwork, name):
    response = client.get(public_url(name, artwork))

    assert response.status_code == 200
    policy = csp_directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy.get("style-src", policy["default-src"])
    assert "*" not in policy["default-src"]


@pytest.mark.parametrize("url", ["/", "/gallery/"])
def test_public_pages_send_the_other_security_headers(client, artwork, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] in {
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    }
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def policy_nonce(policy, directive):
    for source in policy.get(directive, []):
        match = re.fullmatch(r"'nonce-([^']+)'", source)
        if match:
            return match.group(1)
    return None


NON_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def inline_code_the_policy_would_block(response):
    """Inline <script>/<style> without the response's nonce, style="" and on*="" attributes:
    everything the browser would refuse under the page's own policy."""
    policy = csp_directives(response)
    script_nonce = policy_nonce(policy, "script-src")
    style_nonce = policy_nonce(policy, "style-src")
    problems = []
    soup = soup_of(response)
    for script in soup.find_all("script"):
        if script.get("src") or script.get("type", "").lower() in NON_SCRIPT_TYPES:
            continue
        if script_nonce is None or script.get("nonce") != script_nonce:
            problems.append(str(script)[:120])
    for style in soup.find_all("style"):
        if style_nonce is None or style.get("nonce") != style_nonce:
            problems.append(str(style)[:120])
    for element in soup.find_all(True):
        for attribute in element.attrs:
            if attribute == "style" or attribute.lower().startswith("on"):
                problems.append(f"<{element.name} {attribute}=...>")
    return problems


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_html_has_no_inline_code_the_policy_blocks(client, artwork, name):
    response = client.get(public_url(name, artwork))

    assert response.status_code == 200
    assert inline_code_the_policy_would_block(response) == []


@pytest.mark.parametrize(
    "url",
    [
        MY_ARTWORKS_URL,
        "/my/artworks/upload/",
        PROFILE_URL,
        PASSWORD_CHANGE_URL,
        "/accounts/email/",
        "/accounts/2fa/",
        LOGOUT_URL,
    ],
)
def test_member_pages_have_no_inline_code_the_policy_blocks(client, artwork, url):
    client.force_login(artwork.artist)

    response = client.get(url)

    assert response.status_code == 200
    assert "'unsafe-inline'" not in csp_directives(response)["script-src"]
    assert inline_code_the_policy_would_block(response) == []


def test_the_editor_userbar_on_public_pages_works_under_the_public_policy(client, artwork):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for url in ["/", artwork.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "wagtail-userbar" in response.content.decode()
        assert csp_directives(response)["frame-ancestors"] == ["'none'"]
        assert inline_code_the_policy_would_block(response) == []


def test_the_admin_works_under_its_own_policy(client, artwork):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for url in ["/admin/", ADMIN_ARTWORKS_URL]:
        response = client.get(url)
        assert response.status_code == 200
        policy = csp_directives(response)
        # Wagtail's own templates need inline code; a nonce would make browsers ignore
        # 'unsafe-inline', so the admin's policy must not carry one.
        assert "'unsafe-inline'" in policy["script-src"]
        assert policy_nonce(policy, "script-src") is None
        assert policy_nonce(policy, "style-src") is None
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert "'none'" not in policy["frame-ancestors"]  # previews frame admin pages
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_loads_no_image_its_policy_blocks(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/")

    img_src = csp_directives(response)["img-src"]
    html = response.content.decode()
    external_hosts = set(re.findall(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})/avatar", html))
    assert not {host for host in external_hosts if host not in " ".join(img_src)}


# Variables the test run sets for itself and that a production process would not have.
NOT_IN_PRODUCTION = {
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECURE_SSL_REDIRECT",
}

PRODUCTION_SETTINGS_SCRIPT = """
import json
import config.settings.production as s
names = [
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS", "DEBUG",
    "PASSWORD_HASHERS", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
]
print(json.dumps({name: getattr(s, name, None) for name in names}))
"""


def test_production_settings_use_https_only_cookies_and_a_year_of_hsts():
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",  # read, never connected to
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_SETTINGS_SCRIPT],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout.strip().splitlines()[-1])
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["DEBUG"] is False
    assert production["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert production["SECURE_REFERRER_POLICY"]
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"


# --- Output escaping -----------------------------------------------------------------------


HOSTILE_TAGS = f"<b>bold</b>, {JS_URL}, {RAW_SCRIPT}"
HOSTILE_DESCRIPTION = f"{PAYLOAD}\n\n{JS_URL}"
HOSTILE_ALT = f"{PAYLOAD} {JS_URL}"


@pytest.fixture
def hostile():
    """A member and an artwork whose every text field is an attack."""
    member = UserFactory(username="mallory", display_name=PAYLOAD, bio=f"{PAYLOAD}\n{JS_URL}")
    artwork = create_artwork(
        member,
        title=PAYLOAD,
        alt_text=HOSTILE_ALT,
        description=HOSTILE_DESCRIPTION,
        tags=HOSTILE_TAGS,
    )
    return artwork


URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "content")


def assert_nothing_executable(response, shown=True):
    """Nothing the attacker wrote became markup: no raw <script>, no executable script with
    their code, no event-handler attribute, no javascript: URL."""
    html = response.content.decode()
    assert RAW_SCRIPT not in html
    if shown:
        assert ESCAPED_SCRIPT in html
    soup = soup_of(response)
    for script in soup.find_all("script"):
        if script.get("type", "").lower() in NON_SCRIPT_TYPES:
            continue
        assert "alert(1)" not in script.get_text()
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"<{element.name} {attribute}=...>"
            if attribute in URL_ATTRIBUTES and element.name != "meta":
                normalised = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                assert not normalised.startswith("javascript:"), str(element)[:200]
    # Every tag name the attacker typed stayed text: the <b> tag is not bold.
    assert not soup.find("b", string="bold")


def hostile_url(name, artwork):
    gallery_tag = artwork.tags.get(name="<b>bold</b>")
    return {
        "home": "/",
        "gallery": "/gallery/",
        "gallery tag filter": f"/gallery/?tag={gallery_tag.slug}",
        "gallery search": "/gallery/?q=alert",
        "artwork": artwork.get_absolute_url(),
        "artists": "/artists/",
        "artist": artwork.artist.get_absolute_url(),
    }[name]


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "gallery",
        "gallery tag filter",
        "gallery search",
        "artwork",
        "artists",
        "artist",
    ],
)
def test_hostile_text_is_escaped_on_public_pages(client, hostile, name):
    response = client.get(hostile_url(name, hostile))

    assert response.status_code == 200
    assert_nothing_executable(response)


# A double quote in ?q= is its own bug (see the search test below); this payload breaks out
# of a single-quoted attribute and still opens a <script>.
QUERY_PAYLOAD = "'><script>alert(1)</script>"


@pytest.mark.parametrize(
    "params",
    [{"q": QUERY_PAYLOAD}, {"tag": PAYLOAD}, {"q": QUERY_PAYLOAD, "tag": PAYLOAD}],
    ids=["search", "tag", "search and tag"],
)
def test_a_hostile_search_or_tag_in_the_address_is_escaped(client, hostile, params):
    response = client.get("/gallery/", params)

    assert response.status_code == 200
    assert_nothing_executable(response)
    search_box = soup_of(response).find("input", attrs={"name": "q"})
    assert search_box["value"] == params.get("q", "")


@pytest.mark.parametrize("query", ['"', PAYLOAD, 'say "hello'])
def test_a_search_with_a_stray_double_quote_is_answered_normally(client, hostile, query):
    response = client.get("/gallery/", {"q": query})

    assert response.status_code == 200
    # Only the payload itself shows the hostile work (escaped); the others match nothing.
    assert_nothing_executable(response, shown=query == PAYLOAD)


def test_hostile_tags_are_shown_as_text(client, hostile):
    response = client.get(hostile.get_absolute_url())

    tag_list = soup_of(response).find("ul", attrs={"aria-label": "Tags"})
    names = {link.get_text() for link in tag_list.find_all("a")}
    assert names == {"<b>bold</b>", JS_URL, RAW_SCRIPT}
    for link in tag_list.find_all("a"):
        assert link["href"].startswith("/gallery/?tag=")


def assert_only_structured_data(head):
    """The only inline script in the head is the JSON-LD block, whose text cannot end it
    early; any other is the site's own file (the viewing preferences), with no text."""
    for script in head.find_all("script"):
        if script.get("src"):
            assert script["src"].startswith("/static/js/") and not script.string
            continue
        assert script["type"] == "application/ld+json"
        text = script.string
        assert "<" not in text and ">" not in text
        json.loads(text)


def test_hostile_text_stays_inside_the_meta_tags(client, hostile):
    response = client.get(hostile.get_absolute_url())

    assert response.status_code == 200
    head = soup_of(response).find("head")

    def meta(**attrs):
        element = head.find("meta", attrs=attrs)
        assert element is not None, attrs
        return element["content"]

    # Each value comes back whole, as text inside its attribute: nothing broke out.
    assert meta(property="og:title") == f"{PAYLOAD} by {PAYLOAD}"
    assert meta(name="twitter:title") == f"{PAYLOAD} by {PAYLOAD}"
    assert meta(property="og:image:alt") == HOSTILE_ALT
    assert meta(name="twitter:image:alt") == HOSTILE_ALT
    assert meta(name="description") == HOSTILE_DESCRIPTION
    assert meta(property="og:description") == HOSTILE_DESCRIPTION
    assert head.find("title").get_text().startswith(PAYLOAD)
    assert_only_structured_data(head)
    html = response.content.decode()
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; by &quot;&gt;" in html


def test_hostile_bio_is_escaped_in_the_artist_meta_description(client, hostile):
    response = client.get(hostile.artist.get_absolute_url())

    head = soup_of(response).find("head")
    assert head.find("meta", attrs={"name": "description"})["content"] == (f"{PAYLOAD}\n{JS_URL}")
    assert head.find("title").get_text().startswith(PAYLOAD)
    assert_only_structured_data(head)


@pytest.mark.parametrize("which", ["my artworks", "edit form", "profile", "delete confirmation"])
def test_hostile_text_is_escaped_on_the_members_own_pages(client, hostile, which):
    client.force_login(hostile.artist)
    url = {
        "my artworks": MY_ARTWORKS_URL,
        "edit form": hostile.get_edit_url(),
        "profile": PROFILE_URL,
        "delete confirmation": hostile.get_delete_url(),
    }[which]

    response = client.get(url)

    assert response.status_code == 200
    assert_nothing_executable(response)


def test_the_edit_form_gives_back_the_hostile_values_as_plain_field_values(client, hostile):
    client.force_login(hostile.artist)

    soup = soup_of(client.get(hostile.get_edit_url()))

    assert soup.find("input", attrs={"name": "title"})["value"] == PAYLOAD
    assert soup.find("input", attrs={"name": "alt_text"})["value"] == HOSTILE_ALT
    assert soup.find("textarea", attrs={"name": "description"}).get_text().strip() == (
        HOSTILE_DESCRIPTION
    )


@pytest.mark.parametrize("which", ["listing", "inspect", "edit", "users", "bulk hide"])
def test_hostile_text_is_escaped_in_the_admin(client, hostile, which):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = {
        "listing": ADMIN_ARTWORKS_URL,
        "inspect": f"{ADMIN_ARTWORKS_URL}inspect/{hostile.pk}/",
        "edit": f"{ADMIN_ARTWORKS_URL}edit/{hostile.pk}/",
        "users": "/admin/users/",
        "bulk hide": f"/admin/bulk/artworks/artwork/hide/?id={hostile.pk}",
    }[which]

    response = client.get(url)

    assert response.status_code == 200
    assert_nothing_executable(response)


def test_the_admin_listing_shows_the_hostile_title_as_text(client, hostile):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(ADMIN_ARTWORKS_URL)

    soup = soup_of(response)
    cells = [cell.get_text(" ", strip=True) for cell in soup.select("table tbody td")]
    assert any(PAYLOAD in cell for cell in cells)


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
