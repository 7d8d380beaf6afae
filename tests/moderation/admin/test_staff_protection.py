"""Moderators cannot act on staff, on any admin path."""

import pytest

from django.contrib.auth.models import Group

from tests.factories import UserFactory, create_artwork
from tests.moderation.admin.helpers import BULK_USERS, bulk_post

pytestmark = pytest.mark.django_db


# --- Moderators cannot act on staff, on any admin path ------------------------------------------


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


def test_moderator_cannot_edit_another_moderator(client):
    moderators = Group.objects.get(name="Moderators")
    me, colleague = UserFactory(), UserFactory()
    me.groups.add(moderators)
    colleague.groups.add(moderators)
    client.force_login(me)
    response = client.get(f"/admin/users/edit/{colleague.pk}/")
    assert response.status_code in (302, 403)
