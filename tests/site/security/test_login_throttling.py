"""Log-in throttling (django-axes behind allauth): lock-outs by username and by address, and the
admin's log-in going through the site's."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.site.security.helpers import (
    LOGIN_URL,
    LOGOUT_URL,
    PROFILE_URL,
    WRONG_PASSWORD,
    alert_text,
    log_in,
    logged_in_user_id,
    main_text,
)

pytestmark = pytest.mark.django_db


ADMIN_LOGIN_URL = "/admin/login/"


LOCKED_OUT_TEXT = "Too many log-in attempts"


# --- Log-in throttling (django-axes, allauth) ----------------------------------------------


@pytest.fixture
def axes_on(settings):
    """The test settings switch axes off; these tests switch it on, as production has it."""
    settings.AXES_ENABLED = True
    return settings


def assert_locked_out(response):
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in main_text(response)
    # A plain page, not a form that invites another guess.
    assert not soup(response).select("main form")


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
