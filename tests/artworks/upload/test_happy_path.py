"""Members upload their work: the happy path."""

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.models import Artwork
from tests.artworks.upload.helpers import UPLOAD_URL, jpeg_with_private_metadata, upload
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


# --- The happy path ----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_and_back(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/my/artworks/upload/"


def test_upload_form_states_formats_and_limits_before_upload(client, member):
    page = client.get(UPLOAD_URL).content.decode()
    assert "JPEG, PNG, GIF, WebP, AVIF or HEIC" in page
    assert "up to 25.0\xa0MB and 60 megapixels" in page
    assert page.count("up to 25.0\xa0MB and 60 megapixels") == 1  # said once, by the field
    for label in ("Title", "Image", "Alt text", "Description", "Tags"):
        assert f">{label}" in page
    assert "Describe the work for people who cannot see it" in page


def test_upload_creates_artwork_in_member_uploads_collection(client, member, media_files):
    response = upload(client, SimpleUploadedFile("photo.jpg", image_bytes(), "image/jpeg"))
    assert response.status_code == 302
    assert response["Location"] == "/my/artworks/"

    artwork = Artwork.objects.get()
    assert artwork.title == "Harbour at dawn"
    assert artwork.artist == member
    assert artwork.status == Artwork.Status.PUBLISHED
    assert sorted(tag.name for tag in artwork.tags.all()) == ["oil", "sea"]
    assert artwork.image.collection.name == "Member uploads"
    assert artwork.image.uploaded_by_user == member
    assert artwork.image.file.name.startswith("original_images/")
    assert "photo" not in artwork.image.file.name  # the stored name is generated

    listing = client.get("/my/artworks/").content.decode()
    assert "Harbour at dawn" in listing
    assert "is now in the gallery" in listing


@pytest.mark.parametrize(
    ("image_format", "expected_stored"),
    [
        ("JPEG", "jpg"),
        ("PNG", "png"),
        ("GIF", "gif"),
        ("WEBP", "webp"),
        ("AVIF", "avif"),
        ("HEIF", "jpg"),
    ],
)
def test_each_accepted_format_is_stored(client, member, image_format, expected_stored):
    import pillow_heif

    pillow_heif.register_heif_opener()
    content = image_bytes(size=(300, 200), image_format=image_format)
    response = upload(client, SimpleUploadedFile("upload.bin", content, "application/octet-stream"))
    assert response.status_code == 302, response.content.decode()
    stored = Artwork.objects.get().image.file.name
    assert stored.endswith("." + expected_stored)


def test_a_real_png_named_jpg_is_accepted_by_its_content(client, member):
    content = image_bytes(image_format="PNG")
    response = upload(client, SimpleUploadedFile("really-a-png.jpg", content, "text/html"))
    assert response.status_code == 302
    assert Artwork.objects.get().image.file.name.endswith(".png")


def test_phone_photo_is_upright_and_carries_no_private_metadata(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client, SimpleUploadedFile("IMG_0001.jpg", jpeg_with_private_metadata(), "image/jpeg")
        )
    assert response.status_code == 302
    image = Artwork.objects.get().image

    # Orientation applied: the 400×200 landscape is stored as the 200×400 portrait it shows.
    assert (image.width, image.height) == (200, 400)
    renditions = list(image.renditions.all())
    assert len(renditions) >= 5  # generated after upload, ahead of any visitor
    for stored in [image.file, *(rendition.file for rendition in renditions)]:
        with stored.storage.open(stored.name) as handle:
            data = handle.read()
        assert b"SERIAL-12345" not in data
        assert b"secret-location" not in data
        assert b"PhoneMaker" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif(), stored.name
            assert "xmp" not in picture.info
            assert picture.width < picture.height
    with image.file.storage.open(image.file.name) as handle, Image.open(handle) as original:
        # The red band the camera drew along the top is on the right once turned upright.
        assert original.convert("RGB").getpixel((original.width - 5, 200))[0] > 200


def test_tags_are_searchable_right_after_upload(client, member):
    upload(client, SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg"), tags="cyanotype")
    page = client.get("/gallery/?q=cyanotype").content.decode()
    assert "Harbour at dawn" in page
