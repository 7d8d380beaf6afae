"""The first screen is art: on a desktop (1440×900) and a phone (390×844) the gallery and the
home page show several works almost whole before any scrolling, and never scroll sideways."""

import pytest
from playwright.sync_api import Page

from tests.factories import UserFactory, create_artwork, uploaded_image

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# Landscape, portrait, square, panoramic and tall works, as a gallery really holds them.
SIZES = [
    (1200, 800),
    (800, 1200),
    (1000, 1000),
    (1600, 900),
    (900, 1350),
    (1500, 600),
    (1000, 800),
    (700, 1000),
]

# How many grid images have at least 60% of their area inside the viewport, and whether the
# page is wider than the viewport.
FIRST_SCREEN_JS = """
() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    let shown = 0;
    for (const image of document.querySelectorAll(".artwork-grid img")) {
        const box = image.getBoundingClientRect();
        const area = box.width * box.height;
        if (!area) continue;
        const visibleWidth = Math.max(0, Math.min(box.right, width) - Math.max(box.left, 0));
        const visibleHeight = Math.max(0, Math.min(box.bottom, height) - Math.max(box.top, 0));
        if (visibleWidth * visibleHeight >= 0.6 * area) shown += 1;
    }
    return {
        shown,
        sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
}
"""


@pytest.fixture
def gallery_of_mixed_proportions():
    artists = [UserFactory(username=name) for name in ("ada", "bea", "cai")]
    for number in range(24):
        width, height = SIZES[number % len(SIZES)]
        colour = (40 + number * 8, 120, 200 - number * 6)
        create_artwork(
            artists[number % len(artists)],
            title=f"Work {number + 1}",
            image=uploaded_image(size=(width, height), colour=colour),
        )


def first_screen(page: Page, url, viewport):
    page.set_viewport_size(viewport)
    page.goto(url)
    return page.evaluate(FIRST_SCREEN_JS)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("viewport", "at_least"), [(DESKTOP, 8), (PHONE, 2)])
def test_gallery_first_screen_shows_works_nearly_whole(
    page: Page, gallery_of_mixed_proportions, viewport, at_least
):
    screen = first_screen(page, "/gallery/", viewport)
    assert screen["shown"] >= at_least, screen
    assert not screen["sideways"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("viewport", "at_least"), [(DESKTOP, 8), (PHONE, 2)])
def test_home_page_leads_with_a_strip_of_works(
    page: Page, gallery_of_mixed_proportions, viewport, at_least
):
    screen = first_screen(page, "/", viewport)
    assert screen["shown"] >= at_least, screen
    assert not screen["sideways"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_gallery_filters_open_over_the_grid_without_scrolling_sideways(
    page: Page, gallery_of_mixed_proportions, viewport
):
    page.set_viewport_size(viewport)
    page.goto("/gallery/")
    page.get_by_role("main").locator("summary", has_text="Filters").click()
    page.get_by_label("Medium").select_option(index=1)
    assert page.get_by_label("Licence").is_visible()
    assert page.get_by_label("Leave out work made with AI").is_visible()
    assert not page.evaluate(FIRST_SCREEN_JS)["sideways"]
    page.locator(".filter-form").get_by_role("button", name="Apply").click()
    page.wait_for_url("**/gallery/?*medium=*")
