"""Helpers shared by the upload script's tests (and the multi-file upload's)."""

import base64
import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory

UPLOAD_URL = "/my/artworks/upload/"


FORMAT_NAMES = "JPEG, PNG, GIF, WebP, AVIF or HEIC"


def log_in(page: Page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))


def open_upload_form(page: Page):
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload an artwork")
    return member


def drop_file(page: Page, name, mime_type, content):
    """Drags a file from the desktop onto the Image field's drop zone, as a person would."""
    transfer = page.evaluate_handle(
        """([name, type, encoded]) => {
            const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type }));
            return transfer;
        }""",
        [name, mime_type, base64.b64encode(content).decode()],
    )
    zone = page.locator(".drop-zone")
    for event in ("dragenter", "dragover", "drop"):
        zone.dispatch_event(event, {"dataTransfer": transfer})


def choose_file(page: Page, name, mime_type, content):
    page.get_by_label("Image").set_input_files(
        {"name": name, "mimeType": mime_type, "buffer": content}
    )


def fill_text_fields(page: Page, title="Harbour at Dawn"):
    if title:
        page.get_by_label("Title").fill(title)
    page.get_by_label("Alt text").fill("Boats in a grey harbour under a pink sky")
    page.get_by_label("Tags").fill("oil, sea")


def upload_button(page: Page):
    return page.get_by_role("button", name="Upload", exact=True)


def messages(page: Page):
    return page.get_by_role("region", name="Messages")


def posts_to(page: Page, path):
    """The POST requests the page sends to path, as a list that fills as they happen."""
    sent = []
    page.on(
        "request",
        lambda request: (
            sent.append(request)
            if request.method == "POST" and request.url.endswith(path)
            else None
        ),
    )
    return sent


def csp_violations(page: Page):
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def expect_image_loaded(page: Page, image):
    expect(image).to_be_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
