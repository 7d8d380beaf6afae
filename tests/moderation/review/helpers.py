"""Helpers shared by the review tests."""

from wagtail.models import Site

from artworks.models import ReviewSettings
from tests.factories import uploaded_image

LISTING = "/admin/snippets/artworks/artwork/"


def turn_review(on):
    settings = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_new_uploads = on
    settings.save()


def upload(client, title="Waiting work"):
    return client.post(
        "/my/artworks/upload/",
        {
            "title": title,
            "image": uploaded_image(),
            "alt_text": "A red square on white",
            "tags": "red",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
        follow=True,
    )
