"""Security headers: a strict Content Security Policy on public, member and admin pages, the other
headers, and production's cookies and HSTS."""

import json
import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests import PROJECT_ROOT
from tests.factories import UserFactory
from tests.html import addresses, select, soup
from tests.site.security.helpers import (
    ADMIN_ARTWORKS_URL,
    CONFIRM_EMAIL_SENT_URL,
    LOGIN_URL,
    LOGOUT_URL,
    MY_ARTWORKS_URL,
    PASSWORD_CHANGE_URL,
    PASSWORD_RESET_DONE_URL,
    PASSWORD_RESET_URL,
    PROFILE_URL,
    SIGNUP_URL,
    csp_directives,
    inline_code_the_policy_would_block,
    policy_nonce,
)

pytestmark = pytest.mark.django_db


# --- Headers -------------------------------------------------------------------------------


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


AVATAR_HOST = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})/avatar")


def test_the_admin_loads_no_image_its_policy_blocks(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/")

    img_src = csp_directives(response)["img-src"]
    page = soup(response)
    # Every image the markup shows, wherever it comes from...
    external_hosts = {urlsplit(address).hostname for address in addresses(page, "img, source")}
    # ...and the avatars named in the data the sidebar's script draws from (JSON, not HTML),
    # or in any attribute a script reads.
    payloads = [script.get_text() for script in select(page, "script")]
    payloads += [value for tag in select(page, "*") for value in tag.attrs.values()]
    for payload in payloads:
        external_hosts |= set(AVATAR_HOST.findall(str(payload)))
    assert not {host for host in external_hosts - {None} if host not in " ".join(img_src)}


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
