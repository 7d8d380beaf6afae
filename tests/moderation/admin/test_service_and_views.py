"""One moderation service, logged; what moderators see; images in the admin API only for those who
may see them."""

import pytest

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.moderation.admin.helpers import LISTING, bulk_post, edit_data

pytestmark = pytest.mark.django_db


# --- One moderation service, logged -----------------------------------------------------------


def test_decisions_from_the_form_and_in_bulk_are_logged_with_the_note(client, moderator):
    from wagtail.models import ModelLogEntry

    artwork = create_artwork(title="Logged work")
    url = f"{LISTING}edit/{artwork.pk}/"
    client.post(url, edit_data(artwork, status="hidden", moderation_note="Not the member's own"))
    client.post(f"/admin/bulk/artworks/artwork/publish/?id={artwork.pk}", {})
    entries = list(
        ModelLogEntry.objects.filter(object_id=str(artwork.pk), action__startswith="artworks.")
        .order_by("timestamp", "pk")
        .values_list("action", "user_id", "data")
    )
    assert [(action, user) for action, user, _ in entries] == [
        ("artworks.hide", moderator.pk),
        ("artworks.publish", moderator.pk),
    ]
    assert entries[0][2]["note"] == "Not the member's own"
    history = client.get(f"{LISTING}history/{artwork.pk}/").content.decode()
    assert "Hidden. Note to the artist: Not the member&#x27;s own" in history
    site_history = client.get("/admin/reports/site-history/").content.decode()
    assert "Not the member&#x27;s own" in site_history


def test_bulk_hide_emails_the_artist_with_the_note(
    client, moderator, django_capture_on_commit_callbacks
):
    from django.core import mail

    artwork = create_artwork(UserFactory(email="art@example.com"), title="Bulk hidden")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/bulk/artworks/artwork/hide/?id={artwork.pk}",
            {"moderation_note": "Spam links"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["art@example.com"]]
    assert "Spam links" in mail.outbox[0].body


# --- Moderators see what they judge -----------------------------------------------------------


def test_edit_screen_shows_the_image_artist_and_status(client, moderator):
    artwork = create_artwork(UserFactory(display_name="Ola Berg"), title="Seen work")
    page = client.get(f"{LISTING}edit/{artwork.pk}/").content.decode()
    rendition = artwork.image.renditions.get(filter_spec="format-jpeg|max-800x800")
    assert rendition.url in page
    assert 'alt="A picture called Seen work"' in page
    assert "Uploaded by Ola Berg" in page and "Published" in page


def test_admin_has_no_add_or_copy_for_artworks(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    artwork = create_artwork(title="Only one")
    listing = client.get(LISTING).content.decode()
    assert f"{LISTING}add/" not in listing
    assert client.get(f"{LISTING}add/").status_code in (302, 403, 404)
    assert client.get(f"{LISTING}copy/{artwork.pk}/").status_code == 404
    assert Artwork.objects.count() == 1


# --- The admin API shows images only to those who may see them -------------------------------


def test_moderator_without_image_rights_lists_no_images_through_the_admin_api(client, moderator):
    create_artwork(title="Hidden one", status="hidden")
    response = client.get("/admin/api/main/images/")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0


def test_superuser_still_lists_images_through_the_admin_api(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    create_artwork(title="Listed one")
    response = client.get("/admin/api/main/images/")
    assert response.json()["meta"]["total_count"] == 1


def test_artwork_chooser_shows_thumbnail_artist_and_status(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    artwork = create_artwork(UserFactory(display_name="Cho Sen"), title="Chooseable")
    create_artwork(title="Not public", status="hidden")
    response = client.get("/admin/snippets/choose/artworks/artwork/")
    assert response.status_code == 200
    html = response.json()["html"]
    thumbnail = artwork.image.renditions.get(filter_spec="format-jpeg|max-320x320")
    assert thumbnail.url in html
    assert "Cho Sen" in html and "Published" in html and "Hidden" in html


def test_moderator_cannot_deactivate_someone_given_admin_access_directly(client, moderator):
    from django.contrib.auth.models import Permission

    helper = UserFactory(username="helper")
    helper.user_permissions.add(Permission.objects.get(codename="access_admin"))
    bulk_post(client, "set_active_state", [helper.pk], mark_as_active="False")
    helper.refresh_from_db()
    assert helper.is_active
