"""Phones and zoom, driven through Chromium: the header's menu button, pages that fit a 320 px
screen, avatars that stay in their box, a profile banner clear of the name, and exhibition
covers shown whole.

Each test is what a person sees at that size: whether the page scrolls sideways, whether the
menu opens and its links work, where boxes are drawn on the screen.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import log_in, nav
from tests.factories import UserFactory, create_artwork, image_bytes, uploaded_image
from tests.pages import create_exhibition, exhibited

PHONES = [
    pytest.param({"width": 320, "height": 640}, id="320x640"),
    pytest.param({"width": 390, "height": 844}, id="390x844"),
]

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the page tree built by a data migration, which a
    # transactional test would otherwise flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# --- Helpers ---------------------------------------------------------------------------------


def menu_button(page: Page):
    return nav(page).locator("summary", has_text="Menu")


def horizontal_overflow(page: Page):
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def box(locator):
    locator.scroll_into_view_if_needed()
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not drawn"
    return found


def overlaps(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def inside(inner, outer, slack=0.5):
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def wait_for_image(page: Page, locator):
    locator.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=locator.element_handle(),
        timeout=10_000,
    )


def contrast(page: Page, foreground, background):
    """WCAG contrast ratio between two computed CSS colours (rgb()/rgba() strings)."""
    return page.evaluate(
        """([fg, bg]) => {
            const channels = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const luminance = (rgb) => {
                const [r, g, b] = rgb.map((c) => {
                    c /= 255;
                    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const [a, b] = [luminance(channels(fg)), luminance(channels(bg))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        [foreground, background],
    )


@pytest.fixture
def site():
    """An artist with a public work and a bio, in a current exhibition."""
    artist = UserFactory(
        username="marguerite",
        display_name="Marguerite Fontaine-Beauregard",
        location="Saint-Jean-de-Luz, Pyrénées-Atlantiques",
        bio="Paints harbours, boats and the light on the water at dawn, mostly in gouache.",
    )
    artwork = create_artwork(
        artist,
        title="Harbour at Dawn, with Fishing Boats Returning",
        tags="gouache, sea, harbour, boats, morning light",
        description="Gouache on paper, painted on the quay over three mornings.",
        image=uploaded_image(content=image_bytes((600, 900))),
    )
    create_exhibition(
        title="Colour and Line: a Summer of Small Paintings", body=[exhibited(artwork)]
    )
    return {"artist": artist, "artwork": artwork}


def pages_to_visit(site, logged_in):
    public = [
        "/",
        "/gallery/",
        "/artists/",
        site["artist"].get_absolute_url(),
        site["artwork"].get_absolute_url(),
        "/exhibitions/",
    ]
    if logged_in:
        return [*public, "/my/artworks/", "/my/artworks/upload/", "/my/profile/"]
    return [*public, "/accounts/login/", "/accounts/signup/"]


# --- No sideways scrolling -------------------------------------------------------------------


@pytest.mark.parametrize("viewport", PHONES)
@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_no_page_scrolls_sideways_on_a_phone(page: Page, site, viewport, logged_in):
    page.set_viewport_size(viewport)
    if logged_in:
        log_in(page, "marguerite")
        expect(page).to_have_url(re.compile(r"/my/artworks/$"))

    for url in pages_to_visit(site, logged_in):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert horizontal_overflow(page) <= 0, f"{url} scrolls sideways at {viewport}"
        # The header is one slim bar: the wordmark and the menu button side by side.
        header = box(page.locator("header.site-header"))
        assert header["height"] <= 72, (url, header)
        expect(menu_button(page)).to_be_visible()
        # With the menu open, its panel fits the screen too.
        menu_button(page).click()
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_visible()
        assert horizontal_overflow(page) <= 0, f"{url}'s open menu scrolls sideways at {viewport}"
        menu_button(page).click()
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_hidden()


# --- The menu --------------------------------------------------------------------------------


def test_member_on_a_phone_opens_the_menu_goes_to_my_artworks_and_logs_out(
    page: Page, site, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "marguerite")
    page.goto("/")

    # Closed, the menu shows only its button; the links are out of sight.
    expect(nav(page).get_by_role("link", name="My artworks")).to_be_hidden()
    menu_button(page).click()
    for name in ("Gallery", "Artists", "Exhibitions", "Upload", "My artworks", "Profile"):
        expect(nav(page).get_by_role("link", name=name)).to_be_visible()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Log in")).to_have_count(0)
    screenshot("phone-menu-open")

    nav(page).get_by_role("link", name="My artworks").click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My artworks")
    # A new page starts with the menu closed, "My artworks" marked as where we are.
    expect(nav(page).get_by_role("link", name="My artworks")).to_be_hidden()
    expect(nav(page).locator('a[aria-current="page"]')).to_have_text("My artworks")

    menu_button(page).click()
    nav(page).get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/$"))
    menu_button(page).click()
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(nav(page).get_by_role("button", name="Sign up")).to_be_visible()
    expect(nav(page).get_by_role("link", name="My artworks")).to_have_count(0)


def test_menu_works_from_the_keyboard_with_a_visible_focus_ring(page: Page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")

    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.reload()
        # Tab: skip link, wordmark, then the menu button.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(menu_button(page)).to_be_focused()
        ring = menu_button(page).evaluate(
            """(summary) => {
                const style = getComputedStyle(summary);
                const header = getComputedStyle(summary.closest("header"));
                return {
                    style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth),
                    color: style.outlineColor,
                    background: header.backgroundColor,
                };
            }"""
        )
        assert ring["style"] != "none" and ring["width"] >= 2, (scheme, ring)
        assert contrast(page, ring["color"], ring["background"]) >= 3, (scheme, ring)

        page.keyboard.press("Enter")
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_visible()
        page.keyboard.press("Tab")
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_focused()
        # Escape closes the menu and puts focus back on its button.
        page.keyboard.press("Escape")
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_hidden()
        expect(menu_button(page)).to_be_focused()
        page.keyboard.press("Enter")
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_visible()
        page.keyboard.press("Enter")
        expect(nav(page).get_by_role("link", name="Gallery")).to_be_hidden()


def test_the_menu_opens_and_leads_on_without_javascript(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        expect(nav(page).get_by_role("link", name="Artists")).to_be_hidden()
        menu_button(page).click()
        nav(page).get_by_role("link", name="Artists").click()
        expect(page).to_have_url(re.compile(r"/artists/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Artists")
    finally:
        context.close()


def test_wide_screens_show_the_whole_nav_inline_and_200_percent_zoom_keeps_the_header_slim(
    page: Page, site
):
    log_in(page, "marguerite")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    expect(menu_button(page)).to_be_hidden()
    for name in ("Gallery", "Artists", "Exhibitions", "Upload", "My artworks", "Profile"):
        expect(nav(page).get_by_role("link", name=name)).to_be_visible()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
    assert box(page.locator("header.site-header"))["height"] <= 80

    # 1440×900 at 200% zoom is a 720×450 CSS-pixel window.
    page.set_viewport_size({"width": 720, "height": 450})
    page.goto("/")
    assert box(page.locator("header.site-header"))["height"] <= 450 / 5
    assert horizontal_overflow(page) <= 0
    menu_button(page).click()
    nav(page).get_by_role("link", name="Profile").click()
    expect(page).to_have_url(re.compile(r"/my/profile/$"))


# --- Avatars and covers ----------------------------------------------------------------------


def test_a_very_tall_avatar_stays_in_its_box(page: Page, site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "marguerite")
    page.goto("/my/profile/")
    page.get_by_label("Avatar image").set_input_files(
        {
            "name": "tall.png",
            "mimeType": "image/png",
            "buffer": image_bytes((100, 1000), image_format="PNG"),
        }
    )
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".avatar img")).to_have_count(1)

    # The artist page: the avatar sits beside the name, clear of the link back and the bio.
    page.goto(site["artist"].get_absolute_url())
    avatar = page.locator(".artist-heading .avatar img")
    wait_for_image(page, avatar)
    avatar_box = box(avatar)
    assert avatar_box["height"] <= 96.5, avatar_box
    assert not overlaps(avatar_box, box(page.get_by_role("link", name="← All artists")))
    assert not overlaps(avatar_box, box(page.get_by_text("Paints harbours, boats")))
    screenshot("tall-avatar-artist-page")

    # The list of artists: clear of the location.
    page.goto("/artists/")
    small = page.locator(".avatar img").first
    wait_for_image(page, small)
    assert inside(box(small), box(page.locator(".avatar").first))
    assert not overlaps(box(small), box(page.get_by_text("Saint-Jean-de-Luz")))

    # The profile form: the preview stays in its box, clear of the fields below it.
    page.goto("/my/profile/")
    preview = page.locator(".avatar img")
    wait_for_image(page, preview)
    assert inside(box(preview), box(page.locator(".avatar")))
    assert not overlaps(box(preview), box(page.get_by_label("Avatar image")))


def test_a_profile_banner_sits_above_the_avatar_and_name_on_a_phone(page: Page, site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "marguerite")
    page.goto("/my/profile/")
    page.get_by_label("Avatar image").set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": image_bytes((300, 300))}
    )
    # Taller than the band's 10:3: shown whole on the band, not cropped to fill it.
    page.get_by_label("Banner image").set_input_files(
        {"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": image_bytes((1500, 700))}
    )
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator(".banner-preview img")).to_have_count(1)

    page.goto(site["artist"].get_absolute_url())
    band = page.locator(".profile-banner")
    # The band's height is set by its proportions before the image arrives: nothing moves.
    band_before = box(band)
    banner = band.locator("img")
    wait_for_image(page, banner)
    band_box = box(band)
    assert band_box["height"] == pytest.approx(band_before["height"], abs=0.5)
    assert band_box["height"] == pytest.approx(band_box["width"] * 0.3, abs=1)
    assert horizontal_overflow(page) == 0

    # The whole image is drawn inside the band, in its own proportions.
    drawn = banner.evaluate(
        """(img) => {
            const scale = Math.min(img.clientWidth / img.naturalWidth,
                                   img.clientHeight / img.naturalHeight, 1);
            return {width: img.naturalWidth * scale, height: img.naturalHeight * scale};
        }"""
    )
    assert drawn["width"] / drawn["height"] == pytest.approx(1500 / 700, rel=0.02)
    assert drawn["width"] <= band_box["width"] + 0.5
    assert drawn["height"] <= band_box["height"] + 0.5

    # Above the avatar and the name, overlapping neither.
    avatar = page.locator(".artist-heading .avatar img")
    wait_for_image(page, avatar)
    name = page.get_by_role("heading", level=1)
    for other in (box(avatar), box(name), box(page.get_by_role("link", name="← All artists"))):
        assert not overlaps(band_box, other), other
    assert band_box["y"] + band_box["height"] <= box(avatar)["y"]
    assert band_box["y"] + band_box["height"] <= box(name)["y"]
    screenshot("profile-banner-phone")


@pytest.mark.parametrize("url", ["/exhibitions/", "/"])
def test_an_exhibition_cover_is_shown_whole_in_its_own_proportions(page: Page, site, url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    cover = page.locator(".exhibition-card .frame img, .cover-frame img").first
    wait_for_image(page, cover)
    natural = cover.evaluate("(img) => img.naturalWidth / img.naturalHeight")
    drawn = box(cover)
    assert drawn["width"] / drawn["height"] == pytest.approx(natural, rel=0.02)
    assert natural == pytest.approx(600 / 900, rel=0.02)
    # Nothing of it is cut off by its frame.
    frame = cover.locator("xpath=ancestor::a[1]")
    assert inside(drawn, box(frame))
