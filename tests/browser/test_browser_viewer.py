"""The artwork viewer in a real browser, on a desktop and a phone: previous/next keep the list
the visitor came from and "Back" returns to it; the full-size view zooms and pans by keyboard
and gives focus back when it closes; small work is never blown up unless it is pixel art; the
share button copies the link where there is no share sheet."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from django.utils import timezone

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, uploaded_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}


def at(viewport, page):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})


@pytest.fixture
def inked():
    """Three works tagged "ink" (and one without), listed newest first as Cy, Bea, Al, Zed."""
    artist = UserFactory(display_name="Rosa Lind")
    works = {}
    for days, title in enumerate(["Cy", "Zed", "Bea", "Al"]):
        works[title] = create_artwork(
            artist,
            title=title,
            tags="" if title == "Zed" else "ink",
            image=uploaded_image(size=(1200, 800)),
        )
        Artwork.objects.filter(pk=works[title].pk).update(
            created_at=timezone.now() - timedelta(days=days)
        )
    return works


def image_box(page, selector):
    return page.locator(selector).evaluate(
        "img => { const box = img.getBoundingClientRect(); return [box.width, box.height]; }"
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_next_and_previous_keep_the_list_and_back_returns_to_it(page: Page, inked, viewport):
    at(viewport, page)
    page.goto("/gallery/?tag=ink&sort=title")
    page.locator("article.artwork-card h3 a", has_text="Al").click()
    expect(page.locator("h1")).to_have_text("Al")
    page.get_by_role("link", name=re.compile(r"^Next\b.*Bea")).click()
    expect(page.locator("h1")).to_have_text("Bea")
    page.wait_for_load_state()  # viewer.js (deferred) listens for the keys
    # The arrow keys follow the same links; Zed (not tagged) is never on the way.
    page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text("Cy")
    expect(page.locator("a[rel=next]")).to_have_count(0)
    page.wait_for_load_state()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("h1")).to_have_text("Bea")
    page.get_by_role("link", name="← Back to the gallery").click()
    expect(page.locator("article.artwork-card")).to_have_count(3)
    parts = urlsplit(page.url)
    assert parts.path == "/gallery/"
    assert parse_qs(parts.query) == {"tag": ["ink"], "sort": ["title"]}


def transform(page):
    return page.locator("dialog .viewer-image").evaluate("img => img.style.transform")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_full_size_view_zooms_and_pans_by_keyboard_and_escape_gives_focus_back(
    page: Page, inked, viewport
):
    at(viewport, page)
    page.goto(inked["Bea"].get_absolute_url())
    opener = page.get_by_role("button", name="View full size")
    opener.click()
    dialog = page.locator("dialog.viewer")
    expect(dialog).to_be_visible()
    page.wait_for_function(
        "() => { const img = document.querySelector('dialog .viewer-image');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    fitted_width, fitted_height = image_box(page, "dialog .viewer-image")
    fitted = transform(page)
    assert "scale(1)" in fitted
    # Fitted to the screen (its width or its height, less the toolbar), never beyond the
    # file's own 1200 × 800 pixels.
    screen_width, screen_height = VIEWPORTS[viewport]
    assert fitted_width <= 1200
    assert fitted_width >= 0.9 * min(screen_width, 1200) or fitted_height >= 0.6 * screen_height

    page.keyboard.press("+")
    page.keyboard.press("+")
    zoomed_width, _ = image_box(page, "dialog .viewer-image")
    zoomed = transform(page)
    assert "scale(1.5625)" in zoomed
    assert zoomed_width == pytest.approx(fitted_width * 1.5625, rel=0.01)
    expect(dialog.locator("[data-viewer-scale]")).to_have_text("156%")

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert transform(page) != zoomed  # moved, same zoom
    assert "scale(1.5625)" in transform(page)

    page.keyboard.press("0")
    assert transform(page) == fitted

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.textContent") == "View full size"


def test_full_size_view_zooms_with_its_buttons(page: Page, inked):
    page.goto(inked["Bea"].get_absolute_url())
    page.get_by_role("button", name="View full size").click()
    page.get_by_role("button", name="Zoom in").click()
    assert "scale(1.25)" in transform(page)
    page.get_by_role("button", name="Zoom out").click()
    assert "scale(1)" in transform(page)
    page.get_by_role("button", name="Close").click()
    expect(page.locator("dialog.viewer")).to_be_hidden()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_small_work_is_shown_at_its_own_size_and_pixel_art_is_scaled_up_sharply(
    page: Page, viewport
):
    at(viewport, page)
    artist = UserFactory()
    tiny = {"name": "tiny.png", "image_format": "PNG", "content_type": "image/png"}
    small = create_artwork(artist, title="Dot", image=uploaded_image(size=(10, 10), **tiny))
    sprite = create_artwork(artist, title="Sprite", image=uploaded_image(size=(10, 10), **tiny))
    Artwork.objects.filter(pk=sprite.pk).update(pixel_art=True)

    page.goto(small.get_absolute_url())
    page.wait_for_function("() => document.querySelector('img.artwork-image').complete")
    assert image_box(page, "img.artwork-image") == [10, 10]

    page.goto(sprite.get_absolute_url())
    page.wait_for_function("() => document.querySelector('img.artwork-image').complete")
    width, height = image_box(page, "img.artwork-image")
    assert width > 200 and height > 200
    rendering = page.locator("img.artwork-image").evaluate(
        "img => getComputedStyle(img).imageRendering"
    )
    assert rendering == "pixelated"


def test_share_copies_the_link_where_there_is_no_share_sheet(page: Page, inked, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.add_init_script("delete Navigator.prototype.share;")
    page.goto(f"{inked['Bea'].get_absolute_url()}?from=gallery")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("status")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{inked['Bea'].get_absolute_url()}"
