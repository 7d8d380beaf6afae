"""Comments under review, reported and moderated; comments in a member's account data."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from artworks.models import ReviewSettings
from comments import account_data, services
from comments.models import Comment
from core.public_cache import public_version
from reports.models import Report
from tests.comments.helpers import logged_in, moderator, page_of, post_comment
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


LISTING = "/admin/snippets/comments/comment/"


def turn_review(on):
    settings = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_new_uploads = on
    settings.save()


def established_member(**fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=40), **fields)


# --- Review -----------------------------------------------------------------------------------


def test_with_review_on_a_comment_waits_and_only_its_author_sees_it(artwork, grace):
    turn_review(True)
    client = logged_in(grace)
    post_comment(client, artwork, "Waiting words")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.AWAITING_REVIEW
    own_page = page_of(artwork, client)
    assert "Your comment will appear once a moderator has read it" in own_page
    assert "Waiting words" in own_page
    assert "Awaiting review" in own_page
    assert "Waiting words" not in page_of(artwork)
    assert "Waiting words" not in page_of(artwork, logged_in(UserFactory()))


def test_with_review_on_an_edited_comment_goes_back_to_review(artwork, grace):
    comment = services.post(grace, artwork, "Fine words")
    turn_review(True)
    logged_in(grace).post(f"/comments/{comment.pk}/edit/", {"body": "Changed words"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.AWAITING_REVIEW
    assert "Changed words" not in page_of(artwork)


def test_a_comment_awaiting_review_leaves_cached_pages_alone(artwork, grace):
    turn_review(True)
    before = public_version()
    post_comment(logged_in(grace), artwork, "Quiet words")
    assert public_version() == before


def test_a_removed_comment_takes_its_replies_off_the_page(artwork, ada, grace):
    comment = services.post(grace, artwork, "Removed words")
    services.post(ada, artwork, "A reply to it", parent=comment)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)
    page = page_of(artwork)
    assert "Removed words" not in page
    assert "A reply to it" not in page
    assert "Comments (0)" in page


def test_a_held_comment_cannot_be_edited_by_its_author(artwork, grace):
    comment = services.post(grace, artwork, "Held words")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    response = logged_in(grace).post(f"/comments/{comment.pk}/edit/", {"body": "Sneaky edit"})
    assert response.status_code == 403
    assert "with the moderators" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Held words"


def test_inactive_authors_comments_are_hidden(artwork, grace):
    services.post(grace, artwork, "From a member later suspended")
    grace.is_active = False
    grace.save()
    page = page_of(artwork)
    assert "From a member later suspended" not in page
    assert "Comments (0)" in page


# --- Reports and moderation ---------------------------------------------------------------------


def test_reports_from_established_members_hold_a_comment_until_a_moderator_removes_it(
    artwork, grace, settings
):
    comment = services.post(grace, artwork, "Nasty words")
    for _ in range(settings.REPORTS_TO_HOLD):
        reporter = logged_in(established_member())
        response = reporter.post(f"/reports/comment/{comment.pk}/", {"reason": "offensive"})
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HELD
    assert "Nasty words" not in page_of(artwork)
    hold = ModelLogEntry.objects.get(action="comments.hold")
    assert hold.user is None

    mod = moderator()
    client = logged_in(mod)
    response = client.post(
        f"/admin/bulk/comments/comment/remove/?id={comment.pk}",
        {"moderation_note": "Harassment"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert comment.moderation_note == "Harassment"
    assert not Report.objects.open().exists()
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {mod.pk}
    history = client.get(f"{LISTING}history/{comment.pk}/").content.decode()
    assert "Removed. Note: Harassment" in history
    assert "Held after reports" in history


def test_new_members_reports_reach_moderators_but_hold_nothing(artwork, grace, settings):
    comment = services.post(grace, artwork, "Words")
    for _ in range(settings.REPORTS_TO_HOLD):
        logged_in(UserFactory()).post(f"/reports/comment/{comment.pk}/", {"reason": "spam"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert Report.objects.open().filter(comment=comment).count() == settings.REPORTS_TO_HOLD


def test_a_member_reports_a_comment_once_and_not_their_own(artwork, grace):
    comment = services.post(grace, artwork, "Words")
    reporter = logged_in(UserFactory())
    form = reporter.get(f"/reports/comment/{comment.pk}/").content.decode()
    assert "Report a comment by Grace Hopper" in form
    assert "Words" in form
    reporter.post(f"/reports/comment/{comment.pk}/", {"reason": "spam"})
    again = reporter.post(f"/reports/comment/{comment.pk}/", {"reason": "spam"})
    assert again.status_code == 302
    assert Report.objects.count() == 1
    own = logged_in(grace).get(f"/reports/comment/{comment.pk}/")
    assert own.status_code == 403


def test_the_reports_listing_shows_comment_reports(artwork, grace):
    comment = services.post(grace, artwork, "Reported words")
    Report.objects.create(comment=comment, reporter=UserFactory(), reason="spam")
    listing = logged_in(moderator()).get("/admin/snippets/reports/report/").content.decode()
    assert "Comment by Grace Hopper" in listing
    assert f"{LISTING}inspect/{comment.pk}/" in listing
    assert "Reported words" in listing


def test_moderators_list_filter_and_search_comments(artwork, ada, grace):
    services.post(grace, artwork, "About the engine")
    held = services.post(grace, artwork, "Held thing")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.HELD)
    other = create_artwork(grace, title="Grace's own")
    services.post(ada, other, "On Grace's work")
    Report.objects.create(comment=held, reporter=UserFactory(), reason="spam")
    client = logged_in(moderator())

    listing = client.get(LISTING)
    assert listing.status_code == 200
    page = listing.content.decode()
    # Each row links to the comment and offers its decisions and History.
    assert f"{LISTING}inspect/{held.pk}/" in page
    assert f"/admin/bulk/comments/comment/publish/?id={held.pk}" in page
    assert f"/admin/bulk/comments/comment/remove/?id={held.pk}" in page
    assert f"{LISTING}history/{held.pk}/" in page
    for text in ("About the engine", "Held thing", "On Grace&#x27;s work"):
        assert text in page
    page = client.get(f"{LISTING}?status=held").content.decode()
    assert "Held thing" in page and "About the engine" not in page
    page = client.get(f"{LISTING}?artist={grace.pk}").content.decode()
    assert "On Grace&#x27;s work" in page and "About the engine" not in page
    page = client.get(f"{LISTING}?reported=open").content.decode()
    assert "Held thing" in page and "About the engine" not in page
    page = client.get(f"{LISTING}?q=engine").content.decode()
    assert "About the engine" in page and "Held thing" not in page


def test_moderators_publish_a_held_comment(artwork, grace):
    comment = services.post(grace, artwork, "Fine after all")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    client = logged_in(moderator())
    confirm = client.get(f"/admin/bulk/comments/comment/publish/?id={comment.pk}")
    assert "Fine after all" in confirm.content.decode()
    client.post(f"/admin/bulk/comments/comment/publish/?id={comment.pk}")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert ModelLogEntry.objects.filter(action="comments.publish").exists()
    assert "Fine after all" in page_of(artwork)


def test_staff_without_the_permission_cannot_see_or_moderate_comments(artwork, grace):
    comment = services.post(grace, artwork, "Private-ish words")
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(
            content_type__app_label="comments"
        )
    )
    client = logged_in(editor)
    for response in (
        client.get(LISTING),
        client.get(f"{LISTING}inspect/{comment.pk}/"),
        client.post(f"/admin/bulk/comments/comment/remove/?id={comment.pk}"),
    ):
        assert response.status_code in (302, 403)
        assert "Private-ish words" not in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_nobody_adds_or_edits_comments_in_the_admin(artwork, grace):
    comment = services.post(grace, artwork, "Words")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = logged_in(superuser)
    assert client.get(f"{LISTING}add/").status_code in (302, 403)
    assert client.get(f"{LISTING}edit/{comment.pk}/").status_code in (302, 403)


# --- Account data -------------------------------------------------------------------------------


def test_the_account_export_has_the_members_comments(artwork, grace):
    services.post(grace, artwork, "Exported words")
    exported = account_data.export(grace)
    assert exported["comments"][0]["text"] == "Exported words"
    assert exported["comments"][0]["artwork"]["title"] == "Analytical engine"
    grace.delete()
    assert not Comment.objects.exists()
