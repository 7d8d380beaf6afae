"""Editors moderate artworks and members in the Wagtail admin: listings, filters, hiding,
publishing, deleting and deactivating."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from artworks.models import Artwork
from tests.factories import PASSWORD, UserFactory, create_artwork
from tests.moderation.admin.helpers import LISTING, edit_data

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_artworks_menu_and_listing_with_thumbnail_artist_status(client, moderator):
    artwork = create_artwork(UserFactory(display_name="Nia Brooks"), title="Listed work")
    dashboard = client.get("/admin/").content.decode()
    assert "Artworks" in dashboard
    page = client.get(LISTING).content.decode()
    assert "Listed work" in page
    assert "Nia Brooks" in page
    assert "Published" in page
    assert "/media/images/" in page  # a rendition thumbnail, not the original
    assert f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/" in page


def test_listing_filters_by_status_artist_and_tag_and_searches(client, moderator):
    ana = UserFactory(display_name="Ana")
    create_artwork(ana, title="Ana visible", tags="ink")
    create_artwork(ana, title="Ana hidden", status="hidden")
    create_artwork(UserFactory(), title="Other work", tags="oil")

    hidden = client.get(LISTING, {"status": "hidden"}).content.decode()
    assert "Ana hidden" in hidden and "Ana visible" not in hidden
    by_artist = client.get(LISTING, {"artist": ana.pk}).content.decode()
    assert "Ana visible" in by_artist and "Other work" not in by_artist
    by_tag = client.get(LISTING, {"tag": "oil"}).content.decode()
    assert "Other work" in by_tag and "Ana visible" not in by_tag
    searched = client.get(LISTING, {"q": "visible"}).content.decode()
    assert "Ana visible" in searched and "Other work" not in searched


def test_moderator_hides_with_a_note_and_it_leaves_every_public_page(client, moderator):
    artist = UserFactory(username="ola")
    artwork = create_artwork(artist, title="To be hidden", tags="rare")
    url = f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/"
    response = client.post(
        url, edit_data(artwork, status="hidden", moderation_note="Copyright claim received.")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    artwork.refresh_from_db()
    assert artwork.status == "hidden"

    client.logout()
    for public_url in ("/", "/gallery/", "/gallery/?tag=rare", "/gallery/?q=hidden"):
        assert "To be hidden" not in client.get(public_url).content.decode()
    assert client.get(f"/gallery/{artwork.pk}/").status_code == 404
    assert client.get("/artists/ola/").status_code == 404

    client.force_login(artist)
    mine = client.get("/my/artworks/").content.decode()
    assert "To be hidden" in mine and "Copyright claim received." in mine


def test_moderator_publishes_again(client, moderator):
    artwork = create_artwork(title="Back again", status="hidden", moderation_note="Temporary")
    url = f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/"
    assert client.post(url, edit_data(artwork, status="published")).status_code == 302
    client.logout()
    assert "Back again" in client.get("/gallery/").content.decode()


def test_bulk_hide_with_note_and_bulk_publish(client, moderator):
    first = create_artwork(title="Bulk one")
    second = create_artwork(title="Bulk two")
    ids = f"id={first.pk}&id={second.pk}"
    confirm = client.get(f"/admin/bulk/artworks/artwork/hide/?{ids}")
    assert confirm.status_code == 200
    assert "Bulk one" in confirm.content.decode()
    response = client.post(
        f"/admin/bulk/artworks/artwork/hide/?{ids}&next={LISTING}",
        {"moderation_note": "Spam wave"},
    )
    assert response.status_code == 302
    assert set(Artwork.objects.values_list("status", "moderation_note")) == {
        ("hidden", "Spam wave")
    }
    assert "Bulk one" not in client.get("/gallery/").content.decode()

    response = client.post(f"/admin/bulk/artworks/artwork/publish/?{ids}&next={LISTING}")
    assert response.status_code == 302
    assert set(Artwork.objects.values_list("status", "moderation_note")) == {("published", "")}


def test_moderator_deletes_artwork_with_its_image(client, moderator):
    from wagtail.images import get_image_model

    artwork = create_artwork(title="Delete me")
    response = client.post(f"/admin/snippets/artworks/artwork/delete/{artwork.pk}/")
    assert response.status_code == 302
    assert not Artwork.objects.exists()
    assert not get_image_model().objects.exists()


def test_deactivated_member_disappears_and_cannot_log_in(client, moderator):
    artist = UserFactory(username="rae")
    create_artwork(artist, title="Rae's work")
    edit_url = f"/admin/users/edit/{artist.pk}/"
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "first_name": "",
            "last_name": "",
            # "is_active" left out: the checkbox is unticked.
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    artist.refresh_from_db()
    assert not artist.is_active

    client.logout()
    assert "Rae&#x27;s work" not in client.get("/gallery/").content.decode()
    assert client.get("/artists/rae/").status_code == 404
    response = client.post("/accounts/login/", {"login": "rae", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    assert "suspended" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_moderator_cannot_grant_rights_set_passwords_or_edit_staff(client, moderator):
    member = UserFactory(username="sam")
    form_page = client.get(f"/admin/users/edit/{member.pk}/").content.decode()
    for field in ("is_superuser", "groups", "password1"):
        assert f'name="{field}"' not in form_page
    assert 'name="email"' in form_page and "disabled" in form_page
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {"is_active": "on", "is_superuser": "on", "email": "mine@evil.example", "password1": "x"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_superuser and member.email == "sam@example.com"
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert client.get(f"/admin/users/edit/{admin.pk}/").status_code in (302, 403)


def test_superuser_gets_a_form_error_for_a_case_variant_username(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    UserFactory(username="taken")
    other = UserFactory(username="other")
    response = client.post(
        f"/admin/users/edit/{other.pk}/",
        {"username": "TAKEN", "email": "other@example.com", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "A member already uses this username." in response.content.decode()


def test_adding_a_member_in_the_admin_refuses_a_case_variant_username_or_email(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    UserFactory(username="taken", email="taken@example.com")
    new_member = {
        "username": "TAKEN",
        "email": "fresh@example.com",
        "display_name": "Fresh Face",
        "password1": "a-long-unusual-passphrase-2026",
        "password2": "a-long-unusual-passphrase-2026",
        "is_active": "on",
    }

    response = client.post("/admin/users/new/", new_member)

    assert response.status_code == 200
    assert "A member already uses this username." in response.content.decode()
    response = client.post(
        "/admin/users/new/", {**new_member, "username": "fresh", "email": "TAKEN@example.com"}
    )
    assert response.status_code == 200
    assert "A member already uses this email address." in response.content.decode()
    assert not User.objects.filter(username__iexact="fresh").exists()


def test_plain_member_cannot_reach_the_moderation_listing(client):
    client.force_login(UserFactory())
    response = client.get(LISTING)
    assert response.status_code in (302, 403)
    assert "Listed" not in response.content.decode()


def test_moderators_group_has_exactly_the_moderation_permissions():
    codenames = set(
        Group.objects.get(name="Moderators").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("wagtailadmin", "access_admin"),
        ("artworks", "view_artwork"),
        ("artworks", "change_artwork"),
        ("artworks", "delete_artwork"),
        ("reports", "view_report"),
        ("reports", "change_report"),
        ("commissions", "view_commissionrequest"),
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("members", "view_user"),
        ("members", "change_user"),
    }
