"""Changing, reordering and removing extra images; shown and hidden with their work."""

import pytest

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from tests.artworks.extra_images.helpers import captions_in_order, post_extra
from tests.factories import (
    add_extra_image,
    create_artwork,
)
from tests.html import select_one

pytestmark = pytest.mark.django_db


# --- Changing, reordering, removing --------------------------------------------------------------


def test_member_changes_alt_text_and_caption(client, member):
    artwork = create_artwork(member)
    extra = add_extra_image(artwork)
    url = f"/my/artworks/{artwork.pk}/images/{extra.pk}/"
    response = client.post(url, {"alt_text": "The sketch before the paint", "caption": "Sketch"})
    assert response.status_code == 302
    extra.refresh_from_db()
    assert (extra.alt_text, extra.caption) == ("The sketch before the paint", "Sketch")
    response = client.post(url, {"alt_text": "", "caption": "Sketch"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    extra.refresh_from_db()
    assert extra.alt_text == "The sketch before the paint"


def test_member_moves_images_up_and_down(client, member):
    artwork = create_artwork(member)
    first, second, third = (add_extra_image(artwork, caption=name) for name in "ABC")
    assert captions_in_order(artwork) == ["A", "B", "C"]
    base = f"/my/artworks/{artwork.pk}/images/"
    assert client.post(f"{base}{third.pk}/move/", {"direction": "up"}).status_code == 302
    assert captions_in_order(artwork) == ["A", "C", "B"]
    client.post(f"{base}{first.pk}/move/", {"direction": "down"})
    assert captions_in_order(artwork) == ["C", "A", "B"]
    client.post(f"{base}{third.pk}/move/", {"direction": "up"})  # first already: no change
    assert captions_in_order(artwork) == ["C", "A", "B"]
    page = client.get(artwork.get_edit_url()).content.decode()
    assert page.index(f"extra-image-{third.pk}") < page.index(f"extra-image-{second.pk}")
    public = client.get(artwork.get_absolute_url()).content.decode()
    assert public.index(">C</figcaption>") < public.index(">A</figcaption>")


def test_member_removes_an_image_after_confirming(client, member):
    artwork = create_artwork(member)
    kept = add_extra_image(artwork, caption="Kept")
    removed = add_extra_image(artwork, caption="Removed")
    url = f"/my/artworks/{artwork.pk}/images/{removed.pk}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove this image" in confirm.content.decode()
    assert ArtworkImage.objects.count() == 2
    response = client.post(url)
    assert response.status_code == 302
    assert list(ArtworkImage.objects.all()) == [kept]
    assert not get_image_model().objects.filter(pk=removed.image_id).exists()


# --- Shown and hidden with the work --------------------------------------------------------------


def test_artwork_page_shows_the_strip_for_the_viewer(client):
    artwork = create_artwork(title="Triptych")
    extra = add_extra_image(artwork, alt_text="The left panel", caption="Left panel")
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "artwork-images.css" in page
    item = select_one(page, ".extra-images figure[data-viewer-item]")
    large = extra.largest_rendition
    assert large.width == 640  # the work's own size: renditions never upscale
    assert item["data-viewer-src"] == large.url
    assert item["data-viewer-width"] == str(large.width)
    assert item["data-viewer-height"] == str(large.height)
    assert item["data-viewer-alt"] == "The left panel"
    assert 'alt="The left panel"' in page and "Left panel</figcaption>" in page
    assert f'<a href="{large.url}">' in page


def test_an_image_without_renditions_shows_preparing(client):
    artwork = create_artwork()
    extra = add_extra_image(artwork, alt_text="Still cooking")
    extra.image.renditions.all().delete()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Preparing the image…" in page
    assert 'aria-label="Still cooking"' in page
    # Only the main image is an item of the full-size view until the extra one is ready.
    assert page.count("data-viewer-item") == 1


def test_a_work_without_extra_images_has_no_strip(client):
    artwork = create_artwork()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "More images of this work" not in page and "artwork-images.css" not in page


@pytest.mark.parametrize("status", ["hidden", "held", "awaiting_review"])
def test_extra_images_are_not_public_while_the_work_is_not(client, status):
    artwork = create_artwork(title="Withdrawn")
    add_extra_image(artwork, caption="Secret detail")
    Artwork.objects.filter(pk=artwork.pk).update(status=status)
    assert client.get(artwork.get_absolute_url()).status_code == 404
    assert "Secret detail" not in client.get("/gallery/").content.decode()


def test_an_unlisted_works_extra_images_are_on_its_page_only(client):
    artwork = create_artwork(title="By link")
    add_extra_image(artwork, caption="Linked detail")
    Artwork.objects.filter(pk=artwork.pk).update(visibility="unlisted")
    assert "Linked detail" in client.get(artwork.get_absolute_url()).content.decode()
    assert "By link" not in client.get("/gallery/").content.decode()


def test_hiding_a_work_moves_its_extra_images_renditions_to_new_names(
    client, django_capture_on_commit_callbacks
):
    from artworks import moderation

    artwork = create_artwork()
    extra = add_extra_image(artwork)
    seen = {rendition.file.name for rendition in extra.image.renditions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.HIDDEN, by=None)
    now = {rendition.file.name for rendition in extra.image.renditions.all()}
    assert seen and not seen & now
    for name in seen:
        assert client.get(f"/media/{name}").status_code == 404


def test_deactivating_the_artist_moves_extra_images_renditions_too(
    django_capture_on_commit_callbacks,
):
    from members.moderation import set_member_active

    artwork = create_artwork()
    extra = add_extra_image(artwork)
    seen = {rendition.file.name for rendition in extra.image.renditions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        set_member_active(artwork.artist, False, by=None)
    assert not seen & {rendition.file.name for rendition in extra.image.renditions.all()}


def test_with_review_on_a_new_extra_image_sends_published_work_to_review(client, member):
    from wagtail.models import Site

    from artworks.models import ReviewSettings

    review = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    review.review_new_uploads = True
    review.save()
    artwork = create_artwork(member, title="Reviewed")
    assert post_extra(client, artwork).status_code == 302
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.AWAITING_REVIEW
    client.logout()
    assert client.get(artwork.get_absolute_url()).status_code == 404


def test_a_mature_works_extra_images_are_veiled_with_it(client):
    artwork = create_artwork()
    add_extra_image(artwork)
    Artwork.objects.filter(pk=artwork.pk).update(mature=True)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert 'class="extra-images mature"' in page
