"""What the upload and profile tests post, shared so that each module tests its own concern
with the same form data: the upload form's fields, a JPEG to send with them, the profile
form's fields as a member left them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests.factories import image_bytes

UPLOAD_URL = "/my/artworks/upload/"
PROFILE_URL = "/my/profile/"
FIELDS = {
    "title": "Harbour at dawn",
    "alt_text": "Boats in a grey harbour under a pink sky",
    "description": "Oil on board.",
    "tags": "oil, sea",
}


def jpeg(size=(1200, 900)):
    """A JPEG upload; the default size is large enough to raise no small-image warning."""
    return SimpleUploadedFile("art.jpg", image_bytes(size=size), "image/jpeg")


def upload(client, image=None, **fields):
    """Post the upload form as a browser without the page's script does."""
    data = {**FIELDS, **fields}
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data)


def upload_json(client, image=None, **fields):
    """Post the upload form as the upload page's script does, asking for a JSON answer."""
    data = {**FIELDS, **fields}
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data, headers={"Accept": "application/json"})


def profile_data(member, **changes):
    """What the profile form posts when the member changes nothing but `changes`."""
    data = {
        "display_name": member.display_name,
        "bio": member.bio,
        "location": member.location,
        "link_1": member.link_1,
        "link_2": member.link_2,
        "link_3": member.link_3,
        "avatar_artwork": member.avatar_artwork_id or "",
    }
    if member.allow_comments:
        # A ticked checkbox; an unticked one is not posted at all.
        data["allow_comments"] = "on"
    data.update(changes)
    return data


def assert_nothing_stored(media_files):
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []
