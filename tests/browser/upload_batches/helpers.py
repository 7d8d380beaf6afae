"""Helpers shared by the multi-file upload journeys."""

import base64

import pytest
from playwright.sync_api import Page

from tests.factories import image_bytes

UPLOAD_URL = "/my/artworks/upload/"


VIEWPORTS = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]


def file_payload(name, size, image_format="JPEG"):
    mime_type = {"JPEG": "image/jpeg", "PNG": "image/png"}[image_format]
    return {
        "name": name,
        "mimeType": mime_type,
        "buffer": image_bytes(size=size, image_format=image_format),
    }


def drop_files(page: Page, files):
    """Drags JPEG files from the desktop onto the Image field's drop zone, as a person would."""
    transfer = page.evaluate_handle(
        """(files) => {
            const transfer = new DataTransfer();
            for (const [name, encoded] of files) {
                const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name, { type: "image/jpeg" }));
            }
            return transfer;
        }""",
        [[name, base64.b64encode(image_bytes(size=size)).decode()] for name, size in files],
    )
    zone = page.locator(".drop-zone")
    for event in ("dragenter", "dragover", "drop"):
        zone.dispatch_event(event, {"dataTransfer": transfer})


def card(page: Page, file_name):
    return page.locator(".upload-card").filter(has=page.get_by_role("heading", name=file_name))


def scrolls_sideways(page: Page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
