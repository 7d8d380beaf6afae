"""Comments on artworks: posting and replying, the 2,000-character limit, the rate limit and
CSRF, the edit and delete windows, the artist's switches and deletions, safe rendering,
review, reports and the moderators' admin listing, query counts and the page cache."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from artworks.models import Artwork, ReviewSettings
from comments import account_data, services
from comments.models import Comment
from comments.signals import comment_posted
from comments.templatetags.comment_tags import comment_body
from core.public_cache import public_version
from reports.models import Report
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/comments/comment/"


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def artwork(ada):
    return create_artwork(ada, title="Analytical engine")


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def comment_url(artwork):
    return f"/artworks/{artwork.pk}/comments/"


def post_comment(client, artwork, body="What a lovely engine.", **data):
    return client.post(comment_url(artwork), {"body": body, **data})


def page_of(artwork, client=None):
    return (client or Client()).get(artwork.get_absolute_url()).content.decode()


def turn_review(on):
    settings = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_new_uploads = on
    settings.save()


def established_member(**fields):
    return UserFactory(date_joined=timezone.now() - timedelta(days=40), **fields)


def moderator():
    user = UserFactory(display_name="Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    comment.refresh_from_db()


# --- Posting and replying --------------------------------------------------------------------


def test_a_member_comments_and_everyone_sees_it(artwork, grace):
    response = post_comment(logged_in(grace), artwork)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{artwork.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author, comment.artwork, comment.status) == (grace, artwork, "published")
    page = page_of(artwork)
    assert "Comments (1)" in page
    assert "What a lovely engine." in page
    assert f'id="comment-{comment.pk}"' in page
    assert "Grace Hopper" in page
    assert "<time datetime=" in page


def test_the_member_is_told_their_comment_is_posted(artwork, grace):
    client = logged_in(grace)
    post_comment(client, artwork)
    assert "Your comment is posted." in page_of(artwork, client)


def test_a_reply_hangs_under_its_comment(artwork, ada, grace):
    comment = services.post(grace, artwork, "First!")
    response = post_comment(logged_in(ada), artwork, "Thank you, Grace.", parent=comment.pk)
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.author == ada
    page = page_of(artwork)
    assert "Comments (2)" in page
    assert 'class="comment-replies"' in page
    assert page.index("First!") < page.index("Thank you, Grace.")


def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(artwork, ada, grace):
    comment = services.post(grace, artwork, "First!")
    reply = services.post(ada, artwork, "Thanks", parent=comment)
    post_comment(logged_in(grace), artwork, "You are welcome", parent=reply.pk)
    answer = Comment.objects.get(body="You are welcome")
    assert answer.parent == comment


def test_a_reply_to_a_comment_on_another_work_is_refused(artwork, ada, grace):
    other = create_artwork(ada, title="Other")
    comment = services.post(grace, other, "On the other work")
    response = post_comment(logged_in(grace), artwork, "Sneaky", parent=comment.pk)
    assert response.status_code == 400
    assert "is not there any more" in response.content.decode()
    assert not Comment.objects.filter(body="Sneaky").exists()


def test_posting_sends_comment_posted_inside_the_transaction(artwork, ada, grace):
    received = []

    def receiver(sender, comment, **kwargs):
        received.append((comment.body, comment.parent_id))

    comment_posted.connect(receiver)
    try:
        comment = services.post(grace, artwork, "Hello")
        services.post(ada, artwork, "Hi", parent=comment)
    finally:
        comment_posted.disconnect(receiver)
    assert received == [("Hello", None), ("Hi", comment.pk)]


def test_an_empty_comment_gets_a_message_next_to_the_field(artwork, grace):
    response = post_comment(logged_in(grace), artwork, "   \n  ")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write something before posting." in page
    assert 'id="id_body_error"' in page
    assert not Comment.objects.exists()


def test_2000_characters_are_accepted_and_2001_refused(artwork, grace):
    client = logged_in(grace)
    response = post_comment(client, artwork, "x" * 2001)
    assert response.status_code == 200
    assert "Keep your comment to 2,000 characters (it has 2,001)." in response.content.decode()
    assert not Comment.objects.exists()
    assert post_comment(client, artwork, "x" * 2000).status_code == 302
    assert len(Comment.objects.get().body) == 2000


def test_anonymous_visitors_are_sent_to_log_in(artwork):
    response = post_comment(Client(), artwork)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.exists()


def test_a_member_without_a_confirmed_email_is_asked_to_confirm_it(artwork):
    unconfirmed = UserFactory(verified_email=False)
    response = post_comment(logged_in(unconfirmed), artwork)
    assert response.status_code == 403
    assert "Confirm your email" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_on_hidden_or_unknown_work_are_404(ada, grace):
    hidden = create_artwork(ada, status=Artwork.Status.HIDDEN)
    client = logged_in(grace)
    assert post_comment(client, hidden).status_code == 404
    assert client.post("/artworks/999999/comments/", {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_get_is_not_a_comment(artwork, grace):
    assert logged_in(grace).get(comment_url(artwork)).status_code == 405


def test_csrf_is_required(artwork, grace):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(grace)
    assert post_comment(strict, artwork).status_code == 403
    assert not Comment.objects.exists()


def test_comments_beyond_the_rate_limit_get_429_and_post_nothing(artwork, grace, settings):
    settings.COMMENT_RATE_LIMIT = "2/h"
    client = logged_in(grace)
    post_comment(client, artwork, "One")
    post_comment(client, artwork, "Two")
    response = post_comment(client, artwork, "Three")
    assert response.status_code == 429
    assert "many comments in a short time" in response.content.decode()
    # What they wrote is still in the form, to post later.
    assert "Three</textarea>" in response.content.decode()
    assert Comment.objects.count() == 2


# --- Editing and deleting -----------------------------------------------------------------------


def test_the_author_edits_within_15_minutes_and_the_page_says_edited(artwork, grace):
    comment = services.post(grace, artwork, "Typo hre")
    client = logged_in(grace)
    assert "Typo hre" in client.get(f"/comments/{comment.pk}/edit/").content.decode()
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Typo here"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.body == "Typo here"
    assert comment.edited_at is not None
    page = page_of(artwork)
    assert "Typo here" in page
    assert "· edited" in page


def test_editing_after_15_minutes_is_refused(artwork, grace):
    comment = services.post(grace, artwork, "Old words")
    age(comment, 16)
    client = logged_in(grace)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "New words"})
    assert response.status_code == 403
    assert "for 15 minutes after it is posted" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Old words"
    assert f"/comments/{comment.pk}/edit/" not in page_of(artwork, client)


def test_nobody_else_edits_a_comment(artwork, ada, grace):
    comment = services.post(grace, artwork, "Mine")
    for other in (ada, UserFactory()):
        response = logged_in(other).post(f"/comments/{comment.pk}/edit/", {"body": "Theirs"})
        assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_an_edit_gets_the_same_length_check(artwork, grace):
    comment = services.post(grace, artwork, "Short")
    response = logged_in(grace).post(f"/comments/{comment.pk}/edit/", {"body": "y" * 2001})
    assert response.status_code == 200
    assert "Keep your comment to 2,000 characters" in response.content.decode()


def test_the_author_deletes_within_15_minutes(artwork, grace):
    comment = services.post(grace, artwork, "Regret")
    client = logged_in(grace)
    assert "Delete the comment?" in client.get(f"/comments/{comment.pk}/delete/").content.decode()
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "Regret" not in page_of(artwork)


def test_the_author_cannot_delete_after_15_minutes(artwork, grace):
    comment = services.post(grace, artwork, "Staying")
    age(comment, 20)
    response = logged_in(grace).post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_the_artist_deletes_any_comment_on_their_own_work_and_it_is_logged(artwork, ada, grace):
    comment = services.post(grace, artwork, "Rude words")
    services.post(ada, artwork, "Please be kind", parent=comment)
    age(comment, 60 * 24)
    client = logged_in(ada)
    assert f"/comments/{comment.pk}/delete/" in page_of(artwork, client)
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    # The reply goes with its comment.
    assert not Comment.objects.exists()
    entry = ModelLogEntry.objects.get(action="comments.delete_by_artist")
    assert entry.user == ada


def test_an_artist_cannot_delete_comments_on_someone_elses_work(ada, grace):
    other_work = create_artwork(grace, title="Grace's")
    comment = services.post(UserFactory(), other_work, "Hello")
    assert logged_in(ada).post(f"/comments/{comment.pk}/delete/").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


# --- Switches ---------------------------------------------------------------------------------


def test_the_artist_turns_comments_off_for_one_work_and_old_ones_stay(artwork, ada, grace):
    services.post(grace, artwork, "Before")
    client = logged_in(ada)
    edit = client.get(f"/my/artworks/{artwork.pk}/edit/").content.decode()
    assert "Allow comments on this work" in edit
    Artwork.objects.filter(pk=artwork.pk).update(comments_enabled=False)
    artwork.refresh_from_db()
    page = page_of(artwork, logged_in(grace))
    assert "Before" in page
    assert "Comments are turned off for this work." in page
    assert 'class="comment-form"' not in page
    assert "Post reply" not in page
    response = post_comment(logged_in(grace), artwork, "After")
    assert response.status_code == 403
    assert not Comment.objects.filter(body="After").exists()


def test_the_upload_form_has_no_switch_and_new_work_takes_comments(client, grace):
    client.force_login(grace)
    assert "Allow comments on this work" not in client.get("/my/artworks/upload/").content.decode()
    assert create_artwork(grace).comments_enabled is True


def test_the_artist_turns_comments_off_for_all_their_work(artwork, ada, grace):
    client = logged_in(ada)
    profile = client.get("/my/profile/").content.decode()
    assert "Allow comments on my work" in profile
    response = client.post(
        "/my/profile/", {"display_name": "Ada Lovelace", "bio": "", "location": ""}
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.allow_comments is False
    assert "Comments are turned off for this work." in page_of(artwork)
    assert post_comment(logged_in(grace), artwork).status_code == 403


# --- Rendering ----------------------------------------------------------------------------------


def test_a_comment_never_carries_html_and_links_are_marked_as_user_content(artwork, grace):
    body = (
        '<script>alert("x")</script> <b>bold</b>\n'
        "See https://example.com/a?b=1&c=2. And javascript:alert(1) or "
        'http://x.example/"onmouseover="alert(1)\nSecond line'
    )
    services.post(grace, artwork, body)
    page = page_of(artwork)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="ugc nofollow noopener">'
        "https://example.com/a?b=1&amp;c=2</a>." in page
    )
    assert 'href="javascript:' not in page
    assert "onmouseover=" not in page.replace("&quot;onmouseover=&quot;", "")
    assert "<br>\nSecond line" in page


def test_only_web_addresses_become_links():
    html = comment_body("mail me@example.com, see example.com, data:text/html,x, ftp://f.example")
    assert "<a " not in html
    html = comment_body("(see https://en.wikipedia.org/wiki/Engine_(x)) and https://a.example/,")
    assert 'href="https://en.wikipedia.org/wiki/Engine_(x)"' in html
    assert 'href="https://a.example/"' in html


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


# --- Cost and the page cache -------------------------------------------------------------------


def add_comments(artwork, count):
    authors = type(artwork.artist).objects.bulk_create(UserFactory.build() for _ in range(3))
    comments = Comment.objects.bulk_create(
        Comment(artwork=artwork, author=authors[n % 3], body=f"Bulk {n}") for n in range(count)
    )
    Comment.objects.bulk_create(
        Comment(artwork=artwork, author=authors[0], parent=c, body="Reply") for c in comments[:5]
    )


def page_queries(client, artwork):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(artwork.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_member", [False, True])
def test_the_artwork_page_costs_the_same_for_5_and_500_comments(
    artwork, grace, settings, as_member
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client = logged_in(grace) if as_member else Client()
    add_comments(artwork, 5)
    client.get(artwork.get_absolute_url())
    with_5 = page_queries(client, artwork)
    add_comments(artwork, 495)
    client.get(artwork.get_absolute_url())
    with_500 = page_queries(client, artwork)
    assert with_5 == with_500
    assert "Comments (510)" in client.get(artwork.get_absolute_url()).content.decode()


def test_the_cached_page_shows_a_new_edited_or_removed_comment_at_once(artwork, grace):
    visitor = Client()
    assert visitor.get(artwork.get_absolute_url())["X-Page-Cache"] == "miss"
    assert visitor.get(artwork.get_absolute_url())["X-Page-Cache"] == "hit"
    member = logged_in(grace)
    post_comment(member, artwork, "Fresh words")
    comment = Comment.objects.get()
    assert "Fresh words" in page_of(artwork, visitor)
    member.post(f"/comments/{comment.pk}/edit/", {"body": "Fresher words"})
    assert "Fresher words" in page_of(artwork, visitor)
    logged_in(moderator()).post(f"/admin/bulk/comments/comment/remove/?id={comment.pk}")
    assert "Fresher words" not in page_of(artwork, visitor)


def test_anonymous_visitors_share_one_cached_page_without_forms(artwork, grace):
    services.post(grace, artwork, "Hello")
    first, second = Client(), Client()
    miss = first.get(artwork.get_absolute_url())
    hit = second.get(artwork.get_absolute_url())
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    page = hit.content.decode()
    assert "Log in to comment" in page
    assert "csrfmiddlewaretoken" not in page
    assert "/edit/" not in page.split('id="comments"')[1]
