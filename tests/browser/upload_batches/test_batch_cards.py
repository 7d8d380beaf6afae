"""Uploading several works at once in Chromium: a card per file, refusals before sending and from
the server, and the limit of files one work holds."""

import pytest
from playwright.sync_api import Page, expect

from artworks.models import MAX_EXTRA_IMAGES, Artwork, ArtworkImage
from tests.browser.upload_batches.helpers import (
    UPLOAD_URL,
    VIEWPORTS,
    card,
    drop_files,
    file_payload,
    scrolls_sideways,
)
from tests.browser.upload_script.helpers import csp_violations, log_in, posts_to
from tests.factories import UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_three_files_become_cards_and_two_works_one_refused_before_sending(
    page: Page, screenshot, settings, viewport
):
    # Rendered into the page's data attributes, so set before it loads.
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1_000_000
    page.set_viewport_size(viewport)
    violations = csp_violations(page)
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    posts = posts_to(page, UPLOAD_URL)

    page.get_by_label("Image").set_input_files(
        [
            file_payload("harbour_at-dawn.jpg", (1000, 800)),
            file_payload("quiet-field.png", (900, 700), "PNG"),
            file_payload("huge_mural.jpg", (1200, 1000)),
        ]
    )
    expect(page.locator(".upload-card")).to_have_count(3)

    # The file with too many pixels is refused in the browser, in the server's words.
    mural = card(page, "huge_mural.jpg")
    expect(mural.locator(".upload-card-status")).to_have_text(
        "Not uploaded: This image is too large (1.2 megapixels). The limit is 1 megapixels."
    )
    expect(mural.get_by_label("Alt text")).to_be_hidden()

    # Each other card has its own title (from the file's name), alt text and preview.
    harbour = card(page, "harbour_at-dawn.jpg")
    field = card(page, "quiet-field.png")
    expect(harbour.get_by_label("Title")).to_have_value("Harbour at dawn")
    expect(field.get_by_label("Title")).to_have_value("Quiet field")
    expect(harbour.get_by_role("img", name="Preview of harbour_at-dawn.jpg")).to_be_visible()
    expect(harbour.locator(".upload-card-status")).to_have_text("Waiting to be sent.")
    field.get_by_label("Title").fill("A quiet field in June")
    harbour.get_by_label("Alt text").fill("Boats in a grey harbour under a pink sky")
    field.get_by_label("Alt text").fill("A green field under a wide sky")
    # The single work's fields are replaced by the cards; the rest is shared.
    expect(page.locator(".field-title")).to_be_hidden()
    page.get_by_label("Tags").fill("oil, landscape")

    button = page.get_by_role("button", name="Upload 2 works")
    screenshot(f"batch-ready-{viewport['width']}")
    button.click()

    expect(harbour.locator(".upload-card-status")).to_contain_text("Saved.")
    expect(field.locator(".upload-card-status")).to_contain_text("Saved.")
    expect(harbour.get_by_role("link", name="Edit “Harbour at dawn”")).to_be_visible()
    expect(field.get_by_role("link", name="Edit “A quiet field in June”")).to_be_visible()
    expect(page.locator(".upload-status")).to_have_text("2 of 3 works saved. See My artworks")
    expect(harbour.get_by_role("progressbar")).to_have_attribute("value", "100")
    assert not scrolls_sideways(page)
    screenshot(f"batch-saved-{viewport['width']}")

    assert len(posts) == 2  # nothing of the refused file was sent
    works = {work.title: work for work in Artwork.objects.filter(artist=member)}
    assert set(works) == {"Harbour at dawn", "A quiet field in June"}
    assert works["Harbour at dawn"].alt_text == "Boats in a grey harbour under a pink sky"
    assert works["A quiet field in June"].alt_text == "A green field under a wide sky"
    for work in works.values():
        assert sorted(work.tags.names()) == ["landscape", "oil"]
    assert violations == []

    # The edit link leads to the work.
    harbour.get_by_role("link", name="Edit “Harbour at dawn”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Harbour at dawn”")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dropped_files_a_card_the_server_refuses_keeps_the_others_and_says_why(
    page: Page, screenshot, settings
):
    settings.ARTWORK_UPLOADS_PER_DAY = 1
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    drop_files(page, [("first.jpg", (1000, 800)), ("second.jpg", (1000, 800))])
    card(page, "first.jpg").get_by_label("Alt text").fill("A first sketch")
    card(page, "second.jpg").get_by_label("Alt text").fill("A second sketch")
    page.get_by_role("button", name="Upload 2 works").click()

    expect(card(page, "first.jpg").locator(".upload-card-status")).to_contain_text("Saved.")
    expect(card(page, "second.jpg").locator(".upload-card-status")).to_have_text(
        "Not uploaded: You have uploaded 1 works in the last 24 hours, the daily limit. "
        "Please come back tomorrow."
    )
    expect(page.locator(".upload-status")).to_have_text("1 of 2 works saved. See My artworks")
    # The refused card keeps what was typed, and can be sent again later.
    expect(card(page, "second.jpg").get_by_label("Alt text")).to_have_value("A second sketch")
    expect(page.get_by_role("button", name="Try again (1 work)")).to_be_enabled()
    screenshot("batch-daily-limit")
    assert [work.title for work in Artwork.objects.filter(artist=member)] == ["First"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_more_files_than_one_work_holds_are_refused_before_sending(page: Page, screenshot):
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    sent = posts_to(page, "/")
    most = MAX_EXTRA_IMAGES + 1
    files = [file_payload(f"sketch-{number}.jpg", (40, 30)) for number in range(1, most + 2)]
    page.get_by_label("Image").set_input_files(files)
    expect(page.locator(".upload-card")).to_have_count(most + 1)

    choice = page.get_by_role("group", name="Save as")
    expect(choice).to_contain_text(f"at most {most} images for one work")
    choice.get_by_role("radio", name=f"One work with {most + 1} images").check()
    refusal = (
        f"One work holds at most {most} images: the main one and {MAX_EXTRA_IMAGES} more. "
        f"You chose {most + 1}: choose fewer files, or save them as separate works."
    )
    expect(page.locator(".upload-mode-error")).to_have_text(refusal)
    for number in range(1, most + 2):
        card(page, f"sketch-{number}.jpg").get_by_label("Alt text").fill(f"Sketch {number}")
    page.get_by_role("button", name=f"Upload 1 work with {most + 1} images").click()

    # Nothing is sent: the choice keeps the focus and the refusal.
    expect(choice.get_by_role("radio", name=f"One work with {most + 1} images")).to_be_focused()
    expect(page.locator(".upload-mode-error")).to_have_text(refusal)
    screenshot("one-work-too-many")
    page.wait_for_timeout(300)
    assert sent == []
    assert not Artwork.objects.filter(artist=member).exists()
    assert not ArtworkImage.objects.exists()

    # Back to separate works, the refusal goes and the button offers every file.
    choice.get_by_role("radio", name="Separate works").check()
    expect(page.locator(".upload-mode-error")).to_have_text("")
    expect(page.get_by_role("button", name=f"Upload {most + 1} works")).to_be_visible()
