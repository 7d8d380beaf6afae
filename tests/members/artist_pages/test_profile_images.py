"""What an uploaded avatar and a banner share: replacing and removing, refusals that store nothing,
generated names, flat query counts and cleanup."""

import errno
import io

import pytest

from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from artworks.renditions import ALL_SPECS
from tests.factories import create_artwork, image_bytes, uploaded_image
from tests.html import soup
from tests.members.artist_pages.helpers import (
    AVATAR,
    BANNER,
    User,
    artist_page,
    field_errors,
    save_profile,
    stored_files,
)
from tests.uploading import PROFILE_URL

pytestmark = pytest.mark.django_db


Rendition = get_image_model().get_rendition_model()


@pytest.fixture(params=[AVATAR, BANNER], ids=lambda profile_image: profile_image.name)
def profile_image(request):
    """The avatar, then the banner, for what they share."""
    return request.param


# --- What an uploaded avatar and a banner share -------------------------------------------------


def test_replacing_an_uploaded_image_deletes_the_old_one_and_its_files(
    client, member, media_files, visitor, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    old = profile_image.of(member)
    old_files = stored_files(old)
    assert set(old_files) <= set(media_files())

    profile_image.upload(
        client, member, django_capture_on_commit_callbacks, image_bytes((900, 200))
    )

    member.refresh_from_db()
    new = profile_image.of(member)
    assert new.pk != old.pk
    assert not get_image_model().objects.filter(pk=old.pk).exists()
    assert not Rendition.objects.filter(image_id=old.pk).exists()
    assert not set(old_files) & set(media_files())
    assert set(stored_files(new)) <= set(media_files())
    assert profile_image.on(artist_page(visitor))["src"] in {
        rendition.url for rendition in new.renditions.all()
    }


def test_removing_an_uploaded_image_deletes_it_and_its_files(
    client, member, media_files, visitor, profile_image, django_capture_on_commit_callbacks
):
    files_before = media_files()  # the member's public work
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = profile_image.of(member).pk
    remove_label = f"Remove my {profile_image.name}"
    form = soup(client.get(PROFILE_URL))
    assert remove_label in form.select_one("main form").get_text()

    response = save_profile(
        client, member, django_capture_on_commit_callbacks, **{profile_image.remove: "on"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.avatar_artwork is None
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert profile_image.on(artist_page(visitor)) is None
    form = soup(client.get(PROFILE_URL))
    assert profile_image.no_image_text in form.get_text()
    assert remove_label not in form.select_one("main form").get_text()


def test_removing_and_uploading_at_once_is_refused(
    client, member, media_files, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    files_before = media_files()

    response = profile_image.upload(
        client, member, django_capture_on_commit_callbacks, **{profile_image.remove: "on"}
    )

    assert response.status_code == 200
    untick = f"Untick “Remove my {profile_image.name}”"
    assert untick in field_errors(response, profile_image.remove)
    assert media_files() == files_before


BAD_FILES = {
    "truncated": (image_bytes((400, 400))[:2000], "damaged or incomplete"),
    "not an image": (b"Dear diary, this is not a picture.\n" * 20, "not an image we can read"),
    "refused format": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG files are not accepted"),
    "empty": (b"", "This file is empty"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_a_form_error_and_nothing_is_stored(
    client, member, media_files, profile_image, kind
):
    files_before = media_files()
    images_before = get_image_model().objects.count()
    content, message = BAD_FILES[kind]

    response = profile_image.upload(
        client, member, capture=None, content=content, location="Lisbon"
    )

    assert response.status_code == 200
    assert message in field_errors(response, profile_image.field)
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.location == ""  # nothing half-saved


def test_an_oversized_file_is_a_form_error_and_nothing_is_stored(
    client, member, media_files, settings, profile_image
):
    files_before = media_files()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 1000
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 200
    assert "This file is too big" in field_errors(response, profile_image.field)
    member.refresh_from_db()
    assert profile_image.of(member) is None
    assert media_files() == files_before


def test_too_many_pixels_is_a_form_error(client, member, media_files, settings, profile_image):
    files_before = media_files()
    settings.ARTWORK_MAX_IMAGE_PIXELS = 10_000
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 200
    assert "too large" in field_errors(response, profile_image.field)
    assert media_files() == files_before


def test_a_full_disk_keeps_nothing(client, member, media_files, monkeypatch, profile_image):
    files_before = media_files()
    images_before = get_image_model().objects.count()

    def disk_full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = profile_image.upload(client, member, capture=None, location="Lisbon")

    assert response.status_code == 200
    assert "We could not store your file just now" in field_errors(response, profile_image.field)
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.location == ""  # nothing half-saved


def test_database_failure_after_the_file_is_written_removes_it(
    client, member, media_files, monkeypatch, profile_image
):
    files_before = media_files()
    images_before = get_image_model().objects.count()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(User, "save", locked)
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 503
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before


def test_an_uploaded_file_has_a_generated_name(
    client, member, profile_image, django_capture_on_commit_callbacks
):
    image = uploaded_image(name="../../my home address.jpg")
    save_profile(client, member, django_capture_on_commit_callbacks, **{profile_image.field: image})
    member.refresh_from_db()
    assert "address" not in profile_image.of(member).file.name


@pytest.mark.parametrize(
    ("profile_image", "added_queries"),
    # One query for the image's renditions on the artist page; the list shows avatars only.
    [(AVATAR, (1, 1)), (BANNER, (1, 0))],
    ids=["avatar", "banner"],
)
def test_artist_page_queries_stay_flat_with_an_uploaded_image(
    client,
    member,
    visitor,
    settings,
    profile_image,
    added_queries,
    django_capture_on_commit_callbacks,
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # The section URLs are looked up once per change of public content, then remembered.
    visitor.get("/")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get(url).status_code == 200
        return len(captured)

    without_image = queries("/artists/ada/"), queries("/artists/")
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    renditions = Rendition.objects.count()
    visitor.get("/")
    with_image = queries("/artists/ada/"), queries("/artists/")
    for number in range(10):
        create_artwork(member, title=f"More {number}")
    visitor.get("/")
    with_more_work = queries("/artists/ada/"), queries("/artists/")

    assert with_image == (
        without_image[0] + added_queries[0],
        without_image[1] + added_queries[1],
    )
    assert with_more_work == with_image  # whatever the number of works
    # Visitors made no rendition: the only new ones are the new works' own, made at upload.
    assert Rendition.objects.count() == renditions + 10 * len(ALL_SPECS)


def test_cleanup_media_keeps_the_images_files_and_removes_a_left_over_one(
    client, member, media_files, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    files = media_files()
    member.refresh_from_db()
    storage = profile_image.of(member).file.storage
    storage.save("original_images/left-over-image.jpg", io.BytesIO(image_bytes((900, 270))))

    call_command("cleanup_media", min_age=0, stdout=io.StringIO())

    assert media_files() == files
