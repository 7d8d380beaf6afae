"""An avatar: one of the member's own artworks, shown while the work is public, or an uploaded image
cleaned and shown once its renditions are made."""

import pytest

from wagtail.images import get_image_model

from artworks import moderation
from artworks.models import Artwork
from artworks.renditions import AVATAR_SPECS, CARD_SPECS
from tests.factories import UserFactory, create_artwork
from tests.html import soup
from tests.members.artist_pages.helpers import (
    artist_page,
    assert_cleaned_member_upload,
    avatar_on,
    field_errors,
    jpeg_with_gps,
    save_profile,
    upload_avatar,
)
from tests.uploading import PROFILE_URL

pytestmark = pytest.mark.django_db


# --- An artwork as the avatar ------------------------------------------------------------------


def test_choosing_another_members_artwork_is_refused(client, member):
    someone_else = create_artwork(UserFactory(), title="Not yours")

    document = soup(client.get(PROFILE_URL))
    choices = [option.get_text() for option in document.select("#id_avatar_artwork option")]
    assert "Not yours" not in choices and "Public work" in choices

    response = save_profile(client, member, avatar_artwork=someone_else.pk)

    assert response.status_code == 200
    assert "Choose one of your own works." in field_errors(response, "avatar_artwork")
    member.refresh_from_db()
    assert member.avatar_artwork is None


def test_artwork_avatar_shows_only_while_the_work_is_public(client, member, visitor):
    work = create_artwork(member, title="Self portrait", status=Artwork.Status.HIDDEN)

    # Any of the member's works may be chosen, whatever its status…
    assert save_profile(client, member, avatar_artwork=work.pk).status_code == 302
    member.refresh_from_db()
    assert member.avatar_artwork == work
    # …but the public page shows it only while the work itself is public.
    assert avatar_on(artist_page(visitor)) is None
    profile = client.get(PROFILE_URL).content.decode()
    assert "not shown on your page while the work is not public" in profile

    moderation.decide(work, Artwork.Status.PUBLISHED, by=None)
    avatar = avatar_on(artist_page(visitor))
    assert avatar is not None
    card_urls = {rendition.url for rendition in work.image.renditions.all()}
    assert avatar["src"] in card_urls  # the work's own card renditions, nothing new
    assert avatar["alt"] == ""  # decorative: the name is right beside it

    for status in (Artwork.Status.AWAITING_REVIEW, Artwork.Status.HELD, Artwork.Status.HIDDEN):
        moderation.decide(work, status, by=None)
        assert avatar_on(artist_page(visitor)) is None, status


def test_artwork_avatar_disappears_when_the_work_is_deleted(client, member, visitor):
    work = create_artwork(member, title="Self portrait")
    save_profile(client, member, avatar_artwork=work.pk)
    assert avatar_on(artist_page(visitor)) is not None

    work.delete()

    member.refresh_from_db()
    assert member.avatar_artwork is None
    assert avatar_on(artist_page(visitor)) is None


# --- An uploaded avatar ------------------------------------------------------------------------


def test_uploaded_avatar_is_cleaned_stored_in_member_uploads_and_shown(
    client, member, visitor, django_capture_on_commit_callbacks
):
    response = upload_avatar(
        client, member, django_capture_on_commit_callbacks, content=jpeg_with_gps()
    )

    assert response.status_code == 302
    member.refresh_from_db()
    image = member.avatar_image
    for name, (width, height) in assert_cleaned_member_upload(image, member, AVATAR_SPECS).items():
        assert max(width, height) <= 400  # proportions kept, never cropped
        if name != image.file.name:
            assert width > height

    avatar = avatar_on(artist_page(visitor))
    assert avatar["src"] in {rendition.url for rendition in image.renditions.all()}
    assert image.file.url not in str(artist_page(visitor))  # the original is never linked


def test_avatar_waits_for_its_renditions_and_visitors_never_make_them(
    client, member, visitor, django_capture_on_commit_callbacks
):
    # The upload commits, but the rendition task has not run yet (a busy worker).
    upload_avatar(client, member, capture=None)
    member.refresh_from_db()
    assert not member.avatar_image.renditions.exists()

    assert avatar_on(artist_page(visitor)) is None
    assert visitor.get("/artists/").status_code == 200
    assert not member.avatar_image.renditions.exists()

    from artworks.tasks import generate_avatar_renditions

    generate_avatar_renditions.call(member.avatar_image_id)
    assert avatar_on(artist_page(visitor)) is not None


def test_choosing_a_work_replaces_and_deletes_an_uploaded_avatar(
    client, member, media_files, visitor, django_capture_on_commit_callbacks
):
    files_before = media_files()
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.avatar_image_id
    work = Artwork.objects.get(artist=member)

    save_profile(client, member, django_capture_on_commit_callbacks, avatar_artwork=work.pk)

    member.refresh_from_db()
    assert member.avatar_artwork == work and member.avatar_image is None
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert avatar_on(artist_page(visitor))["src"] in {
        rendition.url for rendition in work.image.renditions.filter(filter_spec__in=CARD_SPECS)
    }


def test_saving_other_fields_keeps_the_avatar(client, member, django_capture_on_commit_callbacks):
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.avatar_image_id

    save_profile(client, member, django_capture_on_commit_callbacks, location="Porto")
    # An older form (or a script) posting only the names and bio leaves the avatar too.
    client.post(PROFILE_URL, {"display_name": "Ada", "bio": "New bio"})

    member.refresh_from_db()
    assert member.avatar_image_id == image_id
    assert member.location == "" and member.bio == "New bio"
