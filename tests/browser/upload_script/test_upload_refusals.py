"""The upload form's script refuses early in the browser and shows the server's refusals in place,
and the member can try again."""

import re

import pytest
from playwright.sync_api import Page, expect

from artworks.models import Artwork
from tests.browser.upload_script.helpers import (
    FORMAT_NAMES,
    UPLOAD_URL,
    choose_file,
    drop_file,
    expect_image_loaded,
    fill_text_fields,
    messages,
    open_upload_form,
    posts_to,
    upload_button,
)
from tests.factories import image_bytes

# --- Journeys --------------------------------------------------------------------------------
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.


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

    expect(page.get_by_text(str(admission.BUSY_MESSAGE))).to_be_visible()
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
