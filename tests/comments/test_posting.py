"""Posting and replying, the 2,000-character limit, the rate limit and CSRF; and how a comment is
rendered."""

import pytest

from django.test import Client

from artworks.models import Artwork
from comments import services
from comments.models import Comment
from comments.signals import comment_posted
from comments.templatetags.comment_tags import comment_body
from tests.comments.helpers import comment_url, logged_in, page_of, post_comment
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


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
