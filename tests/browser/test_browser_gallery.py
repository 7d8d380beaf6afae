"""The gallery grid in a real browser, on a desktop and a phone: justified rows in which every
work keeps its proportions (never cropped or letterboxed) and the works of a row share one
height; titles show over a work on hover and under it on touch screens."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import UserFactory, create_artwork, uploaded_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = [(1200, 600), (600, 900), (800, 800), (1600, 900), (700, 1000), (900, 600)] * 2

MEASURE = """() => [...document.querySelectorAll("ul.artwork-grid > li")].map(li => {
    const img = li.querySelector("img");
    const box = img.getBoundingClientRect();
    return {top: Math.round(li.getBoundingClientRect().top), width: box.width,
            height: box.height, natural: img.getAttribute("width") / img.getAttribute("height")};
})"""


@pytest.fixture
def works():
    artist = UserFactory(display_name="Rosa Lind")
    for number, size in enumerate(SIZES):
        create_artwork(artist, title=f"Study {number}", image=uploaded_image(size=size))


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_rows_keep_each_works_proportions_and_share_a_height(page: Page, works, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/gallery/")
    cells = page.evaluate(MEASURE)
    assert len(cells) == len(SIZES)
    for cell in cells:
        assert cell["width"] / cell["height"] == pytest.approx(cell["natural"], rel=0.02)
    rows = {}
    for cell in cells:
        rows.setdefault(cell["top"], []).append(cell)
    *full_rows, _last = rows.values()
    assert full_rows, "every work fell into one row"
    for row in full_rows:
        heights = [cell["height"] for cell in row]
        assert max(heights) - min(heights) <= 0.03 * max(heights)
    assert len(next(iter(rows.values()))) >= 2  # two or more works side by side, phones too
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_titles_show_over_a_work_on_hover_and_under_it_on_touch(page: Page, browser, works):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/gallery/")
    card = page.locator("article.artwork-card", has_text="Study 0")
    caption = card.locator(".card-caption")
    assert caption.evaluate("c => getComputedStyle(c).opacity") == "0"
    card.locator("img").hover()
    expect(caption).to_have_css("opacity", "1")
    # Read out either way: the title is a link in the card.
    expect(card.get_by_role("link", name="Study 0").last).to_be_attached()

    phone = browser.new_context(
        base_url=page.url.split("/gallery/")[0], viewport={"width": 390, "height": 844},
        has_touch=True, is_mobile=True,
    )  # fmt: skip
    tab = phone.new_page()
    tab.goto("/gallery/")
    touch_caption = tab.locator("article.artwork-card", has_text="Study 0").locator(".card-caption")
    expect(touch_caption).to_have_css("opacity", "1")
    expect(touch_caption).to_have_css("position", "static")
    phone.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_upload_form_puts_the_works_size_on_one_row(page: Page, width):
    from tests.browser.test_browser import log_in

    UserFactory(username="sizer")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sizer")
    page.goto("/my/artworks/upload/")
    expect(page.get_by_role("heading", name="Upload an artwork")).to_be_visible()
    tops = {
        name: round(page.locator(f"#id_{name}").bounding_box()["y"])
        for name in ("width", "height", "depth", "size_unit")
    }
    assert len(set(tops.values())) == 1, tops
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
