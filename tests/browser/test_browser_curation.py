"""Browser journeys for curation and community: review before publishing, a report, and an
exhibition built in the admin and browsed by a visitor. Driven through Chromium, asserting
what each person sees, with a screenshot at each milestone (in pytest's tmp dir)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from artworks.models import Artwork
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from reports.models import Report
from tests.browser.test_browser import log_in, log_out, nav
from tests.factories import PASSWORD, UserFactory, create_artwork, image_bytes

# Admin pages are heavy: under a loaded machine they can take longer than Playwright's default
# five seconds to appear after a form is sent.
ADMIN_TIMEOUT = 20_000

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores the page tree and groups made by data migrations.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def admin_log_in(page: Page, username):
    """Through /admin/login/, which leads to the site's log-in and back to the admin."""
    page.goto("/admin/login/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"), timeout=ADMIN_TIMEOUT)


def admin_log_out(page: Page):
    page.context.clear_cookies()


def test_editor_builds_an_exhibition_that_a_visitor_browses(page: Page, screenshot, settings):
    ada = create_artwork(UserFactory(display_name="Ada Moreno"), title="Low Tide", tags="sea")
    bruno = create_artwork(UserFactory(display_name="Bruno Keller"), title="Balance")
    create_artwork(title="Not chosen")
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    today = timezone.localdate()

    # Wagtail 8's autosave posts the new page's first draft half a second after the last
    # change; a Publish clicked while that post is still running races it to the same slug and
    # comes back with "slug in use" (seen on loaded CI machines, whatever the test waited).
    # The journey is the editor's, not autosave's: switched off here, as WAGTAIL_AUTOSAVE_INTERVAL
    # = 0 does.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    admin_log_in(page, "editor")
    index_id = ExhibitionIndexPage.objects.get().pk
    page.goto(f"/admin/pages/{index_id}/add_subpage/")
    # One child type: Wagtail goes straight to the form.
    expect(page).to_have_url(re.compile(r"/admin/pages/add/exhibitions/exhibitionpage/\d+/$"))
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill("Colour and Line")
    page.locator("#id_opens_on").fill((today - timedelta(days=3)).isoformat())
    page.locator("#id_closes_on").fill((today + timedelta(days=30)).isoformat())
    page.keyboard.press("Escape")  # close the date picker

    for artwork, note in ((ada, "Painted at dawn."), (bruno, "")):
        page.get_by_role("button", name="Insert a block").last.click()
        page.get_by_role("option", name="Artwork").click()
        page.get_by_role("button", name=re.compile(r"Choose (an? )?artwork", re.I)).last.click()
        modal = page.locator(".modal-dialog")
        modal.get_by_role("link", name=artwork.title).click()
        expect(modal).to_have_count(0)
        if note:
            page.get_by_role("textbox", name=re.compile(r"^Curator's note")).last.fill(note)
    screenshot("editor-exhibition-form")

    # Let Wagtail's autosave finish first: a Publish posted while its first save is still
    # creating the draft races it to the same slug, which Wagtail 8 answers with a 500 (seen
    # on a loaded machine). Autosave waits 500 ms after the last change, then posts.
    page.wait_for_timeout(1_000)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{index_id}/$"))
    # "created and published", or "has been published" when Wagtail's autosave had already
    # created the page as a draft.
    published = re.compile(r"Page 'Colour and Line' (created and published|has been published)\.")
    expect(page.get_by_text(published)).to_be_visible(timeout=ADMIN_TIMEOUT)
    exhibition = ExhibitionPage.objects.get()
    assert exhibition.live
    admin_log_out(page)

    # A visitor: home → Exhibitions → the show → one of its works → back to the show.
    page.goto("/")
    nav(page).get_by_role("link", name="Exhibitions").click()
    expect(page.get_by_role("heading", name="Current exhibitions")).to_be_visible()
    page.get_by_role("link", name="Colour and Line").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Colour and Line")
    expect(page.get_by_text("Now showing")).to_be_visible()
    expect(page.get_by_text("2 artists")).to_be_visible()
    expect(page.get_by_text("Curator's note: Painted at dawn.")).to_be_visible()
    expect(page.get_by_role("link", name="Not chosen")).to_have_count(0)
    screenshot("visitor-exhibition")
    page.get_by_role("heading", name="Low Tide").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Low Tide")
    in_exhibitions = page.get_by_role("region", name="In exhibitions")
    in_exhibitions.get_by_role("link", name="Colour and Line").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Colour and Line")


def test_review_on_member_uploads_moderator_publishes_from_dashboard_then_a_report(
    page: Page, browser, live_server, screenshot, tmp_path
):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    UserFactory(username="nia", display_name="Nia Brooks", email="nia@example.com")
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    UserFactory(username="reader")

    # The editor switches review on in the admin's settings.
    admin_log_in(page, "editor")
    page.goto("/admin/settings/artworks/reviewsettings/")
    page.get_by_label(re.compile(r"^Review new uploads before publishing")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"Review before publishing.+updated"))).to_be_visible(
        timeout=ADMIN_TIMEOUT
    )
    admin_log_out(page)

    # The member uploads: the work waits, and the member is told so.
    log_in(page, "nia")
    nav(page).get_by_role("link", name="Upload").click()
    page.get_by_label("Title").fill("Harbour at Dawn")
    image = tmp_path / "harbour.jpg"
    image.write_bytes(image_bytes((900, 600)))
    page.get_by_label("Image").set_input_files(str(image))
    page.get_by_label("Alt text").fill("Pale orange light over grey water")
    page.get_by_role("button", name="Upload").click()
    expect(page).to_have_url(re.compile(r"/my/artworks/$"), timeout=30_000)
    expect(page.get_by_text("is uploaded and awaiting review")).to_be_visible()
    card = page.locator("article.artwork-card").filter(has_text="Harbour at Dawn")
    expect(card.locator(".status")).to_have_text("Awaiting review")
    screenshot("member-sees-awaiting-review")
    artwork = Artwork.objects.get(title="Harbour at Dawn")
    assert artwork.status == Artwork.Status.AWAITING_REVIEW

    # Nobody else sees it yet.
    visitor = browser.new_context(base_url=live_server.url)
    tab = visitor.new_page()
    tab.goto("/gallery/")
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    expect(tab.get_by_text("Harbour at Dawn")).to_have_count(0)
    assert tab.goto(f"/gallery/{artwork.pk}/").status == 404
    log_out(page)

    # The moderator finds it on the dashboard and publishes it.
    admin_log_in(page, "mod")
    expect(page.get_by_text("1 work waits for a moderator")).to_be_visible()
    page.get_by_role("link", name="Harbour at Dawn").click()
    expect(page).to_have_url(re.compile(rf"/admin/snippets/artworks/artwork/edit/{artwork.pk}/$"))
    page.get_by_role("combobox", name=re.compile(r"^Status")).select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("'Harbour at Dawn' updated.")).to_be_visible(timeout=ADMIN_TIMEOUT)
    page.goto("/admin/")
    expect(page.get_by_text("Nothing is awaiting review.")).to_be_visible()
    admin_log_out(page)

    # The artist was emailed, and sees the work public.
    assert [email.subject for email in mail.outbox] == [
        "“Harbour at Dawn” is now public on Artist Collective"
    ]
    log_in(page, "nia")
    card = page.locator("article.artwork-card").filter(has_text="Harbour at Dawn")
    expect(card.locator(".status")).to_have_text("Published")
    tab.goto("/gallery/")
    expect(tab.get_by_role("link", name="Harbour at Dawn").first).to_be_visible()
    log_out(page)

    # Another member reports it.
    log_in(page, "reader")
    page.goto(artwork.get_absolute_url())
    page.get_by_role("link", name="Report this work").click()
    page.get_by_label(re.compile("not the member's own work")).check()
    page.get_by_label(re.compile(r"^Message")).fill("I have seen this photo elsewhere.")
    page.get_by_role("main").get_by_role("button", name=re.compile("report", re.I)).click()
    expect(page.get_by_text("Thank you. A moderator will look at your report.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour at Dawn")
    screenshot("member-reported")
    report = Report.objects.get()
    assert (report.reporter.username, report.message) == (
        "reader",
        "I have seen this photo elsewhere.",
    )
    visitor.close()
