"""Every refusal of an upload leaves nothing behind."""

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests.artworks.upload.helpers import upload
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def assert_nothing_stored(media_files):
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []


# --- Refusals ------------------------------------------------------------------------------


REFUSED_FILES = {
    "text renamed .jpg": (
        SimpleUploadedFile,
        ("notes.jpg", b"just some text, not an image\n" * 20, "image/jpeg"),
        "not an image we can read",
    ),
    "svg with a script": (
        SimpleUploadedFile,
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
            b'<rect width="10" height="10"/></svg>',
            "image/svg+xml",
        ),
        "not accepted",
    ),
    "zero-byte file": (SimpleUploadedFile, ("empty.jpg", b"", "image/jpeg"), "empty"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_FILES))
def test_refused_file_shows_error_keeps_fields_and_stores_nothing(
    client, member, media_files, case
):
    factory, args, message = REFUSED_FILES[case]
    response = upload(client, factory(*args))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_image_error"' in page  # next to the Image field
    # What the member typed is still there.
    assert 'value="Harbour at dawn"' in page
    assert 'value="Boats in a grey harbour under a pink sky"' in page
    assert "Oil on board." in page
    assert "oil, sea" in page or "oil,sea" in page or "sea, oil" in page
    assert_nothing_stored(media_files)


def test_truncated_jpeg_is_refused_not_a_500(client, member, media_files):
    whole = image_bytes(size=(800, 600), colour=(30, 90, 160))
    response = upload(client, SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], "image/jpeg"))
    assert response.status_code == 200
    assert "damaged or incomplete" in response.content.decode()
    assert_nothing_stored(media_files)


def test_file_over_the_size_limit_is_refused(client, member, media_files, settings):
    settings.ARTWORK_MAX_UPLOAD_SIZE = 2_000
    content = image_bytes(size=(400, 400), image_format="PNG", compress_level=0)
    response = upload(client, SimpleUploadedFile("big.png", content, "image/png"))
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert_nothing_stored(media_files)


def test_image_over_the_pixel_limit_is_refused(client, member, media_files, settings):
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1_000_000
    response = upload(client, SimpleUploadedFile("wide.jpg", image_bytes(size=(2000, 1000))))
    assert response.status_code == 200
    assert "This image is too large" in response.content.decode()
    assert_nothing_stored(media_files)


def test_animated_gif_whose_frames_add_up_past_the_limit_is_refused(
    client, member, media_files, settings
):
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1_000_000
    frames = [Image.new("P", (600, 600), colour) for colour in range(5)]  # 5 × 0.36 MP
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:])
    response = upload(client, SimpleUploadedFile("anim.gif", output.getvalue(), "image/gif"))
    assert response.status_code == 200
    assert "This image is too large (1.8 megapixels)" in response.content.decode()
    assert_nothing_stored(media_files)


@pytest.mark.parametrize(
    ("missing", "message"), [("title", "This field is required"), ("alt_text", "required")]
)
def test_missing_title_or_alt_text_is_refused(client, member, media_files, missing, message):
    response = upload(
        client, SimpleUploadedFile("ok.jpg", image_bytes(), "image/jpeg"), **{missing: ""}
    )
    assert response.status_code == 200
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert_nothing_stored(media_files)


def test_missing_image_is_refused(client, member, media_files):
    response = upload(client, None)
    assert response.status_code == 200
    assert 'id="id_image_error"' in response.content.decode()
    assert_nothing_stored(media_files)


def test_title_longer_than_120_characters_is_refused(client, member, media_files):
    response = upload(client, SimpleUploadedFile("ok.jpg", image_bytes()), title="x" * 121)
    assert response.status_code == 200
    assert "at most 120 characters" in response.content.decode()
    assert_nothing_stored(media_files)


def test_failure_while_saving_removes_the_written_file(client, member, media_files, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Artwork, "save", broken_save)
    client.raise_request_exception = False
    response = upload(client, SimpleUploadedFile("ok.jpg", image_bytes(), "image/jpeg"))
    assert response.status_code == 500
    assert_nothing_stored(media_files)


def test_daily_upload_limit_is_enforced_with_a_clear_message(client, member, settings):
    settings.ARTWORK_UPLOADS_PER_DAY = 2
    for _ in range(2):
        assert upload(client, SimpleUploadedFile("ok.jpg", image_bytes())).status_code == 302
    response = upload(client, SimpleUploadedFile("ok.jpg", image_bytes()))
    assert response.status_code == 200
    assert "the daily limit" in response.content.decode()
    assert Artwork.objects.count() == 2
