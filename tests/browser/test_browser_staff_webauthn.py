"""A member of staff adds a security key (WebAuthn) in Chromium, with a virtual authenticator, and
logs in with it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory


def log_in(page: Page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_add_a_security_key_and_log_in_with_it(page: Page, settings, screenshot):
    settings.STAFF_MFA_REQUIRED = True
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    csp_reports = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_reports.append(message.text)
        ),
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )["authenticatorId"]

    # Sent from the admin to set up a second factor; the password is asked for again.
    log_in(page, "editor")
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("region", name="Messages")).to_contain_text(
        "Staff accounts use a second factor"
    )
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    # A security key instead of the authenticator app.
    page.get_by_role("link", name="add a security key").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a security key")
    page.get_by_label("Name").fill("Desk key")
    screenshot("add-a-security-key")
    page.get_by_role("button", name="Add security key").click()
    # The first key comes with recovery codes.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    key = Authenticator.objects.get(user=editor, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Desk key"
    assert Authenticator.objects.filter(
        user=editor, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile(r"Dashboard"))

    page.goto("/accounts/2fa/webauthn/")
    expect(page.get_by_role("cell", name="Desk key", exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()

    # Logging in again asks for the key.
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    screenshot("log-in-with-a-security-key")
    page.get_by_role("button", name="Use a security key").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page).to_have_title(re.compile(r"Dashboard"))
    key.refresh_from_db()
    assert key.last_used_at is not None

    assert csp_reports == [], csp_reports
    assert errors == [], errors
