"""The whole social loop in Chromium, in one site: two artists follow each other from their
pages on their phones, one favourites, collects and comments on the other's work, the other
replies; both find it by the bell; a reply is reported and a moderator removes it in the
admin; one opens for commissions and gets a request by email; the other exports their data,
deletes their account and, fourteen days on, is erased without a trace while the first
artist's pages keep working.

Each step waits for the page's deferred script (in-place.js) to mark its forms ready before
clicking; pages without those forms run no script a click could race."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

from artworks.models import Artwork
from comments.models import Comment
from members.models import DataExport
from social.models import Collection, Favourite, Follow
from tests.browser.test_browser import log_in, messages
from tests.browser.test_browser_account import stored_names
from tests.browser.test_browser_curation import admin_log_in
from tests.factories import PASSWORD, UserFactory, create_artwork

ADA_ADDRESS = "ada.private@example.com"
GRACE_ADDRESS = "grace.hopper@example.com"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def scripts_ready(page: Page):
    """in-place.js is deferred: a click before it runs posts the form the plain way (and
    reloads the page under the next step). It marks each form once bound; an
    artist's own pages have no follow form (and may have no heart), so only the forms the page
    holds are waited for. Called after the page has loaded, when every form is in the DOM."""
    for script in ("follow", "favourite"):
        if page.locator(f"form[data-{script}]").count():
            page.locator(f"form[data-{script}][data-{script}-ready]").first.wait_for(
                state="attached"
            )


def follow_button(page: Page, name):
    return page.get_by_role("main").get_by_role(
        "button", name=re.compile(rf"^Follow(ing)? {name}$")
    )


def bell(page: Page, unread):
    return page.get_by_role("banner").get_by_role("link", name=f"Notifications, {unread} unread")


def comment_by(page: Page, name):
    return page.get_by_role("article", name=f"Comment by {name}")


def fits_the_screen(page: Page):
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def follow_from_artist_page(page: Page, username, name):
    page.goto(f"/artists/{username}/")
    button = follow_button(page, name)
    expect(button).to_have_attribute("aria-pressed", "false")
    scripts_ready(page)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text(f"Following {name}")


def test_two_artists_go_round_the_whole_social_loop(phone, page: Page, media_files):
    ada = UserFactory(username="ada", display_name="Ada Lovelace", email=ADA_ADDRESS)
    grace = UserFactory(username="grace", display_name="Grace Hopper", email=GRACE_ADDRESS)
    UserFactory(username="mod", is_staff=True, is_superuser=True)
    engine = create_artwork(ada, title="Analytical engine")
    compiler = create_artwork(grace, title="Compiler")

    # A visitor's gallery shows both works (and the page cache now holds it).
    visitor = phone()
    visitor.goto("/gallery/")
    expect(visitor.get_by_role("link", name="Compiler", exact=True).first).to_be_visible()

    # 1. Each artist follows the other from the other's artist page.
    artist = phone()
    log_in(artist, "ada")
    member = phone()
    log_in(member, "grace")
    follow_from_artist_page(member, "ada", "Ada Lovelace")
    follow_from_artist_page(artist, "grace", "Grace Hopper")
    fits_the_screen(artist)
    artist.goto("/my/following/")
    expect(artist.get_by_role("link", name="Compiler", exact=True).first).to_be_visible()
    assert set(Follow.objects.values_list("follower__username", "artist__username")) == {
        ("grace", "ada"),
        ("ada", "grace"),
    }

    # 2. Grace hearts Ada's work on its page, collects it with a note, and comments.
    member.goto(engine.get_absolute_url())
    scripts_ready(member)
    heart = member.get_by_role("main").get_by_role("button", name="Favourite Analytical engine")
    expect(heart).to_have_attribute("aria-pressed", "false")
    heart.click()
    expect(heart).to_have_attribute("aria-pressed", "true")
    expect(member.locator(".favourite-main [data-favourite-count]")).to_have_text("1")

    member.get_by_text("Add to collection").click()
    member.get_by_label("Name for a new collection").fill("Engines of thought")
    member.get_by_label("Note").fill("Where it all began.")
    member.get_by_role("button", name="Add", exact=True).click()
    expect(messages(member)).to_contain_text("Added to “Engines of thought”.")
    member.goto("/my/collections/")
    member.get_by_role("link", name="Engines of thought").click()
    member.get_by_label("Public").check()
    member.get_by_role("button", name="Save", exact=True).click()
    expect(messages(member)).to_contain_text("Collection saved.")
    assert Collection.objects.get().is_public

    member.goto(engine.get_absolute_url())
    scripts_ready(member)
    member.get_by_label("Comment", exact=True).fill("The mill and the store, at last together.")
    member.get_by_role("button", name="Post comment").click()
    expect(messages(member)).to_contain_text("Your comment is posted.")
    expect(member.get_by_role("heading", name="Comments (1)")).to_be_visible()
    fits_the_screen(member)

    # Ada replies on her work's page.
    artist.goto(engine.get_absolute_url())
    scripts_ready(artist)
    graces_comment = comment_by(artist, "Grace Hopper")
    graces_comment.locator("summary", has_text="Reply").first.click()
    graces_comment.get_by_label("Your reply to Grace Hopper").fill("Cards for the operations.")
    graces_comment.get_by_role("button", name="Post reply").click()
    expect(artist.get_by_role("heading", name="Comments (2)")).to_be_visible()
    expect(comment_by(artist, "Ada Lovelace")).to_contain_text("Cards for the operations.")

    # 3. The bell: Ada has a follower, a favourite and a comment; Grace a follower and a reply.
    artist.goto("/my/following/")
    expect(bell(artist, 3)).to_be_visible()
    bell(artist, 3).click()
    expect(artist).to_have_url(re.compile(r"/my/notifications/$"))
    for text in (
        "Grace Hopper now follows you",
        "Grace Hopper added your work “Analytical engine” to their favourites",
        "Grace Hopper commented on your work “Analytical engine”",
    ):
        expect(artist.get_by_role("listitem").filter(has_text=text)).to_contain_text("New")
    fits_the_screen(artist)

    member.goto("/my/favourites/")
    scripts_ready(member)
    expect(bell(member, 2)).to_be_visible()
    bell(member, 2).click()
    expect(member).to_have_url(re.compile(r"/my/notifications/$"))
    for text in (
        "Ada Lovelace now follows you",
        "Ada Lovelace replied to your comment on “Analytical engine”",
    ):
        expect(member.get_by_role("listitem").filter(has_text=text)).to_be_visible()
    assert ADA_ADDRESS not in member.content()

    # 4. Grace reports Ada's reply; a moderator removes it in the admin.
    member.goto(engine.get_absolute_url())
    scripts_ready(member)
    member.get_by_role("link", name="Report the comment by Ada Lovelace").click()
    member.get_by_label("It is spam or advertising").check()
    member.get_by_role("button", name="Send report").click()
    expect(messages(member)).to_contain_text("Thank you. A moderator will look at your report.")

    admin_log_in(page, "mod")
    page.goto("/admin/snippets/comments/comment/?reported=open")
    rows = page.locator("#listing-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cards for the operations.")
    rows.first.get_by_role("button", name=re.compile("More options")).click()
    rows.first.get_by_role("link", name=re.compile("^Remove the comment")).click()
    page.get_by_label("Note").fill("Not about the work")
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("1 comment removed.")).to_be_visible()
    reply = Comment.objects.get(author=ada)
    assert reply.status == Comment.Status.REMOVED
    page.goto(f"/admin/snippets/comments/comment/history/{reply.pk}/")
    expect(page.get_by_text("Removed. Note: Not about the work")).to_be_visible()
    entry = ModelLogEntry.objects.get(action="comments.remove")
    assert (entry.user.username, entry.object_id) == ("mod", str(reply.pk))

    member.goto(engine.get_absolute_url())
    expect(member.get_by_role("heading", name="Comments (1)")).to_be_visible()
    expect(member.get_by_text("Cards for the operations.")).to_have_count(0)
    expect(comment_by(member, "Grace Hopper")).to_be_visible()

    # 5. Ada opens for commissions; Grace sends a request; Ada has it by email.
    artist.goto("/my/commissions/")
    artist.get_by_label("Open for commissions").check()
    artist.get_by_label("About your commissions").fill("Engines drawn to order.")
    artist.get_by_role("button", name="Save commission settings").click()
    expect(messages(artist)).to_contain_text("Your artist page says you are open for commissions.")

    member.goto("/artists/ada/")
    scripts_ready(member)
    box = member.get_by_role("region", name="Open for commissions")
    expect(box).to_contain_text("Engines drawn to order.")
    assert ADA_ADDRESS not in member.content()
    box.get_by_role("button", name="Request a commission from Ada Lovelace").click()
    expect(member).to_have_url(re.compile(r"/my/commissions/request/ada/$"))
    assert ADA_ADDRESS not in member.content()
    member.get_by_label("Subject").fill("A portrait of the compiler")
    member.get_by_label("Message").fill("Pen and ink, A3.")
    member.get_by_label("Budget").fill("€300")
    member.get_by_role("button", name="Send request").click()
    expect(member).to_have_url(re.compile(r"/my/commissions/$"))
    expect(messages(member)).to_contain_text("Your request is on its way to Ada Lovelace.")
    assert ADA_ADDRESS not in member.content()
    (request_email,) = [email for email in mail.outbox if "Pen and ink, A3." in email.body]
    assert request_email.to == [ADA_ADDRESS]
    assert request_email.reply_to == [GRACE_ADDRESS]
    assert not any(ADA_ADDRESS in email.body for email in mail.outbox if GRACE_ADDRESS in email.to)

    # 6. Grace exports her data and downloads the zip.
    member.goto("/my/account/export/")
    member.get_by_role("button", name="Prepare my data").click()
    expect(messages(member)).to_contain_text("We are preparing your data")
    with member.expect_download() as download_info:
        member.get_by_role("link", name="Download the zip").click()
    with open(download_info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    assert data["username"] == "grace"
    assert [follow["artist"] for follow in data["social"]["follows"]] == ["ada"]
    assert [row["title"] for row in data["social"]["favourites"]] == ["Analytical engine"]
    (collection,) = data["social"]["collections"]
    assert (collection["name"], collection["public"]) == ("Engines of thought", True)
    assert [(work["title"], work["note"]) for work in collection["works"]] == [
        ("Analytical engine", "Where it all began.")
    ]
    assert [comment["text"] for comment in data["comments"]["comments"]] == [
        "The mill and the store, at last together."
    ]
    (work,) = data["artworks"]["works"]
    assert work["title"] == "Compiler"
    with compiler.image.file.open("rb") as original:
        assert archive.read(work["original"]) == original.read()

    # 7. Grace deletes her account with her password, and is logged out.
    member.goto("/my/account/delete/")
    member.get_by_label("Password").fill(PASSWORD)
    member.get_by_role("main").get_by_role("button", name="Delete my account").click()
    expect(messages(member)).to_contain_text("will be deleted on")

    # Her work leaves Ada's Following page and the gallery, for Ada and for visitors.
    artist.goto("/my/following/")
    expect(artist.get_by_role("heading", level=1)).to_be_visible()
    expect(artist.get_by_role("link", name="Compiler", exact=True)).to_have_count(0)
    artist.goto("/gallery/")
    scripts_ready(artist)
    expect(artist.get_by_role("link", name="Analytical engine", exact=True).first).to_be_visible()
    expect(artist.get_by_role("link", name="Compiler", exact=True)).to_have_count(0)
    visitor.goto("/gallery/")
    expect(visitor.get_by_role("link", name="Analytical engine", exact=True).first).to_be_visible()
    expect(visitor.get_by_role("link", name="Compiler", exact=True)).to_have_count(0)

    # Fourteen days on, the daily command erases every file of hers, and only hers.
    grace.refresh_from_db()
    hers = stored_names(grace) | {DataExport.objects.get(member=grace).file_name}
    adas = stored_names(ada)
    before = set(media_files())
    assert hers <= before and adas <= before
    get_user_model().objects.filter(pk=grace.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=15)
    )
    call_command("erase_deleted_accounts", stdout=io.StringIO())
    after = set(media_files())
    assert not hers & after
    assert after == before - hers
    assert not get_user_model().objects.filter(username="grace").exists()
    assert list(Artwork.objects.all()) == [engine]
    assert not Favourite.objects.exists() and not Collection.objects.exists()
    assert not Comment.objects.exists()

    # Ada's own pages still work without her.
    for path, heading in (
        ("/artists/ada/", "Ada Lovelace"),
        (engine.get_absolute_url(), "Analytical engine"),
        ("/my/following/", None),
        ("/my/favourites/", None),
        ("/my/collections/", None),
        ("/my/commissions/", None),
        ("/my/notifications/", "Notifications"),
    ):
        response = artist.goto(path)
        assert response.status == 200, path
        if heading:
            expect(artist.get_by_role("heading", level=1)).to_have_text(heading)
    expect(artist.get_by_role("main")).not_to_contain_text("Grace Hopper")
    artist.goto(engine.get_absolute_url())
    scripts_ready(artist)
    expect(artist.get_by_role("heading", name="Comments (0)")).to_be_visible()
    expect(artist.locator(".favourite-main [data-favourite-count]")).to_have_text("0")
    fits_the_screen(artist)
