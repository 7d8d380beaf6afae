"""Browser journeys for content warnings and unlisted work, on a phone: a mature work is
blurred until the visitor shows it, a standing choice shows or hides every mature work, and
an unlisted work is absent from the gallery but opens from its link."""

import re

import pytest
from playwright.sync_api import Page, expect

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def image_filter(page: Page, card):
    return card.locator("img").evaluate("img => getComputedStyle(img).filter")


def test_a_mature_work_is_blurred_until_shown_and_a_standing_choice_applies(page: Page, screenshot):
    page.set_viewport_size(PHONE)
    artist = UserFactory(display_name="Ines Varga")
    mature = create_artwork(artist, title="Life class")
    Artwork.objects.filter(pk=mature.pk).update(mature=True)
    create_artwork(artist, title="Still life")

    page.goto("/gallery/")
    card = page.locator(".artwork-card", has_text="Life class")
    assert "blur" in image_filter(page, card)
    assert image_filter(page, page.locator(".artwork-card", has_text="Still life")) == "none"
    screenshot("mature-blurred")
    # The control is reachable by keyboard and says what it shows.
    show = card.get_by_role("checkbox", name="Show mature content: Life class")
    show.focus()
    page.keyboard.press("Space")
    expect(show).to_be_checked()
    expect(show).to_be_focused()
    assert image_filter(page, card) == "none"
    expect(card.get_by_text("Hide")).to_be_visible()
    screenshot("mature-shown")
    page.keyboard.press("Space")  # and hidden again
    assert "blur" in image_filter(page, card)

    # "Always show": every mature work unblurred, on every page, without a click.
    page.get_by_role("link", name="Viewing preferences").click()
    page.get_by_label("Always show it").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/gallery/$"))
    card = page.locator(".artwork-card", has_text="Life class")
    assert image_filter(page, card) == "none"
    expect(card.locator(".mature-veil")).to_be_hidden()

    # "Always hide": listings leave mature work out; its own page keeps it blurred.
    page.get_by_role("link", name="Viewing preferences").click()
    page.get_by_label("Always hide it").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".artwork-card", has_text="Life class")).to_be_hidden()
    expect(page.locator(".artwork-card", has_text="Still life")).to_be_visible()
    page.goto(mature.get_absolute_url())
    assert "blur" in page.locator("main figure img").evaluate("img => getComputedStyle(img).filter")
    expect(page.get_by_role("checkbox", name="Show mature content: Life class")).to_be_attached()
    expect(page.get_by_text("Mature content · Show")).to_be_visible()


def test_unlisted_work_is_absent_from_the_gallery_but_opens_from_its_link(page: Page):
    page.set_viewport_size(PHONE)
    artist = UserFactory(display_name="Tomas Lind")
    create_artwork(artist, title="Shown to all")
    unlisted = create_artwork(artist, title="For friends")
    Artwork.objects.filter(pk=unlisted.pk).update(visibility=Artwork.Visibility.UNLISTED)

    page.goto("/gallery/")
    expect(page.get_by_role("link", name="Shown to all").first).to_be_visible()
    expect(page.get_by_text("For friends")).to_have_count(0)
    page.goto(unlisted.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("For friends")
