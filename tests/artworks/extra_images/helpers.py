"""Helpers shared by the extra image tests."""

from tests.factories import (
    uploaded_image,
)


def add_url(artwork):
    return f"/my/artworks/{artwork.pk}/images/"


def post_extra(client, artwork, image=None, json=False, **fields):
    data = {"alt_text": "The hands, close up", "caption": "Detail", **fields}
    if image is not False:
        data["image"] = image or uploaded_image("detail.jpg")
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(add_url(artwork), data, **headers)


def captions_in_order(artwork):
    return list(artwork.extra_images.order_by("sort_order").values_list("caption", flat=True))
