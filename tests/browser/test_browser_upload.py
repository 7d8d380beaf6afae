"""Uploading several works at once, and "Preparing the image…" turning into the image, in
Chromium through the live server (the single-file form is in test_upload_js.py). Each
journey ends with a full-page screenshot in pytest's tmp dir."""

import base64
import re

import pytest
from playwright.sync_api import Page, expect

from artworks.models import MAX_EXTRA_IMAGES, Artwork, ArtworkImage
from artworks.tasks import generate_renditions
from tests.browser.test_upload_js import csp_violations, log_in, posts_to
from tests.factories import UserFactory, create_artwork, image_bytes

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


def without_renditions(artwork):
    """The work as it is between its upload and the rendition task."""
    artwork.image.renditions.all().delete()
    return artwork


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
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_three_files_saved_as_one_work_with_two_more_images(page: Page, screenshot, viewport):
    page.set_viewport_size(viewport)
    violations = csp_violations(page)
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    work_posts = posts_to(page, UPLOAD_URL)
    page.get_by_label("Image").set_input_files(
        [
            file_payload("loom.jpg", (1000, 800)),
            file_payload("warp-detail.jpg", (900, 900)),
            file_payload("weft_detail.png", (800, 1000), "PNG"),
        ]
    )
    expect(page.locator(".upload-card")).to_have_count(3)

    # Separate works by default; the other choice names how many images the work gets.
    choice = page.get_by_role("group", name="Save as")
    expect(choice.get_by_role("radio", name="Separate works")).to_be_checked()
    expect(page.get_by_role("button", name="Upload 3 works")).to_be_visible()
    # By keyboard: the arrow key moves to the other choice.
    choice.get_by_role("radio", name="Separate works").focus()
    page.keyboard.press("ArrowDown")
    one_work = choice.get_by_role("radio", name="One work with 3 images")
    expect(one_work).to_be_checked()
    expect(one_work).to_be_focused()

    # The first card is the work; the others ask for alt text and a caption, not a title.
    loom, warp, weft = (
        card(page, name) for name in ("loom.jpg", "warp-detail.jpg", "weft_detail.png")
    )
    expect(loom.get_by_text("The work: its main image.")).to_be_visible()
    expect(warp.get_by_text("Image 2 of the work.")).to_be_visible()
    expect(warp.get_by_label("Title")).to_be_hidden()
    expect(warp.get_by_label("Description")).to_be_hidden()
    loom.get_by_label("Title").fill("The loom")
    loom.get_by_label("Alt text").fill("A wooden loom with a half-woven blue cloth")
    loom.get_by_label("Description").fill("Three weeks of weaving.")
    warp.get_by_label("Alt text").fill("Close-up of the white warp threads")
    warp.get_by_label("Caption").fill("The warp")
    weft.get_by_label("Alt text").fill("Close-up of the blue weft")
    weft.get_by_label("Caption").fill("The weft")
    page.get_by_label("Tags").fill("weaving")
    screenshot(f"one-work-ready-{viewport['width']}")
    page.get_by_role("button", name="Upload 1 work with 3 images").click()

    for extra in (warp, weft):
        expect(extra.locator(".upload-card-status")).to_have_text(
            "Saved as one of the images of “The loom”."
        )
    expect(loom.locator(".upload-card-status")).to_contain_text("Saved.")
    expect(page.locator(".upload-status")).to_have_text(
        "“The loom” saved, with 2 of 2 more images. See My artworks"
    )
    expect(choice.get_by_role("radio", name="One work with 3 images")).to_be_disabled()
    assert not scrolls_sideways(page)
    screenshot(f"one-work-saved-{viewport['width']}")
    assert len(work_posts) == 1
    assert violations == []

    work = Artwork.objects.get(artist=member)
    assert (work.title, work.alt_text, work.description) == (
        "The loom",
        "A wooden loom with a half-woven blue cloth",
        "Three weeks of weaving.",
    )
    assert list(work.tags.names()) == ["weaving"]
    extras = list(work.extra_images.order_by("sort_order", "pk"))
    assert [(extra.alt_text, extra.caption) for extra in extras] == [
        ("Close-up of the white warp threads", "The warp"),
        ("Close-up of the blue weft", "The weft"),
    ]

    # The work's page shows them, in order, in its strip.
    page.goto(work.get_absolute_url())
    strip = page.get_by_role("list", name="More images of this work")
    expect(strip.locator("figcaption")).to_have_text(["The warp", "The weft"])
    expect(strip.get_by_role("img", name="Close-up of the white warp threads")).to_be_visible()
    expect(strip.get_by_role("img", name="Close-up of the blue weft")).to_be_visible()
    screenshot(f"one-work-page-{viewport['width']}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_work_refused_sends_none_of_its_other_images_and_each_card_says_why(
    page: Page, screenshot, settings
):
    settings.ARTWORK_UPLOADS_PER_DAY = 0
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    extra_posts = posts_to(page, "/images/")
    drop_files(page, [("loom.jpg", (1000, 800)), ("detail.jpg", (1000, 800))])
    page.get_by_role("radio", name="One work with 2 images").check()
    card(page, "loom.jpg").get_by_label("Alt text").fill("A wooden loom")
    card(page, "detail.jpg").get_by_label("Alt text").fill("The warp threads")
    page.get_by_role("button", name="Upload 1 work with 2 images").click()

    expect(card(page, "loom.jpg").locator(".upload-card-status")).to_have_text(
        "Not uploaded: You have uploaded 0 works in the last 24 hours, the daily limit. "
        "Please come back tomorrow."
    )
    expect(card(page, "detail.jpg").locator(".upload-card-status")).to_have_text(
        "Not uploaded: the work itself (“loom.jpg”) was not saved, so this image was not sent. "
        "It will be, with the work, when you try again."
    )
    expect(page.locator(".upload-status")).to_have_text(
        "Nothing saved: the work was refused. See My artworks"
    )
    # Both cards keep what was typed; the choice can still change, and both can be sent again.
    expect(card(page, "detail.jpg").get_by_label("Alt text")).to_have_value("The warp threads")
    expect(page.get_by_role("radio", name="Separate works")).to_be_enabled()
    expect(page.get_by_role("button", name="Try again (1 work with 2 images)")).to_be_enabled()
    screenshot("one-work-refused")
    assert extra_posts == []
    assert not Artwork.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_image_of_one_work_keeps_its_card_and_can_be_sent_again(
    page: Page, screenshot, settings
):
    settings.ARTWORK_UPLOADS_PER_DAY = 2
    member = UserFactory()
    log_in(page, member.username)
    page.goto(UPLOAD_URL)
    drop_files(
        page, [("loom.jpg", (1000, 800)), ("warp.jpg", (900, 900)), ("weft.jpg", (800, 900))]
    )
    page.get_by_role("radio", name="One work with 3 images").check()
    for name, alt_text in [
        ("loom.jpg", "A loom"),
        ("warp.jpg", "The warp"),
        ("weft.jpg", "The weft"),
    ]:
        card(page, name).get_by_label("Alt text").fill(alt_text)
    page.get_by_role("button", name="Upload 1 work with 3 images").click()

    weft = card(page, "weft.jpg")
    expect(weft.locator(".upload-card-status")).to_have_text(
        "Not uploaded: You have uploaded 2 works in the last 24 hours, the daily limit. "
        "Please come back tomorrow."
    )
    expect(card(page, "warp.jpg").locator(".upload-card-status")).to_have_text(
        "Saved as one of the images of “Loom”."
    )
    expect(page.locator(".upload-status")).to_have_text(
        "“Loom” saved, with 1 of 2 more images. See My artworks"
    )
    expect(weft.get_by_label("Alt text")).to_be_focused()
    screenshot("one-work-extra-refused")

    # The next day: the refused image alone goes to the same work.
    settings.ARTWORK_UPLOADS_PER_DAY = 3
    page.get_by_role("button", name="Try again (1 image)").click()
    expect(weft.locator(".upload-card-status")).to_have_text(
        "Saved as one of the images of “Loom”."
    )
    work = Artwork.objects.get(artist=member)
    assert [extra.alt_text for extra in work.extra_images.order_by("sort_order")] == [
        "The warp",
        "The weft",
    ]


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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_preparing_turns_into_the_image_without_a_reload(page: Page, screenshot):
    member = UserFactory()
    artwork = without_renditions(create_artwork(member, title="Dusk", alt_text="A red dusk"))

    # A visitor on the work's public page.
    page.goto(artwork.get_absolute_url())
    expect(page.get_by_text("Preparing the image…")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    generate_renditions.call(artwork.image_id)
    image = page.locator("figure picture img")
    expect(image).to_be_visible()
    expect(image).to_have_attribute("alt", "A red dusk")
    expect(page.get_by_text("Preparing the image…")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot("detail-ready")

    # The owner on My artworks.
    without_renditions(artwork)
    log_in(page, member.username)
    expect(page.get_by_text("Preparing the image…")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    generate_renditions.call(artwork.image_id)
    expect(page.get_by_role("img", name="A red dusk")).to_be_visible()
    expect(page.get_by_role("img", name="A red dusk")).to_have_js_property("tagName", "IMG")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    screenshot("my-artworks-ready")
