"""The upload form's script: the page as served, drop zone, preview and progress bar, the edit form,
and the plain form without JavaScript."""

import re
import threading

import pytest
from playwright.sync_api import Page, expect

from artworks import uploads
from artworks.models import Artwork
from tests.browser.upload_script.helpers import (
    FORMAT_NAMES,
    UPLOAD_URL,
    choose_file,
    csp_violations,
    drop_file,
    expect_image_loaded,
    fill_text_fields,
    log_in,
    messages,
    open_upload_form,
    upload_button,
)
from tests.factories import UserFactory, create_artwork, image_bytes

# --- Helpers ---------------------------------------------------------------------------------


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
