"""The upload view answers JSON to the upload page's script (one request per file of a
batch), and a small status URL says when a work's image is ready to replace "Preparing the
image…". The plain form's pages are tested in tests/artworks/upload/."""

import errno
import json

import pytest

from django.core.files.storage import FileSystemStorage

from wagtail.models import Site

from artworks.models import Artwork, ReviewSettings
from artworks.tasks import generate_renditions
from tests.factories import UserFactory, create_artwork
from tests.uploading import FIELDS, UPLOAD_URL, assert_nothing_stored, jpeg, upload_json

pytestmark = pytest.mark.django_db


def without_renditions(artwork):
    """The work as it is between its upload and the rendition task."""
    artwork.image.renditions.all().delete()
    return artwork


# --- The upload view's JSON answers ----------------------------------------------------------


def test_json_upload_answers_201_with_the_works_addresses(client, member):
    response = upload_json(client, jpeg())
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    artwork = Artwork.objects.get()
    assert artwork.title == "Harbour at dawn"
    assert artwork.artist == member
    assert response.json() == {
        "id": artwork.pk,
        "title": "Harbour at dawn",
        "message": "“Harbour at dawn” is now in the gallery.",
        "warning": None,
        "edit_url": f"/my/artworks/{artwork.pk}/edit/",
        "page_url": artwork.get_absolute_url(),
        "status_url": f"/my/artworks/{artwork.pk}/status/",
        "extra_images_url": f"/my/artworks/{artwork.pk}/images/",
    }
    # The card said it: nothing waits to be shown on the next page.
    assert "is now in the gallery" not in client.get("/my/artworks/").content.decode()


def test_json_upload_of_a_small_image_carries_the_warning(client, member):
    answer = upload_json(client, jpeg((500, 400))).json()
    assert answer["warning"].startswith("This image is only 500 pixels on its longer side")


def test_json_upload_awaiting_review_has_no_public_page_yet(client, member):
    review = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    review.review_new_uploads = True
    review.save()
    answer = upload_json(client, jpeg()).json()
    assert answer["page_url"] is None
    assert "awaiting review" in answer["message"]


def test_json_refusal_is_a_400_with_each_fields_message(client, member, media_files):
    response = upload_json(client, jpeg(), alt_text="", title="")
    assert response.status_code == 400
    answer = response.json()
    assert answer["errors"]["alt_text"] == ["This field is required."]
    assert answer["errors"]["title"] == ["This field is required."]
    assert answer["message"] == "Title: This field is required."
    assert_nothing_stored(media_files)


def test_json_refusal_of_the_file_gives_the_servers_wording(client, member, media_files, settings):
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1_000_000
    response = upload_json(client, jpeg((1200, 1000)))
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Image: This image is too large (1.2 megapixels). The limit is 1 megapixels."
    )
    assert_nothing_stored(media_files)


def test_json_upload_over_the_daily_limit_says_so(client, member, settings, media_files):
    settings.ARTWORK_UPLOADS_PER_DAY = 1
    assert upload_json(client, jpeg()).status_code == 201
    response = upload_json(client, jpeg(), title="Second")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "You have uploaded 1 works in the last 24 hours, the daily limit. "
        "Please come back tomorrow."
    )
    assert Artwork.objects.count() == 1


def test_json_upload_over_the_rate_limit_is_a_429(client, member, settings, media_files):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "1/h"
    assert upload_json(client, jpeg()).status_code == 201
    response = upload_json(client, jpeg(), title="Second")
    assert response.status_code == 429
    assert response.json()["message"] == (
        "You have sent too many uploads in the last hour. Please wait a while and try again."
    )
    assert Artwork.objects.count() == 1


def test_json_upload_when_storage_fails_is_a_503_and_keeps_nothing(
    client, member, media_files, monkeypatch
):
    def disk_full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = upload_json(client, jpeg())
    assert response.status_code == 503
    assert response.json()["message"].startswith("Image: We could not store your file just now")
    assert_nothing_stored(media_files)


def test_the_plain_form_still_redirects_with_its_messages(client, member):
    response = client.post(UPLOAD_URL, {**FIELDS, "image": jpeg()}, follow=True)
    assert response.redirect_chain == [("/my/artworks/", 302)]
    assert "“Harbour at dawn” is now in the gallery." in response.content.decode()


def test_upload_form_gives_the_browser_the_servers_pixel_limits(client, member):
    page = client.get(UPLOAD_URL).content.decode()
    start = page.index('data-pixel-limits="') + len('data-pixel-limits="')
    encoded = page[start : page.index('"', start)]
    limits = json.loads(encoded.replace("&quot;", '"'))
    assert limits["default"] == [
        60_000_000,
        "This image is too large ({megapixels} megapixels). The limit is 60 megapixels.",
    ]
    assert limits["image/avif"][0] == 8_000_000
    assert limits["avif"][1].startswith(
        "This image is too large ({megapixels} megapixels). The limit is 8 megapixels for AVIF"
    )
    assert "data-upload-batch" in page


# --- The image's status --------------------------------------------------------------------


def test_owner_status_says_preparing_then_gives_the_picture(client, member):
    artwork = without_renditions(create_artwork(member, title="Dusk"))
    url = f"/my/artworks/{artwork.pk}/status/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.json() == {"ready": False, "html": None}
    assert "no-store" in response["Cache-Control"]

    generate_renditions.call(artwork.image.pk)
    answer = client.get(url).json()
    assert answer["ready"] is True
    assert answer["html"].startswith("<picture>")
    assert 'alt="A picture called Dusk"' in answer["html"]


def test_owner_status_is_404_for_anyone_else(client, member):
    artwork = create_artwork(UserFactory())
    assert client.get(f"/my/artworks/{artwork.pk}/status/").status_code == 404
    client.logout()
    response = client.get(f"/my/artworks/{artwork.pk}/status/")
    assert response.status_code == 302  # to log in


def test_owner_sees_the_status_of_their_hidden_work(client, member):
    artwork = create_artwork(member, status=Artwork.Status.HIDDEN)
    assert client.get(f"/my/artworks/{artwork.pk}/status/").json()["ready"] is True


@pytest.mark.parametrize(
    "status", [Artwork.Status.HIDDEN, Artwork.Status.HELD, Artwork.Status.AWAITING_REVIEW]
)
def test_public_status_tells_nothing_about_work_that_is_not_public(client, status):
    artwork = without_renditions(create_artwork(status=status))
    response = client.get(f"/artworks/{artwork.pk}/image-status/")
    missing = client.get("/artworks/999999/image-status/")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json() == {"error": "Not found."}


def test_public_status_of_a_published_work_is_never_cached(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    artwork = without_renditions(create_artwork())
    url = f"/artworks/{artwork.pk}/image-status/"
    assert client.get(url).json() == {"ready": False, "html": None}

    generate_renditions.call(artwork.image.pk)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert response.json()["ready"] is True
    assert "(min-width: 1280px) 1200px" in response.json()["html"]


def test_artwork_page_while_preparing_names_its_status_and_refreshes_without_script(
    client, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    artwork = without_renditions(create_artwork(title="Dusk"))
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Preparing the image…" in page
    assert f'data-image-status="/artworks/{artwork.pk}/image-status/"' in page
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in page
    assert "js/image-ready" in page

    # Once the renditions exist the anonymous page cache serves the image, not the kept
    # "Preparing" page: making them moves the public content version on.
    generate_renditions.call(artwork.image.pk)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Preparing the image…" not in page
    assert 'http-equiv="refresh"' not in page
    assert "js/image-ready" not in page


def test_my_artworks_while_preparing_names_the_owner_status(client, member):
    artwork = without_renditions(create_artwork(member))
    page = client.get("/my/artworks/").content.decode()
    assert f'data-image-status="/my/artworks/{artwork.pk}/status/"' in page
    assert '<meta http-equiv="refresh" content="10">' in page
    edit_page = client.get(artwork.get_edit_url()).content.decode()
    assert f'data-image-status="/my/artworks/{artwork.pk}/status/"' in edit_page
    # The edit form would lose what the member types: no refresh there.
    assert "http-equiv" not in edit_page
