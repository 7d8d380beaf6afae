"""Staff (anyone who can enter /admin/) use a second factor: allauth.mfa's authenticator app
(TOTP) with recovery codes. With STAFF_MFA_REQUIRED, the admin sends staff without one to set
it up; once set up, logging in asks for its code."""

import ast
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group

from config.settings import base as base_settings
from tests.factories import PASSWORD, UserFactory
from tests.html import soup, text

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/totp/activate/"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"
SETUP_MESSAGE = "Staff accounts use a second factor"


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def editor():
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator():
    """Not a superuser: may enter the admin through the Moderators group."""
    member = UserFactory(username="moderator")
    member.groups.add(Group.objects.get(name="Moderators"))
    return member


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def main_text(response):
    return text(response, "main")


def test_staff_mfa_is_required_by_the_base_settings_and_not_in_development():
    assert base_settings.STAFF_MFA_REQUIRED is True
    # Read, not imported: importing dev.py would change the running settings' shared dicts.
    dev = ast.parse((Path(base_settings.__file__).parent / "dev.py").read_text())
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in dev.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        if node.targets[0].id == "STAFF_MFA_REQUIRED"
    }
    assert assigned == {"STAFF_MFA_REQUIRED": False}


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/users/"])
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, mfa_required, editor, url):
    client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


def test_the_setup_page_says_why_and_shows_the_authenticator_form(client, mfa_required, editor):
    client.force_login(editor)

    response = client.get("/admin/", follow=True)

    # allauth asks for the password again before a second factor is added.
    reauthenticate = response.redirect_chain[-1][0]
    assert reauthenticate.startswith("/accounts/reauthenticate/")
    assert SETUP_MESSAGE in main_text(response)
    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == SETUP_URL
    document = soup(response)
    assert document.select_one("header nav a.site-name")  # the site's own layout
    assert document.find("h1").get_text(strip=True) == "Activate Authenticator App"
    assert document.find("label", attrs={"for": "id_code"})
    assert document.find("img", src=lambda src: src and src.startswith("data:image/svg+xml"))


def test_a_moderator_without_a_second_factor_is_sent_to_set_one_up(client, mfa_required, moderator):
    client.force_login(moderator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == SETUP_URL


def test_staff_with_an_authenticator_app_open_the_admin(client, mfa_required, editor):
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Dashboard" in response.content.decode()


def test_with_the_setting_off_staff_open_the_admin_without_one(client, editor):
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200


def test_members_who_cannot_enter_the_admin_are_not_sent_to_set_one_up(client, mfa_required):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert not response["Location"].startswith("/accounts/2fa/")
    assert client.get("/my/artworks/").status_code == 200


def test_setting_up_the_authenticator_app_opens_the_admin(client, mfa_required, editor):
    client.post("/accounts/login/?next=/admin/", {"login": "editor", "password": PASSWORD})
    to_setup = client.get("/admin/")
    assert to_setup["Location"] == SETUP_URL
    # allauth asks for the password again before a second factor is added.
    reauthenticate = client.get(SETUP_URL)["Location"]
    assert reauthenticate.startswith("/accounts/reauthenticate/")
    page = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert page.redirect_chain[-1][0] == SETUP_URL
    secret = soup(page).find(id="authenticator_secret")["value"]

    response = client.post(SETUP_URL, {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_logging_in_with_an_authenticator_asks_for_its_code(client, mfa_required, editor):
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "editor", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE_URL
    assert client.session.get(SESSION_KEY) is None
    assert client.get("/admin/").status_code == 302
    wrong = client.post(AUTHENTICATE_URL, {"code": "000000"})
    assert wrong.status_code == 200
    assert client.session.get(SESSION_KEY) is None

    right = client.post(AUTHENTICATE_URL, {"code": current_code(secret)})

    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.session.get(SESSION_KEY) == str(editor.pk)
    assert client.get("/admin/").status_code == 200
