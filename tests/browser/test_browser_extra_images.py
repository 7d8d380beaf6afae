"""Browser journey: an artist adds a detail to a work from its edit page, moves it, and a
visitor finds it after the main image on the work's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import expect_image_loaded, log_in
from tests.factories import UserFactory, add_extra_image, create_artwork, image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_artist_adds_an_extra_image_on_the_edit_page(page: Page, tmp_path, screenshot):
    artist = UserFactory(username="noor")
    artwork = create_artwork(artist, title="Loom")
    add_extra_image(artwork, alt_text="The warp threads", caption="Warp")
    detail = tmp_path / "detail.png"
    detail.write_bytes(image_bytes(size=(900, 600), colour=(30, 90, 160), image_format="PNG"))

    log_in(page, "noor")
    page.goto(f"/my/artworks/{artwork.pk}/edit/")
    section = page.get_by_role("region", name="More images of this work")
    adding = section.locator("form.extra-image-add")
    adding.get_by_label("Image").set_input_files(str(detail))
    adding.get_by_label("Alt text").fill("A close-up of the blue weft")
    adding.get_by_label("Caption").fill("Weft")
    adding.get_by_role("button", name="Add the image").click()

    expect(page).to_have_url(re.compile(rf"/my/artworks/{artwork.pk}/edit/#more-images$"))
    expect(page.get_by_role("region", name="Messages")).to_contain_text("The image is added")
    section = page.get_by_role("region", name="More images of this work")
    thumbnail = section.locator('img[alt="A close-up of the blue weft"]')
    assert expect_image_loaded(page, thumbnail) > 0

    # The new image comes last; moved up, it leads.
    section.get_by_role("button", name="Move image 2 up").click()
    items = page.locator(".extra-image-list > li")
    expect(items.first.get_by_label("Caption")).to_have_value("Weft")
    screenshot("edit-page-extra-images")

    page.goto(artwork.get_absolute_url())
    strip = page.get_by_role("list", name="More images of this work")
    expect(strip.locator("[data-viewer-item]")).to_have_count(2)
    expect(strip.locator("figcaption").first).to_have_text("Weft")
    first = strip.locator("[data-viewer-item]").first
    expect(first).to_have_attribute("data-viewer-alt", "A close-up of the blue weft")
    expect(first).to_have_attribute("data-viewer-width", "900")
    assert expect_image_loaded(page, first.locator("img")) > 0
    screenshot("artwork-page-extra-images")
