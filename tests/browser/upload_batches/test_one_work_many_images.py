"""Several files saved as one work with more images, refusals that keep the cards, and "Preparing
the image…" turning into the image without a reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from artworks.models import Artwork
from artworks.tasks import generate_renditions
from tests.browser.upload_batches.helpers import (
    UPLOAD_URL,
    VIEWPORTS,
    card,
    drop_files,
    file_payload,
    scrolls_sideways,
)
from tests.browser.upload_script.helpers import csp_violations, log_in, posts_to
from tests.factories import UserFactory, create_artwork


def without_renditions(artwork):
    """The work as it is between its upload and the rendition task."""
    artwork.image.renditions.all().delete()
    return artwork


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
