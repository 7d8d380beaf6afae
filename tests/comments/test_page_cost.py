"""What comments cost the artwork page, and the page cache."""

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment
from tests.comments.helpers import logged_in, moderator, page_of, post_comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
