"""Builders of hostile files shared by the hostile upload tests."""

import re

from wagtail.images import get_image_model

from artworks.models import Artwork

UPLOAD_URL = "/my/artworks/upload/"


FIELDS = {
    "title": "Harbour at dawn",
    "alt_text": "Boats in a grey harbour under a pink sky",
    "description": "Oil on board.",
    "tags": "oil, sea",
}


STORED_NAME = re.compile(r"^original_images/[0-9a-f]{32}\.(jpg|png|gif|webp|avif)$")


def upload(client, image, **fields):
    data = {**FIELDS, **fields}
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data)


def assert_nothing_stored(media_files):
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []
