"""Comments in Chromium on phones: two members comment and reply, one edits their comment,
the other reports it, and a moderator removes it in the admin, where its History shows the
decision."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import ModelLogEntry

from comments.models import Comment
from tests.browser.test_browser import log_in, messages
from tests.browser.test_browser_curation import admin_log_in
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def comment_by(page: Page, name):
    return page.get_by_role("article", name=f"Comment by {name}")


def fits_the_screen(page: Page):
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_members_comment_and_reply_and_a_moderator_removes_a_reported_comment(
    phone, page: Page, tmp_path
):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace", display_name="Grace Hopper")
    UserFactory(
        username="linus",
        display_name="Linus Pauling",
        date_joined=timezone.now() - timedelta(days=60),
    )
    UserFactory(username="mod", display_name="Mo Derator").groups.add(
        Group.objects.get(name="Moderators")
    )
    artwork = create_artwork(ada, title="Analytical engine")

    # Grace comments from her phone.
    grace = phone()
    log_in(grace, "grace")
    grace.goto(artwork.get_absolute_url())
    expect(grace.get_by_role("heading", name="Comments (0)")).to_be_visible()
    grace.get_by_label("Comment", exact=True).fill("Buy cheap gears at https://gears.example")
    grace.get_by_role("button", name="Post comment").click()
    expect(grace).to_have_url(re.compile(r"#comment-\d+$"))
    expect(messages(grace)).to_contain_text("Your comment is posted.")
    expect(grace.get_by_role("heading", name="Comments (1)")).to_be_visible()
    link = comment_by(grace, "Grace Hopper").get_by_role("link", name="https://gears.example")
    expect(link).to_have_attribute("rel", "ugc nofollow noopener")
    fits_the_screen(grace)

    # Linus replies from his.
    linus = phone()
    log_in(linus, "linus")
    linus.goto(artwork.get_absolute_url())
    comment = comment_by(linus, "Grace Hopper")
    comment.locator("summary", has_text="Reply").first.click()
    comment.get_by_label("Your reply to Grace Hopper").fill("Is this an advert?")
    comment.get_by_role("button", name="Post reply").click()
    expect(linus.get_by_role("heading", name="Comments (2)")).to_be_visible()
    expect(comment_by(linus, "Linus Pauling")).to_contain_text("Is this an advert?")
    fits_the_screen(linus)
    linus.screenshot(path=str(tmp_path / "phone-reply.png"), full_page=True)

    # Grace edits her comment within the quarter of an hour she has.
    grace.goto(artwork.get_absolute_url())
    comment_by(grace, "Grace Hopper").get_by_role("link", name="Edit your comment").click()
    expect(grace.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    grace.get_by_label("Comment", exact=True).fill("Buy cheap gears at https://gears.example today")
    grace.get_by_role("button", name="Save comment").click()
    expect(messages(grace)).to_contain_text("Your comment is saved.")
    expect(comment_by(grace, "Grace Hopper")).to_contain_text("today")
    expect(comment_by(grace, "Grace Hopper")).to_contain_text("edited")

    # Linus reports it.
    linus.goto(artwork.get_absolute_url())
    comment_by(linus, "Grace Hopper").get_by_role(
        "link", name="Report the comment by Grace Hopper"
    ).click()
    expect(linus.get_by_role("heading", level=1)).to_have_text("Report a comment by Grace Hopper")
    linus.get_by_label("It is spam or advertising").check()
    linus.get_by_role("button", name="Send report").click()
    expect(messages(linus)).to_contain_text("Thank you. A moderator will look at your report.")

    # The moderator finds it among reported comments and removes it.
    admin_log_in(page, "mod")
    page.goto("/admin/snippets/comments/comment/?reported=open")
    rows = page.locator("#listing-results tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name=re.compile("More options")).click()
    rows.first.get_by_role("link", name=re.compile("^Remove the comment")).click()
    expect(page.get_by_text("Remove these comments from their works' pages?")).to_be_visible()
    page.get_by_label("Note").fill("Advertising")
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("1 comment removed.")).to_be_visible()
    removed = Comment.objects.get(parent__isnull=True)
    assert removed.status == Comment.Status.REMOVED

    # Its History shows who removed it and why.
    page.goto(f"/admin/snippets/comments/comment/history/{removed.pk}/")
    expect(page.get_by_text("Removed. Note: Advertising")).to_be_visible()
    entry = ModelLogEntry.objects.get(action="comments.remove")
    assert (entry.user.username, entry.object_id) == ("mod", str(removed.pk))

    # Visitors no longer see it, nor the reply that hung from it.
    visitor = phone()
    visitor.goto(artwork.get_absolute_url())
    expect(visitor.get_by_role("heading", name="Comments (0)")).to_be_visible()
    expect(visitor.get_by_text("Buy cheap gears")).to_have_count(0)
    expect(visitor.get_by_role("link", name="Log in to comment")).to_be_visible()
