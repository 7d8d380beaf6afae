"""What a moderator reads after a bulk decision in the admin: the number of objects, in the
singular or the plural (core.admin_moderation.StatusBulkAction.success_message)."""

import pytest

from django.contrib.messages import get_messages

from artworks.models import Artwork
from comments import services
from comments.models import Comment
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


def message_after(response):
    """The newest message (the earlier ones wait, unread, for the next page)."""
    assert response.status_code == 302
    # Wagtail renders the message with the (empty) space for its buttons after it.
    return str(list(get_messages(response.wsgi_request))[-1]).strip()


def test_bulk_artwork_decisions_say_how_many_works_they_changed(client, moderator):
    artist = UserFactory()
    first, second = create_artwork(artist, title="First"), create_artwork(artist, title="Second")

    hide = f"/admin/bulk/artworks/artwork/hide/?id={first.pk}&id={second.pk}"
    assert message_after(client.post(hide, {"moderation_note": "Spam"})) == "2 artworks hidden."
    publish = f"/admin/bulk/artworks/artwork/publish/?id={first.pk}"
    assert message_after(client.post(publish)) == "1 artwork published."

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Artwork.Status.PUBLISHED, Artwork.Status.HIDDEN)
    assert second.moderation_note == "Spam"


def test_bulk_comment_decisions_say_how_many_comments_they_changed(client, moderator):
    artwork = create_artwork(UserFactory(), title="Commented")
    author = UserFactory()
    first = services.post(author, artwork, "First words")
    second = services.post(author, artwork, "Second words")

    remove = f"/admin/bulk/comments/comment/remove/?id={first.pk}&id={second.pk}"
    assert (
        message_after(client.post(remove, {"moderation_note": "Off topic"}))
        == "2 comments removed."
    )
    publish = f"/admin/bulk/comments/comment/publish/?id={second.pk}"
    assert message_after(client.post(publish)) == "1 comment published."

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Comment.Status.REMOVED, Comment.Status.PUBLISHED)
