"""The artwork page's Content Credentials panel in Chromium on a phone: what the signed large
image declares, readable without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser import log_in
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_artwork_page_shows_the_artists_name_and_that_ai_training_is_not_allowed(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace")
    artwork = create_artwork(ada, title="Analytical engine")
    page = phone()
    # A member, so the page has its in-place forms and their scripts' ready markers.
    log_in(page, "grace")
    expect(page.get_by_role("status")).to_contain_text("You are logged in")

    page.goto(artwork.get_absolute_url())
    # The page's deferred scripts have run (the panel itself needs none, and no script
    # moves it about).
    page.locator("form[data-follow][data-follow-ready]").first.wait_for(state="attached")
    panel = page.get_by_role("region", name="Content Credentials")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Creator: Ada Lovelace")
    expect(panel).to_contain_text("AI training: not allowed")
    expect(panel).to_contain_text("any C2PA verifier")
    # It fits the phone's width: nothing wider than the viewport.
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
