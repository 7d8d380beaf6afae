"""The edit and delete windows, and the artist's switches for comments on their work."""

from datetime import timedelta

import pytest

from django.utils import timezone

from wagtail.models import ModelLogEntry

from artworks.models import Artwork
from comments import services
from comments.models import Comment
from tests.comments.helpers import logged_in, page_of, post_comment
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    comment.refresh_from_db()


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
