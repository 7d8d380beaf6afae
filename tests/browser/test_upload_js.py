"""The upload form's script (static/js/upload.js): drop zone, preview, the browser's early
refusals, the progress bar, and the plain form without JavaScript.

The browser tests are journeys through the live server in Chromium, like tests/test_browser.py;
each ends with a full-page screenshot in pytest's tmp dir.
"""

import base64
import re
import threading

import pytest
from playwright.sync_api import Page, expect

from artworks import uploads
from artworks.models import Artwork
from tests.factories import PASSWORD, UserFactory, create_artwork, image_bytes

UPLOAD_URL = "/my/artworks/upload/"
FORMAT_NAMES = "JPEG, PNG, GIF, WebP, AVIF or HEIC"

# --- Helpers ---------------------------------------------------------------------------------


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


@pytest.fixture
def held_save(monkeypatch):
    """Holds the server between receiving the upload and saving it, until the test releases
    it, so the test can look at the finished progress bar before the page moves on."""
    release = threading.Event()
    save = uploads.save_new_artwork

    def held(*args, **kwargs):
        release.wait(timeout=30)
        return save(*args, **kwargs)

    monkeypatch.setattr(uploads, "save_new_artwork", held)
    yield release
    release.set()  # never leave the live server's thread waiting


# --- The page as served ----------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_page_loads_the_script_and_states_the_servers_limits(client, settings):
    settings.ARTWORK_MAX_UPLOAD_SIZE = 3 * 1024 * 1024
    client.force_login(UserFactory())
    response = client.get(UPLOAD_URL)
    page = response.content.decode()

    assert '<script type="module" src="/static/js/upload.js"></script>' in page
    assert 'data-max-bytes="3145728"' in page
    assert 'data-max-size="3.0\xa0MB"' in page
    assert 'data-accept-extensions="jpg,jpeg,png,gif,webp,avif,heic"' in page
    assert (
        'data-accept-types="image/jpeg,image/png,image/gif,image/webp,image/avif,'
        'image/heic,image/heif"'
    ) in page
    assert f'data-format-names="{FORMAT_NAMES}"' in page
    # The plain form is still all there for browsers without the script.
    assert 'enctype="multipart/form-data"' in page
    assert '<input type="file" name="image"' in page

    policy = response["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "blob:" in img_src.split()
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src


# --- Journeys --------------------------------------------------------------------------------
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.


@pytest.mark.parametrize("how", ["dropped", "chosen"])
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_drops_an_image_sees_preview_and_progress_then_their_work(
    page: Page, screenshot, held_save, how
):
    violations = csp_violations(page)
    open_upload_form(page)
    fill_text_fields(page)
    content = image_bytes(size=(1200, 800))
    if how == "dropped":
        drop_file(page, "harbour.jpg", "image/jpeg", content)
    else:
        choose_file(page, "harbour.jpg", "image/jpeg", content)

    # The dropped file is on the real input, which is what the form sends.
    files = page.get_by_label("Image").evaluate("(input) => [...input.files].map((f) => f.name)")
    assert files == ["harbour.jpg"]
    preview = page.get_by_role("img", name="Preview of harbour.jpg")
    expect_image_loaded(page, preview)
    expect(page.locator(".upload-preview figcaption")).to_have_text(
        re.compile(r"^harbour\.jpg, \d+\.\d\xa0KB$")
    )
    expect(page.locator(".upload-error")).to_be_empty()

    upload_button(page).click()
    progress = page.get_by_role("progressbar", name="Upload progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "100")
    expect(page.locator(".upload-percent")).to_have_text("100%")
    expect(page.get_by_text("Uploaded. Saving…")).to_be_visible()
    expect(upload_button(page)).to_be_disabled()
    screenshot(f"upload-{how}-progress-complete")
    held_save.set()

    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(page).to_have_title(re.compile(r"^My artworks"))
    expect(messages(page)).to_contain_text("“Harbour at Dawn” is now in the gallery.")
    card = page.locator("article.artwork-card").filter(has_text="Harbour at Dawn")
    expect(card).to_have_count(1)
    expect(card.locator(".status")).to_have_text("Published")
    assert Artwork.objects.get().title == "Harbour at Dawn"
    assert violations == []
    screenshot(f"upload-{how}-landed")

    # Back leads to the form again, not to My artworks under the form's address.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload an artwork")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_file_over_the_size_limit_is_refused_before_sending(page: Page, screenshot, settings):
    # Rendered into the page, so it is set before the page loads.
    settings.ARTWORK_MAX_UPLOAD_SIZE = 2000
    open_upload_form(page)
    posts = posts_to(page, UPLOAD_URL)
    fill_text_fields(page)
    content = image_bytes(size=(1200, 800), colour=(10, 200, 90))
    assert len(content) > 2000
    drop_file(page, "big.jpg", "image/jpeg", content)

    error = page.locator(".upload-error")
    expect(error).to_have_text(
        re.compile(r"^This file is too big \(\d+\.\d\xa0KB\)\. The limit is 2\.0\xa0KB\.$")
    )
    image_input = page.get_by_label("Image")
    expect(image_input).to_have_attribute("aria-invalid", "true")
    expect(image_input).to_have_accessible_description(re.compile(r"This file is too big"))
    expect(page.get_by_role("img", name=re.compile("Preview"))).to_have_count(0)
    screenshot("too-big-refused")

    upload_button(page).click()
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    expect(error).to_contain_text("This file is too big")
    assert posts == []
    assert Artwork.objects.count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_file_of_a_type_the_server_refuses_is_refused_before_sending(page: Page, screenshot):
    open_upload_form(page)
    posts = posts_to(page, UPLOAD_URL)
    fill_text_fields(page)
    choose_file(page, "notes.txt", "text/plain", b"Buy more cadmium red.\n")

    error = page.locator(".upload-error")
    expect(error).to_have_text(
        f"“notes.txt” is not an image we accept. Choose a {FORMAT_NAMES} image."
    )
    expect(page.get_by_label("Image")).to_have_accessible_description(
        re.compile(r"not an image we accept")
    )
    screenshot("wrong-type-refused")

    upload_button(page).click()
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    assert posts == []
    assert Artwork.objects.count() == 0

    # Choosing a good file instead clears the message and shows the preview.
    choose_file(page, "study.png", "image/png", image_bytes(image_format="PNG"))
    expect(error).to_be_empty()
    expect(page.get_by_label("Image")).not_to_have_attribute("aria-invalid", "true")
    expect_image_loaded(page, page.get_by_role("img", name="Preview of study.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_servers_refusals_show_in_place_and_the_form_works_again(page: Page, screenshot):
    open_upload_form(page)
    page.evaluate("window.sameDocument = true")

    # A title the browser would have asked for: the server's message, shown in place.
    page.get_by_label("Title").evaluate("(input) => input.removeAttribute('required')")
    fill_text_fields(page, title="")
    choose_file(page, "harbour.jpg", "image/jpeg", image_bytes())
    upload_button(page).click()

    summary = page.get_by_role("alert")
    expect(summary).to_have_text("Please correct the errors below.")
    expect(summary).to_be_focused()
    expect(page.locator("#id_title_error")).to_have_text("This field is required.")
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    assert page.evaluate("window.sameDocument") is True
    expect(page.get_by_label("Alt text")).to_have_value("Boats in a grey harbour under a pink sky")
    assert Artwork.objects.count() == 0
    screenshot("server-refused-title")

    # The returned form is enhanced again; a text file with a photo's name gets past the
    # browser (it cannot read content) and the server says what is wrong.
    expect(page.locator(".drop-zone")).to_have_count(1)
    page.get_by_label("Title").fill("Not Really a Picture")
    drop_file(page, "holiday.jpg", "image/jpeg", b"Dear diary, today I painted nothing.\n" * 20)
    upload_button(page).click()

    expect(page.locator("#id_image_error")).to_contain_text(
        "This file is not an image we can read."
    )
    expect(page.get_by_role("alert")).to_have_text("Please correct the errors below.")
    expect(page.get_by_label("Title")).to_have_value("Not Really a Picture")
    assert page.evaluate("window.sameDocument") is True
    assert Artwork.objects.count() == 0
    screenshot("server-refused-corrupt-image")

    choose_file(page, "harbour.jpg", "image/jpeg", image_bytes())
    upload_button(page).click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("“Not Really a Picture” is now in the gallery.")
    assert Artwork.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_busy_site_says_so_in_place_and_the_member_can_try_again(
    page: Page, screenshot, monkeypatch
):
    """More uploads than the machine takes: the site answers busy (artworks.admission), and
    the page says so in the site's own words, keeps what the member typed, and takes the
    same file a minute later."""
    from contextlib import contextmanager

    from artworks import admission, images

    @contextmanager
    def busy():
        raise admission.UploadsBusy()
        yield

    open_upload_form(page)
    fill_text_fields(page)
    choose_file(page, "harbour.jpg", "image/jpeg", image_bytes())
    monkeypatch.setattr(images, "upload_admitted", busy)
    upload_button(page).click()

    expect(page.get_by_text(admission.BUSY_MESSAGE)).to_be_visible()
    expect(upload_button(page)).to_be_enabled()
    expect(page.get_by_label("Title")).to_have_value("Harbour at Dawn")
    assert Artwork.objects.count() == 0
    screenshot("busy")

    monkeypatch.undo()
    upload_button(page).click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("“Harbour at Dawn” is now in the gallery.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_network_failure_says_so_and_the_member_can_try_again(page: Page, screenshot):
    open_upload_form(page)
    fill_text_fields(page)
    choose_file(page, "harbour.jpg", "image/jpeg", image_bytes())

    def cut_the_line(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(f"**{UPLOAD_URL}", cut_the_line)
    upload_button(page).click()
    expect(
        page.get_by_text("The upload failed: check your connection, then try again.")
    ).to_be_visible()
    expect(page.get_by_role("progressbar", name="Upload progress")).to_be_hidden()
    expect(upload_button(page)).to_be_enabled()
    assert Artwork.objects.count() == 0
    screenshot("network-failure")

    page.unroute(f"**{UPLOAD_URL}")
    upload_button(page).click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("“Harbour at Dawn” is now in the gallery.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_edit_form_saves_through_the_script_without_a_new_image(page: Page):
    member = UserFactory()
    artwork = create_artwork(member, title="Night Orchard")
    log_in(page, member.username)
    page.goto(artwork.get_edit_url())
    expect(page.locator(".drop-zone")).to_have_count(1)
    page.get_by_label("Title").fill("Night Orchard, Revisited")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("Your changes to “Night Orchard, Revisited” are saved.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_works_with_javascript_turned_off(browser, live_server, tmp_path):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        open_upload_form(page)
        # No script ran: the field is the plain one.
        expect(page.locator(".drop-zone")).to_have_count(0)
        fill_text_fields(page, title="Plain Form Still Works")
        choose_file(page, "harbour.jpg", "image/jpeg", image_bytes())
        upload_button(page).click()

        expect(page).to_have_url(re.compile(r"/my/artworks/$"))
        expect(messages(page)).to_contain_text("“Plain Form Still Works” is now in the gallery.")
        card = page.locator("article.artwork-card").filter(has_text="Plain Form Still Works")
        expect(card).to_have_count(1)
        assert Artwork.objects.get().title == "Plain Form Still Works"
        page.screenshot(path=str(tmp_path / "no-javascript-upload.png"), full_page=True)
    finally:
        context.close()
