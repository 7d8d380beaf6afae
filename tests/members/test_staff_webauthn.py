"""Staff may use a security key (WebAuthn) as their second factor instead of an authenticator
app. allauth's WebAuthn scripts are static files of this site and read their settings from
JSON data blocks, so the pages work under the strict, nonce-based policy."""

import hashlib
import json
import os

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.hazmat.primitives.asymmetric import ec
from fido2 import cose
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

from tests.factories import PASSWORD, UserFactory
from tests.html import soup
from tests.site.security.helpers import csp_directives, inline_code_the_policy_would_block

MFA_INDEX_URL = "/accounts/2fa/"
ADD_KEY_URL = "/accounts/2fa/webauthn/add/"
KEYS_URL = "/accounts/2fa/webauthn/"
AUTHENTICATE_URL = "/accounts/2fa/authenticate/"


def registration_response(rp_id="testserver"):
    """What a browser posts when a new key is made ("none" attestation), as allauth stores it;
    the private half is thrown away, so this key can be listed but never used."""
    public_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    credential = AttestedCredentialData.create(
        Aaguid.NONE, os.urandom(16), cose.ES256.from_cryptography_key(public_key)
    )
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
    auth_data = AuthenticatorData.create(
        hashlib.sha256(rp_id.encode()).digest(), flags, 0, credential
    )
    client_data = CollectedClientData.create(
        type="webauthn.create", challenge=os.urandom(16), origin=f"https://{rp_id}"
    )
    response = RegistrationResponse(
        raw_id=credential.credential_id,
        response=AuthenticatorAttestationResponse(
            client_data=client_data,
            attestation_object=AttestationObject.create("none", auth_data, {}),
        ),
    )
    return json.loads(json.dumps(dict(response)))


def add_key(user, name="Desk key"):
    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": name, "credential": registration_response()},
    )


def reauthenticate(client):
    """allauth asks for the password again before a second factor is added or removed."""
    response = client.get(ADD_KEY_URL)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})


@pytest.mark.django_db
def test_the_mfa_index_offers_to_add_a_security_key(client):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))

    response = client.get(MFA_INDEX_URL)

    assert response.status_code == 200
    document = soup(response)
    assert document.select_one("header nav a.site-name")  # the site's own layout
    add = document.find("a", string="Add a security key")
    assert add is not None and add["href"] == ADD_KEY_URL
    assert document.find("h2", string="Security keys")
    assert document.find("h2", string="Authenticator app")
    assert document.find("h2", string="Recovery codes")


@pytest.mark.django_db
def test_the_mfa_index_counts_keys_and_links_to_them(client):
    user = UserFactory()
    add_key(user)
    client.force_login(user)

    document = soup(client.get(MFA_INDEX_URL))

    assert "You have added 1 security key." in document.get_text()
    assert document.find("a", string="Manage security keys")["href"] == KEYS_URL


@pytest.mark.django_db
def test_the_authenticator_app_page_points_to_a_security_key_instead(client):
    user = UserFactory()
    client.force_login(user)
    reauthenticate(client)

    response = client.get("/accounts/2fa/totp/activate/")

    document = soup(response)
    assert document.find("h1").get_text(strip=True) == "Activate Authenticator App"
    assert document.find("a", string="add a security key")["href"] == ADD_KEY_URL


@pytest.mark.django_db
def test_the_webauthn_pages_have_no_inline_code_the_policy_blocks(client):
    user = UserFactory()
    key = add_key(user)
    client.force_login(user)
    reauthenticate(client)

    for url in [
        ADD_KEY_URL,
        KEYS_URL,
        f"{KEYS_URL}keys/{key.pk}/edit/",
        f"{KEYS_URL}keys/{key.pk}/remove/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = csp_directives(response)
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert inline_code_the_policy_would_block(response) == [], url
        assert soup(response).select_one("header nav a.site-name")


@pytest.mark.django_db
def test_the_add_page_loads_allauths_scripts_from_this_site(client):
    client.force_login(UserFactory())
    reauthenticate(client)

    document = soup(client.get(ADD_KEY_URL))

    sources = [script["src"] for script in document.find_all("script", src=True)]
    assert sources == [
        "/static/js/preferences.js",  # the visitor's viewing preferences, on every page
        "/static/js/nav.js",  # the site menu's Escape key, on every page
        "/static/mfa/js/webauthn-json.js",
        "/static/mfa/js/webauthn.js",
        "/static/account/js/onload.js",
    ]
    assert document.find("script", id="js_data", type="application/json")
    assert document.find("button", id="mfa_webauthn_add", type="button")
    # A second factor only: no passwordless log-in with passkeys.
    assert document.find(id="id_passwordless") is None


@pytest.mark.django_db
def test_logging_in_with_a_key_offers_it_next_to_the_code(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    TOTP.activate(editor, generate_totp_secret())
    add_key(editor)

    client.post("/accounts/login/?next=/admin/", {"login": "editor", "password": PASSWORD})
    response = client.get(AUTHENTICATE_URL)

    assert response.status_code == 200
    document = soup(response)
    assert document.find("button", id="mfa_webauthn_authenticate")
    assert document.find("label", attrs={"for": "id_code"})
    assert inline_code_the_policy_would_block(response) == []
