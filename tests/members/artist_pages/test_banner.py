"""A profile banner: cleaned, shown whole at the top of the artist page, kept apart from the avatar,
and removed by a moderator in the admin."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.images import get_image_model

from artworks.renditions import BANNER_SPECS
from tests.factories import UserFactory, create_artwork, image_bytes
from tests.html import soup
from tests.members.artist_pages.helpers import (
    BANNER,
    artist_page,
    assert_cleaned_member_upload,
    field_errors,
    jpeg_with_gps,
    save_profile,
    upload_avatar,
)
from tests.uploading import PROFILE_URL

pytestmark = pytest.mark.django_db


upload_banner, banner_on = BANNER.upload, BANNER.on


# --- A profile banner ------------------------------------------------------------------------


def stylesheets(document):
    return [link["href"] for link in document.select('link[rel="stylesheet"]')]


def test_uploaded_banner_is_cleaned_and_shown_whole_at_the_top_of_the_artist_page(
    client, member, visitor, django_capture_on_commit_callbacks
):
    response = upload_banner(
        client, member, django_capture_on_commit_callbacks, content=jpeg_with_gps()
    )

    assert response.status_code == 302
    member.refresh_from_db()
    image = member.banner_image
    for name, (width, height) in assert_cleaned_member_upload(image, member, BANNER_SPECS).items():
        # A 4:3 photo in a 10:3 box: fitted whole, in its own proportions, not cropped.
        assert width / height == pytest.approx(4 / 3, rel=0.02), name

    document = artist_page(visitor)
    banner = banner_on(document)
    assert banner["src"] in {rendition.url for rendition in image.renditions.all()}
    assert banner["alt"] == ""  # decorative: the name is right below it
    assert banner["width"] and banner["height"]  # the space is kept before the image arrives
    # Above the avatar and the name, in the page's header.
    header = document.select_one("main header").decode()
    assert header.index("profile-banner") < header.index("<h1")
    assert any(href.endswith("css/profile.css") for href in stylesheets(document))
    assert image.file.url not in str(document)  # the original is never linked


def test_a_page_without_a_banner_loads_no_banner_styles(visitor, member):
    document = artist_page(visitor)
    assert banner_on(document) is None
    assert not any(href.endswith("css/profile.css") for href in stylesheets(document))


def test_banner_waits_for_its_renditions_and_the_member_sees_it_being_prepared(
    client, member, visitor
):
    # The upload commits, but the rendition task has not run yet (a busy worker).
    upload_banner(client, member, capture=None)
    member.refresh_from_db()
    assert not member.banner_image.renditions.exists()

    assert banner_on(artist_page(visitor)) is None
    assert not member.banner_image.renditions.exists()  # the visitor made none
    profile = soup(client.get(PROFILE_URL))
    preparing = profile.select_one(".banner-preview .image-preparing")
    assert preparing.get_text() == "Preparing the image…"
    assert preparing["aria-label"] == "Your banner"

    from artworks.tasks import generate_banner_renditions

    generate_banner_renditions.call(member.banner_image_id)
    assert banner_on(artist_page(visitor)) is not None
    profile = soup(client.get(PROFILE_URL))
    assert profile.select_one(".banner-preview img")["alt"] == "Your banner"


def test_banner_and_avatar_are_kept_apart(client, member, django_capture_on_commit_callbacks):
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    banner_id = member.banner_image_id

    # A new avatar, other fields, or a form posted without the banner leave the banner alone.
    upload_avatar(client, member, django_capture_on_commit_callbacks, location="Porto")
    client.post(PROFILE_URL, {"display_name": "Ada", "bio": "New bio"})
    member.refresh_from_db()
    assert member.banner_image_id == banner_id and member.avatar_image_id is not None

    # Removing the avatar leaves the banner; removing the banner leaves the avatar.
    save_profile(client, member, django_capture_on_commit_callbacks, remove_avatar="on")
    member.refresh_from_db()
    assert member.banner_image_id == banner_id and member.avatar_image_id is None
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    save_profile(client, member, django_capture_on_commit_callbacks, remove_banner="on")
    member.refresh_from_db()
    assert member.banner_image_id is None and member.avatar_image_id is not None


def test_each_image_sent_counts_as_an_upload_attempt(
    client, member, media_files, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "2/h"
    avatar = SimpleUploadedFile("me.jpg", image_bytes((300, 200)), "image/jpeg")
    response = upload_banner(
        client, member, django_capture_on_commit_callbacks, avatar_image=avatar
    )
    assert response.status_code == 302
    files_before = media_files()

    response = upload_banner(client, member, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert "too many uploads" in response.content.decode()
    assert media_files() == files_before


def test_an_unconfirmed_member_cannot_upload_a_banner(client, media_files):
    member = UserFactory(username="newbie", verified_email=False)
    create_artwork(member, title="Work")
    client.force_login(member)
    files_before = media_files()

    response = upload_banner(client, member, capture=None)

    assert response.status_code == 200
    assert "Confirm your email address" in field_errors(response, "banner_image")
    assert media_files() == files_before


def test_deleting_the_member_deletes_their_banner_and_avatar(
    client, member, media_files, django_capture_on_commit_callbacks
):
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert member.banner_image_id and member.avatar_image_id

    with django_capture_on_commit_callbacks(execute=True):
        member.delete()

    assert not get_image_model().objects.exists()
    assert media_files() == []


def test_a_moderator_removes_a_banner_in_the_admin(
    client, member, media_files, visitor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from wagtail.models import ModelLogEntry

    files_before = media_files()
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.banner_image_id
    assert banner_on(artist_page(visitor)) is not None
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    admin = Client()
    admin.force_login(moderator)

    edit_url = f"/admin/users/edit/{member.pk}/"
    assert "Clear the banner" in admin.get(edit_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # The form as the browser posts it, the name unchanged (a new name would sign the
        # member's works again under new file names: tests/provenance/test_provenance_resign.py).
        response = admin.post(
            edit_url,
            {"display_name": member.display_name, "is_active": "on", "clear": ["banner"]},
        )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.banner_image is None and member.is_active
    assert member.bio  # only what was ticked
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert banner_on(artist_page(visitor)) is None
    entry = ModelLogEntry.objects.get(object_id=str(member.pk), action="members.clear_profile")
    assert entry.user == moderator and entry.data["cleared"] == ["banner"]
