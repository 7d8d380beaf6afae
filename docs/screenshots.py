#!/usr/bin/env python
"""
The README's screenshots: the home page, the gallery, an artwork with its full-size viewer and
the upload form with three files chosen, on a desktop (1440×900) and a phone (390×844), in the
light and the dark theme. Taken from a running site with the demo content:

    make run                                 # in one shell
    .venv/bin/python docs/screenshots.py     # in another; writes docs/screenshots/*.jpg

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
    options = parser.parse_args()
    global PREVIEW  # noqa: PLW0603 - a command-line setting for the whole run
    PREVIEW = options.preview
    if PREVIEW:
        PREVIEW.mkdir(parents=True, exist_ok=True)
    HERE.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium)
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            for theme in ("light", "dark"):
                context = browser.new_context(
                    viewport=viewport,
                    color_scheme=theme,
                    device_scale_factor=1,
                    is_mobile=device == "phone",
                    has_touch=device == "phone",
                )
                page = context.new_page()
                suffix = f"{device}-{theme}"
                page.goto(f"{options.url}/")
                shoot(page, f"home-{suffix}")
                page.goto(f"{options.url}/gallery/")
                shoot(page, f"gallery-{suffix}")
                # A work with more images of it, opened from the gallery as a visitor would.
                page.goto(f"{options.url}/artists/ada/")
                link = page.locator("a[href*='/gallery/']", has_text="Red Silence").first
                href = link.get_attribute("href")
                page.goto(f"{options.url}{href}")
                shoot(page, f"artwork-{suffix}")
                page.locator("[data-viewer-open]").click()
                page.locator("dialog[open]").wait_for()
                page.keyboard.press("+")
                page.keyboard.press("+")
                shoot(page, f"viewer-{suffix}")
                page.keyboard.press("Escape")
                page.goto(f"{options.url}/accounts/login/")
                page.get_by_label("Username").fill(DEMO_LOGIN[0])
                page.get_by_label("Password").fill(DEMO_LOGIN[1])
                page.get_by_role("button", name=re.compile("Log in", re.I)).click()
                page.goto(f"{options.url}/my/artworks/upload/")
                page.locator("form[data-upload-form] input[type=file]").first.set_input_files(
                    [
                        picture_file("harbour_at-dawn.jpg", (1600, 1200), "#1b6a86"),
                        picture_file("salt-flats.jpg", (1200, 1600), "#c2603a"),
                        picture_file("night_swim.jpg", (1600, 1600), "#233047"),
                    ]
                )
                shoot(page, f"upload-{suffix}")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
