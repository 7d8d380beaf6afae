"""Keyboard users in both themes: focus lands on the error summary after a refused form, the
focus ring stands out (≥ 3:1, WCAG 2.2's non-text contrast) in light and dark, and the
gallery's search box and its button sit on one line."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import log_in
from tests.factories import PASSWORD, UserFactory, create_artwork
from tests.pages import create_exhibition, exhibited

# The colour behind an element: its own or its nearest ancestor's non-transparent background
# (the canvas when none has one), and an outline's colour, both as [r, g, b].
COLOURS_JS = """
(element) => {
    const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
    const opaque = (value) => {
        const parts = rgb(value);
        return parts.length === 3 || (parts.length === 4 && parts[3] > 0);
    };
    // The ring is drawn outside the element (outline-offset), over what is behind it.
    let node = element.parentElement;
    let background = null;
    while (node) {
        const colour = getComputedStyle(node).backgroundColor;
        if (opaque(colour)) { background = rgb(colour).slice(0, 3); break; }
        node = node.parentElement;
    }
    if (!background) {
        const dark = matchMedia("(prefers-color-scheme: dark)").matches;
        background = dark ? [0, 0, 0] : [255, 255, 255];
    }
    const style = getComputedStyle(element);
    return {
        focusVisible: element.matches(":focus-visible"),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outline: rgb(style.outlineColor).slice(0, 3),
        text: rgb(style.color).slice(0, 3),
        background,
    };
}
"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(params=["light", "dark"])
def themed_page(request, browser, live_server):
    """A tab on the live server in the light or the dark theme (the system setting, which
    Pico and the site's CSS follow)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        color_scheme=request.param,
    )
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def focus_ring(page: Page, locator):
    """Focus the element from the keyboard's point of view and measure its ring."""
    locator.focus()
    expect(locator).to_be_focused()
    return locator.evaluate(COLOURS_JS)


def assert_visible_ring(ring):
    assert ring["focusVisible"], ring
    assert ring["outlineStyle"] not in ("none", "hidden"), ring
    assert ring["outlineWidth"] >= 2, ring
    assert contrast(ring["outline"], ring["background"]) >= 3, ring


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_moves_to_the_error_summary_after_a_failed_sign_up(page: Page, screenshot):
    UserFactory(username="taken")
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("taken")
    page.get_by_label("Email").fill("someone@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD + "-but-different")
    page.get_by_role("main").get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    summary = page.get_by_role("alert").filter(has_text="Please correct the errors below.")
    expect(summary).to_be_focused()
    # Tab goes on from the summary into the form, not back to the top of the page.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    screenshot("sign-up-refused-focus-on-summary")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_moves_to_the_error_summary_after_a_failed_log_in(page: Page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.locator(".error-summary")).to_be_focused()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_ring_of_links_and_controls_has_3_to_1_contrast(themed_page: Page):
    page = themed_page
    create_artwork(UserFactory(username="ada"), title="Harbour at Dawn")
    page.goto("/gallery/")
    main = page.get_by_role("main")
    for locator in (
        main.get_by_role("link", name="Browse all tags"),
        main.get_by_role("heading", name="Harbour at Dawn").get_by_role("link"),
        page.get_by_label("Search"),
        main.get_by_role("button", name="Search"),
        page.get_by_label("Sort"),
        main.locator("summary"),
    ):
        assert_visible_ring(focus_ring(page, locator))

    UserFactory(username="member")
    log_in(page, "member")
    page.goto("/my/artworks/upload/")
    assert_visible_ring(focus_ring(page, page.get_by_label("Image")))
    page.goto("/my/profile/")
    assert_visible_ring(focus_ring(page, page.get_by_label("Avatar image")))
    assert_visible_ring(focus_ring(page, page.get_by_label("Link 1")))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_exhibition_dates_are_readable_in_both_themes(themed_page: Page):
    exhibition = create_exhibition("Night Harbours", body=[exhibited(create_artwork(title="Quay"))])
    for url in (exhibition.url, "/exhibitions/"):
        themed_page.goto(url)
        dates = themed_page.locator(".exhibition-dates").first
        colours = dates.evaluate(COLOURS_JS.replace("element.parentElement", "element"))
        assert contrast(colours["text"], colours["background"]) >= 4.5, (url, colours)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_search_button_is_level_with_its_input(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/gallery/")
    search = page.get_by_role("search")
    box = search.get_by_role("searchbox").bounding_box()
    button = search.get_by_role("button", name="Search").bounding_box()
    middle = lambda rect: rect["y"] + rect["height"] / 2  # noqa: E731
    assert abs(middle(box) - middle(button)) <= 3, (box, button)
