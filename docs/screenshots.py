#!/usr/bin/env python
"""
The README's screenshots: the home page, the gallery, an artwork with its full-size viewer and
the upload form with three files chosen, on a desktop (1440×900) and a phone (390×844), in the
light and the dark theme; and four of the members' social pages (a public collection, the
gallery's hearts, a comment thread, the notifications under the bell), each on one device in
one theme. Taken from
a running site with the demo content:

    make run                                 # in one shell
    .venv/bin/python docs/screenshots.py     # in another; writes docs/screenshots/*.jpg
    .venv/bin/python docs/screenshots.py --only social   # the social pages alone

JPEG at quality 80 keeps each file small enough to keep in the repository.
"""

import argparse
import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
DEMO_LOGIN = ("ada", "demo-artist-2026")
PREVIEW = None  # a folder for PNG copies (--preview), to look at before committing


def picture_file(name, size, colour):
    """A small picture to choose in the upload form (only chosen, never sent)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def shoot(page, name):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=HERE / f"{name}.jpg", type="jpeg", quality=80)
    if PREVIEW:
        page.screenshot(path=PREVIEW / f"{name}.png")
    print(f"docs/screenshots/{name}.jpg")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running site")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    parser.add_argument("--preview", type=Path, help="also write PNG copies into this folder")
    parser.add_argument(
        "--only", choices=["pages", "social"], help="take one set of screenshots, not both"
    )
    options = parser.parse_args()
    global PREVIEW  # noqa: PLW0603 - a command-line setting for the whole run
    PREVIEW = options.preview
    if PREVIEW:
        PREVIEW.mkdir(parents=True, exist_ok=True)
    HERE.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium)
        if options.only != "social":
            shoot_pages(browser, options.url)
        if options.only != "pages":
            shoot_social_pages(browser, options.url)
        browser.close()


def new_page(browser, device, theme):
    context = browser.new_context(
        viewport=DESKTOP if device == "desktop" else PHONE,
        color_scheme=theme,
        device_scale_factor=1,
        is_mobile=device == "phone",
        has_touch=device == "phone",
    )
    return context.new_page()


def log_in(page, url):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(DEMO_LOGIN[0])
    page.get_by_label("Password").fill(DEMO_LOGIN[1])
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_load_state("networkidle")


def shoot_social_pages(browser, url):
    """A public collection as a visitor sees it (desktop, light); as ada, the gallery's "Most
    favourited this week" with her hearts (desktop, dark), a comment thread with its replies
    on a work's page and her notifications with the bell's count (phone, dark and light)."""
    page = new_page(browser, "desktop", "light")
    page.goto(f"{url}/artists/ada/")
    page.goto(url + page.locator(".collection-list a").first.get_attribute("href"))
    shoot(page, "collection-desktop-light")
    page.context.close()

    page = new_page(browser, "desktop", "dark")
    log_in(page, url)
    page.goto(f"{url}/gallery/?sort=favourites")
    page.locator("[data-favourite-ready]").first.wait_for(state="attached")
    shoot(page, "favourites-desktop-dark")
    page.context.close()

    page = new_page(browser, "phone", "dark")
    log_in(page, url)
    page.goto(f"{url}/artists/ada/")
    href = page.locator("a[href*='/gallery/']", has_text="Red Silence").first.get_attribute("href")
    page.goto(f"{url}{href}")
    page.locator(".comment-list").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -64)")
    shoot(page, "comments-phone-dark")
    page.context.close()

    page = new_page(browser, "phone", "light")
    log_in(page, url)
    page.goto(f"{url}/my/notifications/")
    shoot(page, "notifications-phone-light")
    page.context.close()


def shoot_pages(browser, url):
    """The home page, the gallery, an artwork, its viewer and the upload form: every device
    in every theme."""
    for device in ("desktop", "phone"):
        for theme in ("light", "dark"):
            page = new_page(browser, device, theme)
            suffix = f"{device}-{theme}"
            page.goto(f"{url}/")
            shoot(page, f"home-{suffix}")
            page.goto(f"{url}/gallery/")
            shoot(page, f"gallery-{suffix}")
            # A work with more images of it, opened from the gallery as a visitor would.
            page.goto(f"{url}/artists/ada/")
            link = page.locator("a[href*='/gallery/']", has_text="Red Silence").first
            href = link.get_attribute("href")
            page.goto(f"{url}{href}")
            shoot(page, f"artwork-{suffix}")
            page.locator("[data-viewer-open]").click()
            page.locator("dialog[open]").wait_for()
            page.keyboard.press("+")
            page.keyboard.press("+")
            shoot(page, f"viewer-{suffix}")
            page.keyboard.press("Escape")
            log_in(page, url)
            page.goto(f"{url}/my/artworks/upload/")
            page.locator("form[data-upload-form] input[type=file]").first.set_input_files(
                [
                    picture_file("harbour_at-dawn.jpg", (1600, 1200), "#1b6a86"),
                    picture_file("salt-flats.jpg", (1200, 1600), "#c2603a"),
                    picture_file("night_swim.jpg", (1600, 1600), "#233047"),
                ]
            )
            shoot(page, f"upload-{suffix}")
            page.context.close()


if __name__ == "__main__":
    main()
