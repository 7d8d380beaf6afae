"""Image files written through the Wagtail admin (artworks/admin_images.py): a member's image
keeps its file whoever edits it there, while every other file an editor uploads, on any of
the admin's paths, is cleaned as a member's upload is (orientation applied, metadata dropped,
rebuilt from pixels, stored under a generated name)."""

import io
import re

import pytest
from PIL import Image as PILImage

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from artworks.admin_images import MEMBER_IMAGE_MESSAGE
from artworks.uploads import member_uploads_collection
from tests.factories import UserFactory, add_extra_image, create_artwork, image_bytes
from tests.html import soup, text

pytestmark = pytest.mark.django_db

Image = get_image_model()
IMAGES_URL = "/admin/images/"
GENERATED_NAME = re.compile(r"original_images/[0-9a-f]{32}\.jpg")


def jpeg_with_gps(size=(400, 300), orientation=None):
    """A phone photo with a GPS position, a camera serial and an XMP packet (and, if given, an
    EXIF orientation the stored copy must apply)."""
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-12345"  # BodySerialNumber
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'
    output = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(output, "JPEG", exif=exif.tobytes(), xmp=xmp)
    return output.getvalue()


def gps_upload(name="gps.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_with_gps(**kwargs), content_type="image/jpeg")


def assert_clean(image):
    """The stored original has a generated name and nothing but pixels."""
    assert GENERATED_NAME.fullmatch(image.file.name), image.file.name
    with image.open_file() as file:
        data = file.read()
    for secret in (b"SERIAL-12345", b"PhoneMaker", b"secret-location", b"Exif"):
        assert secret not in data
    with PILImage.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
        assert "xmp" not in stored.info


def text_of(response):
    return text(response)


def field_errors(response):
    """The messages shown next to the form's fields."""
    document = soup(response)
    return [error.get_text(" ", strip=True) for error in document.select(".error-message")]


def originals(names):
    return [name for name in names if name.startswith("original_images/")]


def assert_files_kept(media_files, before):
    """No file removed and no new original stored (the admin's edit page, shown again with
    the error, makes its own preview rendition)."""
    now = media_files()
    assert set(before) <= set(now)
    assert originals(now) == originals(before)


def stored_bytes(image):
    with image.open_file() as file:
        return file.read()


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    """A member of Wagtail's own "Editors" group: add, change, choose and delete rights on
    images in the Root collection, so in "Member uploads" too."""
    user = UserFactory(username="ed")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture(params=["editor", "superuser"])
def staff(request):
    return request.getfixturevalue(request.param)


def edit_data(image, **changes):
    return {
        "title": image.title,
        "collection": image.collection_id,
        "tags": "",
        "description": image.description,
        "focal_point_x": "",
        "focal_point_y": "",
        "focal_point_width": "",
        "focal_point_height": "",
        **changes,
    }


def post_edit(client, image, **changes):
    return client.post(f"{IMAGES_URL}{image.pk}/", edit_data(image, **changes))


# --- A member's image keeps its file -----------------------------------------------------------


def test_replacing_the_file_of_a_members_work_is_refused_and_the_work_keeps_its_image(
    client, staff, media_files
):
    artwork = create_artwork(UserFactory(username="lena"), title="Harbour at dawn")
    image = artwork.image
    original = stored_bytes(image)
    files_before = media_files()

    response = post_edit(client, image, file=gps_upload(), title="Replaced")

    assert response.status_code == 200
    assert MEMBER_IMAGE_MESSAGE in field_errors(response)
    image.refresh_from_db()
    assert image.title == "Harbour at dawn"  # nothing of the refused form was saved
    assert stored_bytes(image) == original
    assert_files_kept(media_files, files_before)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Preparing the image…" not in page
    assert image.renditions.get(filter_spec="format-jpeg|max-800x800").url in page


def test_the_edit_page_of_a_members_image_says_its_file_is_the_members(client, editor):
    artwork = create_artwork(UserFactory(username="lena"), title="Harbour at dawn")

    response = client.get(f"{IMAGES_URL}{artwork.image_id}/")

    document = soup(response)
    assert document.select_one("input[type=file][name=file]").has_attr("disabled")
    helps = [help_text.get_text(strip=True) for help_text in document.select(".w-field__help")]
    assert MEMBER_IMAGE_MESSAGE in helps
    assert field_errors(response) == []
    assert not document.select_one("input[name=title]").has_attr("disabled")


def test_a_damaged_file_sent_for_a_members_image_is_refused_as_the_members(client, editor):
    artwork = create_artwork(UserFactory(username="lena"), title="Harbour at dawn")
    damaged = SimpleUploadedFile("d.jpg", image_bytes()[:600], content_type="image/jpeg")

    response = post_edit(client, artwork.image, file=damaged)

    assert response.status_code == 200
    assert field_errors(response) == [MEMBER_IMAGE_MESSAGE]


def test_replacing_the_file_of_a_works_extra_image_is_refused(client, staff, media_files):
    artwork = create_artwork(UserFactory(username="lena"), title="Many views")
    extra = add_extra_image(artwork, alt_text="The back of the canvas")
    files_before = media_files()

    response = post_edit(client, extra.image, file=gps_upload())

    assert response.status_code == 200
    assert MEMBER_IMAGE_MESSAGE in field_errors(response)
    assert_files_kept(media_files, files_before)


def test_a_members_image_moved_to_another_collection_still_keeps_its_file(
    client, editor, media_files
):
    # Moving the image out of "Member uploads" first does not open the way to its file.
    artwork = create_artwork(UserFactory(username="lena"), title="Harbour at dawn")
    root = Collection.get_first_root_node()
    assert post_edit(client, artwork.image, collection=root.pk).status_code == 302
    files_before = media_files()

    response = post_edit(client, Image.objects.get(pk=artwork.image_id), file=gps_upload())

    assert response.status_code == 200
    assert MEMBER_IMAGE_MESSAGE in field_errors(response)
    assert_files_kept(media_files, files_before)


def test_a_members_avatar_keeps_its_file_too(client, editor, media_files):
    member = UserFactory(username="lena")
    avatar = Image.objects.create(
        title="Avatar of lena",
        file=SimpleUploadedFile("a.jpg", image_bytes()),
        collection=Collection.get_first_root_node(),  # wherever it has been moved to
    )
    member.avatar_image = avatar
    member.save(update_fields=["avatar_image"])
    files_before = media_files()

    response = post_edit(client, avatar, file=gps_upload())

    assert MEMBER_IMAGE_MESSAGE in field_errors(response)
    assert_files_kept(media_files, files_before)


def test_the_title_and_alt_text_of_a_members_image_stay_editable(client, staff, media_files):
    artwork = create_artwork(UserFactory(username="lena"), title="Harbour at dawn")
    image = artwork.image
    files_before = media_files()

    response = post_edit(client, image, title="Harbour (library copy)", description="Boats")

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.title, image.description) == ("Harbour (library copy)", "Boats")
    assert_files_kept(media_files, files_before)
    assert "Preparing the image…" not in client.get(artwork.get_absolute_url()).content.decode()


# --- Every other admin upload is cleaned -------------------------------------------------------


def test_an_editors_new_image_is_cleaned_turned_upright_and_renamed(client, editor):
    response = client.post(
        f"{IMAGES_URL}add/",
        {
            "title": "Opening night",
            "collection": Collection.get_first_root_node().pk,
            "file": gps_upload(orientation=6),  # "rotate 90° clockwise to view"
        },
    )

    assert response.status_code == 302
    image = Image.objects.get(title="Opening night")
    assert_clean(image)
    assert (image.width, image.height) == (300, 400)
    assert image.uploaded_by_user == editor


def test_replacing_the_file_of_an_editors_image_stores_a_clean_copy_and_drops_the_old(
    client, editor, media_files
):
    image = Image.objects.create(
        title="Poster",
        file=SimpleUploadedFile("poster.jpg", image_bytes()),
        collection=Collection.get_first_root_node(),
    )
    old_name = image.file.name

    response = post_edit(client, image, file=gps_upload())

    assert response.status_code == 302
    image.refresh_from_db()
    assert_clean(image)
    assert old_name not in media_files()
    assert media_files() == [image.file.name]


def test_the_multiple_uploader_stores_a_clean_copy(client, editor):
    response = client.post(
        f"{IMAGES_URL}multiple/add/",
        {
            "title": "gps",
            "collection": Collection.get_first_root_node().pk,
            "files[]": gps_upload(),
        },
    )

    assert response.status_code == 200 and response.json()["success"] is True
    assert_clean(Image.objects.get(title="gps"))


def test_the_multiple_uploaders_edit_form_after_upload_saves_the_title(client, editor):
    # Its form leaves the file out: the file field this form swaps in must not come back.
    root = Collection.get_first_root_node().pk
    client.post(f"{IMAGES_URL}multiple/add/", {"collection": root, "files[]": gps_upload()})
    image = Image.objects.get()
    prefix = f"image-{image.pk}"

    response = client.post(
        f"{IMAGES_URL}multiple/{image.pk}/",
        {f"{prefix}-title": "Opening night", f"{prefix}-collection": root, f"{prefix}-tags": ""},
    )

    assert response.json()["success"] is True
    image.refresh_from_db()
    assert image.title == "Opening night"
    assert_clean(image)


@pytest.mark.parametrize("url", ["add/", "multiple/add/"])
def test_the_admins_upload_pages_state_the_limits_of_a_members_upload(client, editor, url):
    response = client.get(f"{IMAGES_URL}{url}")

    assert response.status_code == 200
    assert "JPEG, PNG, GIF, WebP, AVIF or HEIC" in text_of(response)


def test_the_multiple_uploader_keeps_no_raw_file_when_another_field_is_wrong(
    client, editor, media_files
):
    # A collection the editor may not add to: Wagtail would keep the upload as it came (an
    # UploadedFile) to make an image of it later; the file is refused instead.
    response = client.post(
        f"{IMAGES_URL}multiple/add/",
        {"title": "gps", "collection": 999999, "files[]": gps_upload()},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert (
        "The file was not saved: correct the other fields (Collection)" in answer["error_message"]
    )
    assert not UploadedFile.objects.exists()
    assert not Image.objects.exists()
    assert media_files() == []


def test_the_choosers_upload_tab_stores_a_clean_copy(client, editor):
    response = client.post(
        f"{IMAGES_URL}chooser/create/",
        {
            "image-chooser-upload-title": "Flyer",
            "image-chooser-upload-collection": Collection.get_first_root_node().pk,
            "image-chooser-upload-file": gps_upload(),
        },
    )

    assert response.status_code == 200
    assert_clean(Image.objects.get(title="Flyer"))


def test_an_editors_image_added_to_member_uploads_is_cleaned_too(client, superuser):
    response = client.post(
        f"{IMAGES_URL}add/",
        {"title": "Stray", "collection": member_uploads_collection().pk, "file": gps_upload()},
    )

    assert response.status_code == 302
    assert_clean(Image.objects.get(title="Stray"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (image_bytes()[:600], "This image file is damaged or incomplete."),
        (b"%PDF-1.4\n" + b"0" * 200, "PDF files are not accepted."),
    ],
)
def test_a_bad_file_in_the_admin_is_refused_next_to_the_field_and_nothing_is_stored(
    client, editor, media_files, content, message
):
    response = client.post(
        f"{IMAGES_URL}add/",
        {
            "title": "Broken",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("broken.jpg", content, content_type="image/jpeg"),
        },
    )

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response))
    assert not Image.objects.exists()
    assert media_files() == []


def test_the_admin_images_api_writes_nothing(client, superuser):
    response = client.post(
        "/admin/api/main/images/", {"title": "x", "file": gps_upload()}, format="multipart"
    )

    assert response.status_code == 405
    assert not Image.objects.exists()
