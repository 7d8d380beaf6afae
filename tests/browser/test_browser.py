"""Browser journeys: what visitors, members and editors do, driven through Chromium.

Each test is one person's journey through the live server, asserting what they see, and
ends with a full-page screenshot (saved in pytest's tmp dir) for a human to look at.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from django.core import mail

from tests.factories import PASSWORD, UserFactory, create_artwork, image_bytes

# --- Helpers ---------------------------------------------------------------------------------


def nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def messages(page: Page):
    return page.get_by_role("region", name="Messages")


def fill_in_sign_up(page: Page, username, email):
    """From any public page: the nav's "Sign up", the form filled in and sent; the site asks
    to confirm the address."""
    nav(page).get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the collective")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email")


def confirm_from_email(page: Page, email):
    """Open the link in the newest email to that address and press "Confirm", as the member
    does in their mail program (the live server shares this process's test outbox)."""
    message = [message for message in mail.outbox if message.to == [email]][-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(urlparse(link).path)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()


def sign_up(page: Page, username, email=None):
    """Sign up and confirm the address: the member lands on the upload form, logged in."""
    email = email or f"{username.lower()}@example.com"
    fill_in_sign_up(page, username, email)
    confirm_from_email(page, email)


def log_in(page: Page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()


def log_out(page: Page):
    nav(page).get_by_role("button", name="Log out").click()
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(nav(page).get_by_role("link", name="My artworks")).to_have_count(0)


def expect_image_loaded(page: Page, selector):
    """The <img> matched by selector (a CSS selector or a Locator) has been fetched and
    decoded (not a broken image); waits for it, as a slow machine may still be loading it."""
    image = (page.locator(selector) if isinstance(selector, str) else selector).first
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=image.element_handle(),
        timeout=10_000,
    )
    return image.evaluate("(img) => img.naturalWidth")


# --- Journeys --------------------------------------------------------------------------------


@pytest.mark.browser
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_signs_up_logs_out_and_logs_back_in(page: Page, screenshot):
    page.goto("/")
    expect(page).to_have_title(re.compile(r"Artist Collective"))
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()

    fill_in_sign_up(page, "Marguerite", "marguerite@example.com")
    # Not logged in until the address is confirmed.
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
    screenshot("asked-to-confirm-email")
    confirm_from_email(page, "marguerite@example.com")

    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    expect(messages(page)).to_contain_text("Welcome, Marguerite!")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload an artwork")
    expect(nav(page).get_by_role("link", name="My artworks")).to_be_visible()

    log_out(page)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(nav(page).get_by_role("button", name="Sign up")).to_be_visible()

    # Usernames are case-insensitive at log-in.
    log_in(page, "MARGUERITE")
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(nav(page).get_by_role("link", name="My artworks")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Log in")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("My artworks")

    screenshot("signed-up-and-back")


@pytest.mark.browser
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_browses_home_gallery_artwork_artist(page: Page, screenshot):
    ada = UserFactory(username="ada", display_name="Ada Inkwell")
    bo = UserFactory(username="bo", display_name="Bo Brush")
    create_artwork(ada, title="Harbour at Dawn", tags="ink, blue", description="Ink on paper.")
    create_artwork(bo, title="Night Orchard", tags="oil")

    page.goto("/")
    page.get_by_role("button", name="Browse the gallery").click()
    expect(page).to_have_url(re.compile(r"/gallery/$"))
    grid = page.locator("ul.artwork-grid")
    expect(grid.get_by_role("heading", name="Harbour at Dawn")).to_be_visible()
    expect(grid.get_by_role("heading", name="Night Orchard")).to_be_visible()
    expect_image_loaded(page, "ul.artwork-grid img")

    grid.get_by_role("heading", name="Harbour at Dawn").get_by_role("link").click()
    # The card names the list it was in (artworks.browsing), for previous/next and "Back".
    expect(page).to_have_url(re.compile(r"/gallery/\d+/[\w-]+/\?from=gallery$"))
    expect(page).to_have_title(re.compile(r"^Harbour at Dawn by Ada Inkwell"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour at Dawn")
    expect(page.get_by_text("Ink on paper.")).to_be_visible()
    width = expect_image_loaded(page, "figure img")
    assert width > 0
    expect(page.locator("figure img")).to_have_attribute("alt", "A picture called Harbour at Dawn")
    og_image = page.locator('meta[property="og:image"]')
    expect(og_image).to_have_count(1)
    og_url = og_image.get_attribute("content")
    assert og_url.startswith("http"), og_url
    # The share image is a rendition on this site that actually answers.
    response = page.request.get(og_url)
    assert response.ok, (og_url, response.status)
    assert response.headers["content-type"].startswith("image/")
    artwork_url = page.url

    page.get_by_role("main").get_by_role("link", name="Ada Inkwell").click()
    expect(page).to_have_url(re.compile(r"/artists/ada/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Inkwell")
    expect(page.get_by_role("heading", name="Harbour at Dawn")).to_be_visible()
    expect(page.get_by_role("heading", name="Night Orchard")).to_have_count(0)
    expect_image_loaded(page, "ul.artwork-grid img")

    # A tag on the artwork page leads to the gallery filtered by that tag.
    page.goto(artwork_url)
    page.get_by_role("list", name="Tags").get_by_role("link", name="blue").click()
    expect(page).to_have_url(re.compile(r"/gallery/\?tag=blue$"))
    expect(page).to_have_title(re.compile(r"Tagged “blue”"))
    expect(page.get_by_text("Showing work tagged “blue”.")).to_be_visible()
    grid = page.locator("ul.artwork-grid")
    expect(grid.get_by_role("heading", name="Harbour at Dawn")).to_be_visible()
    expect(grid.get_by_role("heading", name="Night Orchard")).to_have_count(0)

    screenshot("gallery-tag-blue")


@pytest.mark.browser
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_uploads_finds_edits_and_logs_out(page: Page, screenshot):
    page.goto("/")
    sign_up(page, "clementine")
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))

    page.get_by_label("Title").fill("Lighthouse Study")
    page.get_by_label("Image").set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(1200, 800))}
    )
    page.get_by_label("Alt text").fill("A white lighthouse against an orange sky")
    page.get_by_label("Description").fill("Gouache, A4.")
    page.get_by_label("Tags").fill("gouache, sea")
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("“Lighthouse Study” is now in the gallery.")
    card = page.locator("article.artwork-card").filter(has_text="Lighthouse Study")
    expect(card).to_have_count(1)
    expect(card.locator(".status")).to_have_text("Published")
    expect_image_loaded(page, "article.artwork-card img")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Gallery").click()
    expect(page).to_have_url(re.compile(r"/gallery/$"))
    grid = page.locator("ul.artwork-grid")
    expect(grid.get_by_role("heading", name="Lighthouse Study")).to_be_visible()
    expect(grid.get_by_text("by clementine")).to_be_visible()
    expect_image_loaded(page, "ul.artwork-grid img")

    nav(page).get_by_role("link", name="My artworks").click()
    page.get_by_role("link", name="Edit “Lighthouse Study”").click()
    expect(page).to_have_url(re.compile(r"/my/artworks/\d+/edit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Lighthouse Study”")
    # The work's own form: the page also has a form to add more images, with its own alt text.
    work_form = page.locator("form[data-upload-form]")
    expect(work_form.get_by_label("Title")).to_have_value("Lighthouse Study")
    expect(work_form.get_by_label("Alt text")).to_have_value(
        "A white lighthouse against an orange sky"
    )
    expect(work_form.get_by_label("Tags")).to_have_value(re.compile(r"gouache.*sea|sea.*gouache"))
    expect_image_loaded(page, "figure img")
    page.get_by_label("Title").fill("Lighthouse at Dusk")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    expect(messages(page)).to_contain_text("Your changes to “Lighthouse at Dusk” are saved.")
    expect(page.get_by_role("heading", name="Lighthouse at Dusk")).to_be_visible()
    expect(page.get_by_role("heading", name="Lighthouse Study")).to_have_count(0)
    screenshot("my-artworks-after-edit")

    log_out(page)
    page.goto("/my/artworks/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/my/artworks/$"))
    expect(page.get_by_text("Please log in to continue.")).to_be_visible()
    screenshot("logged-out-asked-to-log-in")


@pytest.mark.browser
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_hides_artwork_and_artist_sees_note(
    page: Page, browser, live_server, tmp_path, screenshot
):
    artist = UserFactory(username="dora", display_name="Dora Dye")
    artwork = create_artwork(artist, title="Rude Gesture", tags="ink")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    note = "Hidden while we check the rights to the photograph."

    # The admin's log-in address leads to the site's own log-in, which returns to the admin.
    page.goto("/admin/login/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/snippets/artworks/artwork/")
    listing = page.locator("table.listing")
    expect(listing.get_by_role("link", name="Rude Gesture")).to_be_visible()
    with page.expect_navigation() as navigation:
        listing.get_by_role("link", name="Rude Gesture").click()
    assert navigation.value.status == 200, f"edit view answered {navigation.value.status}"
    expect(page).to_have_url(re.compile(rf"/admin/snippets/artworks/artwork/edit/{artwork.pk}/$"))

    # Wagtail marks required labels with "*" and has a "Status" side panel too.
    page.get_by_role("combobox", name=re.compile(r"^Status")).select_option("hidden")
    page.get_by_role("textbox", name=re.compile(r"^Moderation note")).fill(note)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("'Rude Gesture' updated.")).to_be_visible()
    screenshot("admin-after-hide")

    # An anonymous visitor in a fresh context: gone from the gallery, its page a 404.
    visitor = browser.new_context(base_url=live_server.url)
    try:
        tab = visitor.new_page()
        tab.set_default_timeout(15_000)
        tab.goto("/gallery/")
        expect(tab.get_by_role("heading", level=1)).to_be_visible()
        expect(tab.get_by_text("Rude Gesture")).to_have_count(0)
        response = tab.goto(f"/gallery/{artwork.pk}/")
        assert response.status == 404
        response = tab.goto(artwork.get_absolute_url())
        assert response.status == 404

        # The artist logs in and reads the note next to the work.
        log_in(tab, "dora")
        expect(tab).to_have_url(re.compile(r"/my/artworks/$"))
        card = tab.locator("article.artwork-card").filter(has_text="Rude Gesture")
        expect(card.locator(".status")).to_have_text("Hidden")
        expect(card.locator(".moderation-note")).to_have_text(f"Moderator's note: {note}")
        tab.screenshot(path=str(tmp_path / "artist-sees-note.png"), full_page=True)
    finally:
        visitor.close()
    screenshot("editor-hid-artwork")


@pytest.mark.browser
# serialized_rollback restores the page tree built by a data migration, which a transactional
# test would otherwise flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_refusal_keeps_typed_fields(page: Page, screenshot):
    page.goto("/")
    sign_up(page, "eliot")
    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))

    page.get_by_label("Title").fill("Not Really a Picture")
    page.get_by_label("Image").set_input_files(
        {
            "name": "holiday.jpg",
            "mimeType": "image/jpeg",
            "buffer": b"Dear diary, today I painted nothing at all.\n" * 20,
        }
    )
    page.get_by_label("Alt text").fill("Words pretending to be a picture")
    page.get_by_label("Tags").fill("fake, text")
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page).to_have_url(re.compile(r"/my/artworks/upload/$"))
    expect(page.get_by_role("alert")).to_have_text("Please correct the errors below.")
    image_error = page.locator("#id_image_error")
    expect(image_error).to_contain_text("This file is not an image we can read.")
    # The error sits in the Image field's own block, next to the input.
    field = page.locator(".field").filter(has=page.get_by_label("Image"))
    expect(field.locator(".errorlist")).to_be_visible()
    expect(page.get_by_label("Image")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title")).to_have_value("Not Really a Picture")
    expect(page.get_by_label("Alt text")).to_have_value("Words pretending to be a picture")
    expect(page.get_by_label("Tags")).to_have_value("fake, text")
    screenshot("upload-refused")

    # Nothing was half-saved.
    nav(page).get_by_role("link", name="My artworks").click()
    expect(page.get_by_text("You have not uploaded any work yet.")).to_be_visible()
    screenshot("nothing-half-saved")
