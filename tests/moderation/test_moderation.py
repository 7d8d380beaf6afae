"""Editors moderate artworks and members in the Wagtail admin."""

import pytest

from django.contrib.auth.models import Group

from artworks.models import Artwork
from tests.factories import PASSWORD, UserFactory, create_artwork

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/artworks/artwork/"


def edit_data(artwork, **changes):
    return {
        "title": artwork.title,
        "alt_text": artwork.alt_text,
        "description": artwork.description,
        "tags": ", ".join(tag.name for tag in artwork.tags.all()),
        "status": artwork.status,
        "moderation_note": artwork.moderation_note,
        "licence": "all-rights-reserved",
        "size_unit": "cm",
        "visibility": "listed",
        **changes,
    }


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


# --- Moderators cannot act on staff, on any admin path ------------------------------------------


BULK_USERS = "/admin/bulk/members/user/{action}/"


def bulk_post(client, action, ids, **data):
    url = BULK_USERS.format(action=action)
    query = "&".join(f"id={pk}" for pk in ids)
    return client.post(f"{url}?{query}", data)


def test_moderator_cannot_bulk_deactivate_staff_superusers_group_members_or_himself(
    client, moderator
):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    editor = UserFactory(username="ed", is_staff=True)
    other_moderator = UserFactory(username="mod2")
    other_moderator.groups.add(Group.objects.get(name="Moderators"))
    member = UserFactory(username="plain")
    targets = [admin, editor, other_moderator, moderator, member]

    confirm = client.get(
        BULK_USERS.format(action="set_active_state") + "?" + "&".join(f"id={u.pk}" for u in targets)
    )
    assert confirm.status_code == 200
    response = bulk_post(
        client, "set_active_state", [u.pk for u in targets], mark_as_active="False"
    )
    assert response.status_code == 302

    active = dict(
        UserFactory._meta.model.objects.filter(pk__in=[u.pk for u in targets]).values_list(
            "username", "is_active"
        )
    )
    assert active == {"root": True, "ed": True, "mod2": True, "mod": True, "plain": False}


def test_moderator_cannot_bulk_deactivate_everyone_with_id_all(client, moderator):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    member = UserFactory(username="plain")
    response = client.post(
        BULK_USERS.format(action="set_active_state") + "?id=all", {"mark_as_active": "False"}
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    moderator.refresh_from_db()
    member.refresh_from_db()
    assert admin.is_active and moderator.is_active
    assert not member.is_active


def test_moderator_cannot_assign_roles_in_bulk(client, moderator):
    editors = Group.objects.get(name="Editors")
    member = UserFactory(username="plain")
    response = bulk_post(client, "assign_role", [moderator.pk, member.pk], role=editors.pk)
    assert response.status_code in (200, 302)
    assert not moderator.groups.filter(name="Editors").exists()
    assert not member.groups.filter(name="Editors").exists()


def test_superuser_still_assigns_roles_in_bulk(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    editors = Group.objects.get(name="Editors")
    member = UserFactory(username="plain")
    assert bulk_post(client, "assign_role", [member.pk], role=editors.pk).status_code == 302
    assert member.groups.filter(name="Editors").exists()


def test_moderator_cannot_open_the_edit_form_of_another_moderator(client, moderator):
    other_moderator = UserFactory(username="mod2")
    other_moderator.groups.add(Group.objects.get(name="Moderators"))
    response = client.post(f"/admin/users/edit/{other_moderator.pk}/", {"is_active": ""})
    assert response.status_code in (302, 403)
    other_moderator.refresh_from_db()
    assert other_moderator.is_active


def test_bulk_deactivation_hides_the_members_work_everywhere_and_reactivation_restores_it(
    client, moderator
):
    member = UserFactory(username="gone", display_name="Gone Artist")
    create_artwork(member, title="Vanishing Point")
    assert "Vanishing Point" in client.get("/feeds/artworks/").content.decode()

    bulk_post(client, "set_active_state", [member.pk], mark_as_active="False")
    for url in ("/gallery/", "/gallery/?q=Vanishing", "/feeds/artworks/", "/sitemap.xml"):
        assert "Vanishing Point" not in client.get(url).content.decode(), url
    assert client.get("/artists/gone/").status_code == 404

    bulk_post(client, "set_active_state", [member.pk], mark_as_active="True")
    for url in ("/gallery/", "/gallery/?q=Vanishing", "/feeds/artworks/"):
        assert "Vanishing Point" in client.get(url).content.decode(), url


def test_member_decisions_are_in_the_audit_log(client, moderator):
    from wagtail.models import ModelLogEntry

    member = UserFactory(username="plain")
    bulk_post(client, "set_active_state", [member.pk], mark_as_active="False")
    client.post(f"/admin/users/edit/{member.pk}/", {"is_active": "on"})
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(member.pk))
        .order_by("timestamp", "pk")
        .values_list("action", "user_id")
    )
    assert ("members.deactivate", moderator.pk) in actions
    assert ("members.reactivate", moderator.pk) in actions
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Deactivated" in history and "Reactivated" in history


def test_reactivating_a_member_does_not_revive_their_old_sessions(client, moderator):
    from django.test import Client

    member = UserFactory(username="plain")
    member_browser = Client()
    member_browser.force_login(member)
    assert member_browser.get("/my/artworks/").status_code == 200

    bulk_post(client, "set_active_state", [member.pk], mark_as_active="False")
    bulk_post(client, "set_active_state", [member.pk], mark_as_active="True")

    response = member_browser.get("/my/artworks/")
    assert response.status_code == 302 and "/login/" in response["Location"]


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
