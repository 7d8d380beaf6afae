"""Adding an extra image: the same cleaning, limits and failure handling as the main image, and the
multi-file uploader's JSON endpoint."""

import io
import re

import pytest
from PIL import Image

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from tests.artworks.extra_images.helpers import add_url, post_extra
from tests.artworks.upload.helpers import jpeg_with_private_metadata
from tests.factories import (
    UserFactory,
    add_extra_image,
    create_artwork,
    image_bytes,
    uploaded_image,
)

pytestmark = pytest.mark.django_db


# --- Adding: the same cleaning, limits and failure handling as the main image --------------------


def test_member_adds_an_extra_image_from_the_edit_page(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Hands")
    page = client.get(artwork.get_edit_url()).content.decode()
    assert "More images of this work" in page
    assert f'action="{add_url(artwork)}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = post_extra(client, artwork)
    assert response.status_code == 302
    assert response["Location"] == f"{artwork.get_edit_url()}#more-images"
    extra = artwork.extra_images.get()
    assert (extra.alt_text, extra.caption) == ("The hands, close up", "Detail")
    # Stored like the main image: in "Member uploads", a generated name, renditions made by
    # the upload task.
    assert extra.image.collection.name == "Member uploads"
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.jpg", extra.image.file.name)
    assert extra.image.renditions.count() >= 5
    edit_page = client.get(artwork.get_edit_url()).content.decode()
    assert 'alt="The hands, close up"' in edit_page and "Preparing the image" not in edit_page


def test_extra_image_carries_no_private_metadata_and_is_upright(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member)
    with django_capture_on_commit_callbacks(execute=True):
        post_extra(
            client,
            artwork,
            SimpleUploadedFile("IMG_0002.jpg", jpeg_with_private_metadata(), "image/jpeg"),
        )
    image = artwork.extra_images.get().image
    assert (image.width, image.height) == (200, 400)
    for stored in [image.file, *(rendition.file for rendition in image.renditions.all())]:
        with stored.storage.open(stored.name) as handle:
            data = handle.read()
        assert b"SERIAL-12345" not in data and b"secret-location" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif(), stored.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"just text, not an image"), "not an image we can read"),
        (SimpleUploadedFile("cut.jpg", image_bytes()[:600]), "damaged or incomplete"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(
    client, member, media_files, upload, message
):
    artwork = create_artwork(member)
    before = media_files()
    response = post_extra(client, artwork, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArtworkImage.objects.exists()
    assert media_files() == before


def test_the_size_and_pixel_limits_apply(client, member, media_files, settings):
    artwork = create_artwork(member)
    before = media_files()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 1000
    response = post_extra(client, artwork)
    assert "This file is too big" in response.content.decode()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1000
    response = post_extra(client, artwork)
    assert "This image is too large" in response.content.decode()
    assert not ArtworkImage.objects.exists() and media_files() == before


def test_alt_text_is_required_and_one_line(client, member, media_files):
    artwork = create_artwork(member)
    before = media_files()
    assert "This field is required" in post_extra(client, artwork, alt_text="").content.decode()
    response = post_extra(client, artwork, alt_text="two\nlines")
    assert "Keep this to one line" in response.content.decode()
    assert not ArtworkImage.objects.exists() and media_files() == before


def test_the_eleventh_image_is_refused_with_a_clear_message(client, member, media_files):
    artwork = create_artwork(member)
    for number in range(10):
        add_extra_image(artwork, alt_text=f"View {number}")
    page = client.get(artwork.get_edit_url()).content.decode()
    assert "the most it can have" in page
    before = media_files()
    response = post_extra(client, artwork)
    assert response.status_code == 400
    assert "This work has 10 more images already" in response.content.decode()
    response = post_extra(client, artwork, json=True)
    assert response.json()["errors"]["__all__"][0].startswith("This work has 10 more images")
    assert artwork.extra_images.count() == 10 and media_files() == before


def test_extra_images_count_in_the_daily_upload_limit(client, member, settings):
    settings.ARTWORK_UPLOADS_PER_DAY = 3
    artwork = create_artwork(member)
    assert post_extra(client, artwork).status_code == 302
    assert post_extra(client, artwork).status_code == 302
    response = post_extra(client, artwork)
    assert "the daily limit" in response.content.decode()
    # A new work is refused too: one work and two extra images make three.
    response = client.post(
        "/my/artworks/upload/", {"title": "One more", "alt_text": "x", "image": uploaded_image()}
    )
    assert "the daily limit" in response.content.decode()
    assert artwork.extra_images.count() == 2 and Artwork.objects.count() == 1


def test_too_many_attempts_are_refused_before_decoding(client, member, settings, decoded_sizes):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "1/h"
    artwork = create_artwork(member)
    decoded_sizes.clear()
    assert post_extra(client, artwork).status_code == 302
    decoded_sizes.clear()
    response = post_extra(client, artwork, json=True)
    assert response.status_code == 429
    assert "too many uploads" in str(response.json()["errors"])
    assert decoded_sizes == []


def test_a_full_disk_leaves_no_file_and_no_row(client, member, media_files, monkeypatch):
    artwork = create_artwork(member)
    before = media_files()

    def disk_full(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = post_extra(client, artwork)
    assert response.status_code == 400
    assert "We could not store your file just now" in response.content.decode()
    assert not ArtworkImage.objects.exists()
    assert get_image_model().objects.count() == 1 and media_files() == before


def test_a_failure_after_the_file_is_written_removes_it(client, member, media_files, monkeypatch):
    artwork = create_artwork(member)
    before = media_files()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ArtworkImage, "save", broken_save)
    client.raise_request_exception = False
    assert post_extra(client, artwork).status_code == 500
    assert not ArtworkImage.objects.exists()
    assert get_image_model().objects.count() == 1 and media_files() == before


# --- The JSON endpoint the multi-file uploader uses ----------------------------------------------


def test_json_endpoint_answers_ok_with_the_id(client, member):
    artwork = create_artwork(member)
    response = post_extra(client, artwork, json=True)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "id": artwork.extra_images.get().pk}


def test_json_endpoint_answers_errors_by_field(client, member):
    artwork = create_artwork(member)
    response = post_extra(client, artwork, image=False, alt_text="", json=True)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert set(body["errors"]) == {"image", "alt_text"}


def test_another_members_work_is_404(client, member):
    other_work = create_artwork(UserFactory())
    assert post_extra(client, other_work).status_code == 404
    assert post_extra(client, other_work, json=True).status_code == 404
    extra = add_extra_image(other_work)
    base = f"/my/artworks/{other_work.pk}/images/{extra.pk}/"
    assert client.post(base, {"alt_text": "mine now"}).status_code == 404
    assert client.post(f"{base}move/", {"direction": "up"}).status_code == 404
    assert client.post(f"{base}delete/").status_code == 404
    assert ArtworkImage.objects.get().alt_text == "A detail of the work"
