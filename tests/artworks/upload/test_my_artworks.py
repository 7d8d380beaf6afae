"""A member's own artworks: the list, editing and deleting."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests.artworks.upload.helpers import UPLOAD_URL, upload
from tests.factories import UserFactory, create_artwork, image_bytes
from tests.html import soup

pytestmark = pytest.mark.django_db


# --- My artworks, edit and delete ------------------------------------------------------------


def test_my_artworks_lists_every_status_newest_first_with_the_note(client, member):
    create_artwork(member, title="First work")
    create_artwork(
        member, title="Second work", status="hidden", moderation_note="Please add alt text."
    )
    create_artwork(UserFactory(), title="Someone else's")
    page = client.get("/my/artworks/").content.decode()
    assert page.index("Second work") < page.index("First work")
    assert "Someone else" not in page
    assert "Hidden" in page and "Please add alt text." in page
    assert "Published" in page


def test_owner_edits_title_and_tags_without_replacing_the_image(client, member):
    artwork = create_artwork(member, title="Old title", tags="one")
    image_id = artwork.image_id
    response = client.post(
        f"/my/artworks/{artwork.pk}/edit/",
        {"title": "New title", "alt_text": "Still the same", "description": "", "tags": "two"},
    )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.title == "New title"
    assert artwork.image_id == image_id
    assert [tag.name for tag in artwork.tags.all()] == ["two"]
    assert "New title" in client.get("/my/artworks/").content.decode()


def test_owner_replaces_the_image_and_the_old_files_go(
    client, member, media_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        artwork = create_artwork(member, title="Replace me")
    old_name = artwork.image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/my/artworks/{artwork.pk}/edit/",
            {
                "title": "Replace me",
                "alt_text": "A new picture",
                "tags": "",
                "image": SimpleUploadedFile("new.png", image_bytes(image_format="PNG")),
            },
        )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.image.file.name != old_name
    assert get_image_model().objects.count() == 1
    assert old_name not in media_files()
    assert all(not name.startswith(old_name.split("/")[-1][:20]) for name in media_files())


def test_refused_replacement_keeps_the_current_image(client, member, media_files):
    artwork = create_artwork(member, title="Keep me")
    originals = lambda: [name for name in media_files() if name.startswith("original_images/")]  # noqa: E731
    before = originals()
    response = client.post(
        f"/my/artworks/{artwork.pk}/edit/",
        {
            "title": "Keep me",
            "alt_text": "x",
            "tags": "",
            "image": SimpleUploadedFile("bad.jpg", b"not an image"),
        },
    )
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert originals() == before
    artwork.refresh_from_db()
    assert artwork.title == "Keep me"


def test_delete_asks_first_then_removes_artwork_image_and_files(
    client, member, media_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        artwork = create_artwork(member, title="Going away")
    assert media_files()
    confirm = client.get(f"/my/artworks/{artwork.pk}/delete/")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.content.decode()
    assert Artwork.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/my/artworks/{artwork.pk}/delete/")
    assert response.status_code == 302
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_another_member_gets_404_for_edit_and_delete(client, action):
    artwork = create_artwork(UserFactory(), title="Not yours")
    client.force_login(UserFactory())
    assert client.get(f"/my/artworks/{artwork.pk}/{action}/").status_code == 404
    assert client.post(f"/my/artworks/{artwork.pk}/{action}/", {"title": "x"}).status_code == 404
    artwork.refresh_from_db()
    assert artwork.title == "Not yours"


def test_deleting_the_image_in_the_library_takes_the_artwork_too():
    artwork = create_artwork(title="Linked")
    artwork.image.delete()
    assert not Artwork.objects.filter(pk=artwork.pk).exists()


def test_the_medium_is_optional_without_a_row_of_dashes(client, member):

    document = soup(client.get(UPLOAD_URL))
    first = document.select_one('select[name="medium"] option')
    assert (first["value"], first.get_text()) == ("", "Not given")
    assert "---------" not in document.select_one('select[name="medium"]').get_text()


@pytest.mark.parametrize(("size", "warned"), [((640, 480), True), ((1024, 600), False)])
def test_a_small_image_is_uploaded_with_a_warning(client, member, size, warned):
    response = upload(client, SimpleUploadedFile("a.jpg", image_bytes(size=size), "image/jpeg"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "is uploaded" in page or "has been uploaded" in page or "Harbour at dawn" in page
    warning = "This image is only 640 pixels on its longer side"
    assert (warning in page) is warned
