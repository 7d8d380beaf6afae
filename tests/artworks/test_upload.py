"""Members upload, edit and delete their own work; every refusal leaves nothing behind."""

import io

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, image_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/my/artworks/upload/"


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def upload(client, image, **fields):
    data = {
        "title": "Harbour at dawn",
        "alt_text": "Boats in a grey harbour under a pink sky",
        "description": "Oil on board.",
        "tags": "oil, sea",
        **fields,
    }
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data)


def jpeg_with_private_metadata(size=(400, 200), orientation=6):
    """A 'phone photo': EXIF orientation, a GPS position, a camera serial, an XMP packet."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-12345"  # BodySerialNumber
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'
    output = io.BytesIO()
    image = Image.new("RGB", size, (10, 120, 200))
    # A red band at the top of the file's pixels: after rotating 90° clockwise it is on the right.
    image.paste((255, 0, 0), (0, 0, size[0], 20))
    image.save(output, "JPEG", exif=exif.tobytes(), xmp=xmp)
    return output.getvalue()


def assert_nothing_stored(media_files):
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []


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
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(UPLOAD_URL).content, "html.parser")
    first = soup.select_one('select[name="medium"] option')
    assert (first["value"], first.get_text()) == ("", "Not given")
    assert "---------" not in soup.select_one('select[name="medium"]').get_text()


@pytest.mark.parametrize(("size", "warned"), [((640, 480), True), ((1024, 600), False)])
def test_a_small_image_is_uploaded_with_a_warning(client, member, size, warned):
    response = upload(client, SimpleUploadedFile("a.jpg", image_bytes(size=size), "image/jpeg"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "is uploaded" in page or "has been uploaded" in page or "Harbour at dawn" in page
    warning = "This image is only 640 pixels on its longer side"
    assert (warning in page) is warned
