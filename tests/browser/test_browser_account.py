"""A member's control of their account in Chromium on a phone: exporting their data and
downloading the zip from the emailed link, then deleting the account with their password;
once the grace period has passed, nothing of theirs is left.

These pages use no script of their own (the menu is a <details> that works before nav.js
runs), so there is no deferred script to wait for before clicking."""

import io
import json
import re
import zipfile
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from artworks.models import Artwork
from tests.browser.test_browser import log_in, messages, nav
from tests.factories import PASSWORD, UserFactory, add_extra_image, create_artwork

PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, accept_downloads=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def open_account_page(page: Page):
    nav(page).locator("summary", has_text="Menu").click()
    nav(page).get_by_role("link", name="Account").click()
    expect(page).to_have_url(re.compile(r"/my/account/$"))


def stored_names(member):
    """Every stored file of the member's works: originals, extra images, renditions."""
    names = set()
    for artwork in Artwork.objects.filter(artist=member):
        for image in [artwork.image, *(extra.image for extra in artwork.extra_images.all())]:
            names.add(image.file.name)
            names.update(image.renditions.values_list("file", flat=True))
    return names


def test_a_member_exports_their_data_then_deletes_their_account(phone, media_files, screenshot):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    engine = create_artwork(ada, title="Analytical engine", tags="brass")
    add_extra_image(engine, caption="The mill")
    grace = UserFactory(username="grace")
    graces_work = create_artwork(grace, title="Compiler")
    page = phone

    log_in(page, "ada")
    open_account_page(page)

    # Export: asked for, prepared in the background, mailed as a link.
    page.get_by_role("link", name="Export my data").click()
    page.get_by_role("button", name="Prepare my data").click()
    expect(messages(page)).to_contain_text("We are preparing your data")
    expect(page.get_by_role("link", name="Download the zip")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    (email,) = [message for message in mail.outbox if "ready" in message.subject]
    link = re.search(r"https?://\S+/download/", email.body).group(0)

    # The link from the email downloads the zip: their files and their data.
    with page.expect_download() as download_info:
        page.evaluate(
            "(path) => { const a = document.createElement('a'); a.href = path; "
            "document.body.append(a); a.click(); }",
            urlparse(link).path,
        )
    download = download_info.value
    assert download.suggested_filename.startswith("artist-collective-ada-")
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    (work,) = data["artworks"]["works"]
    assert work["title"] == "Analytical engine"
    assert work["extra_images"][0]["caption"] == "The mill"
    with engine.image.file.open("rb") as original:
        assert archive.read(work["original"]) == original.read()
    assert work["extra_images"][0]["file"] in archive.namelist()
    screenshot("account-export")

    # Delete: the password confirms it; the member is logged out and told the date.
    open_account_page(page)
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Delete my account").click()
    expect(messages(page)).to_contain_text("will be deleted on")
    expect(nav(page).get_by_role("link", name="Log in", include_hidden=True)).to_have_count(1)
    page.goto(engine.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Analytical engine")
    screenshot("account-deleted")

    # Fourteen days on, the daily command erases everything of theirs, and only theirs.
    ada.refresh_from_db()
    theirs = stored_names(ada)
    graces = stored_names(grace)
    get_user_model().objects.filter(pk=ada.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=15)
    )
    call_command("erase_deleted_accounts", stdout=io.StringIO())

    left = set(media_files())
    assert not theirs & left
    assert not any(name.startswith("account-exports/") for name in left)
    assert graces <= left
    assert not get_user_model().objects.filter(username="ada").exists()
    assert list(Artwork.objects.all()) == [graces_work]
    log_in(page, "ada")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_logging_in_during_the_grace_period_offers_to_cancel(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    engine = create_artwork(ada, title="Analytical engine")
    page = phone
    log_in(page, "ada")
    page.goto("/my/account/delete/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Delete my account").click()
    expect(messages(page)).to_contain_text("will be deleted on")

    log_in(page, "ada")

    expect(page).to_have_url(re.compile(r"/accounts/deletion-pending/$"))
    ada.refresh_from_db()
    expect(page.get_by_role("main")).to_contain_text(
        f"scheduled for deletion on {ada.deletion_due_at:%-d %B %Y}"
    )
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Cancel deletion").click()
    expect(page).to_have_url(re.compile(r"/my/account/$"))
    expect(messages(page)).to_contain_text("The deletion is cancelled")
    page.goto(engine.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Analytical engine")
