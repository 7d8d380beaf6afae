"""Members' own pages kept for them (core.page_cache.MemberPageCacheMiddleware,
core.member_pages): a page served again costs the session and user lookups alone, shows every
change the member makes or is told of at the next request, is never anyone else's, never
staff's, carries the CSRF token of the browser it answers, and never hides a message."""

import re

import pytest

from django.contrib.auth.models import Group, Permission
from django.test import Client

from artworks import moderation
from artworks.models import Artwork
from artworks.tasks import generate_renditions
from members.moderation import set_member_active
from notifications import services as notifications
from notifications.models import Notification
from social import favourites, follows
from tests.factories import UserFactory, create_artwork
from tests.html import csrf_token, csrf_tokens, select

pytestmark = pytest.mark.django_db

KEPT_PAGES = ["/", "/gallery/", "/gallery/?sort=title", "/my/artworks/", "/my/following/",
              "/my/favourites/"]  # fmt: skip


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def engine(ada):
    return create_artwork(ada, title="Analytical Engine")


@pytest.fixture
def grace(client):
    member = UserFactory(username="grace", display_name="Grace Hopper")
    client.force_login(member)
    return member


def kept(client, path):
    """The page as the member sees it, after it has been kept (asked twice: the second is
    served from the cache)."""
    client.get(path)
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def heart_pressed(html, artwork):
    return bool(select(html, f'#favourite-{artwork.pk} [aria-pressed="true"]'))


def without_tokens(html):
    """The page as served, each form's CSRF token (which differs at every response) blanked."""
    for token in csrf_tokens(html):
        html = html.replace(f'value="{token}"', 'value=""')
    return html


# --- Kept, and served ------------------------------------------------------------------------


@pytest.mark.parametrize("path", KEPT_PAGES)
def test_a_members_page_is_kept_and_served_again_unchanged(client, grace, engine, path):
    first = client.get(path)
    second = client.get(path)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert without_tokens(second.content.decode()) == without_tokens(first.content.decode())
    assert "Log out" in second.content.decode()


def test_a_hit_costs_the_session_and_the_member_alone(
    client, grace, engine, django_assert_num_queries
):
    for path in KEPT_PAGES:
        client.get(path)
        with django_assert_num_queries(2):  # the session, the member
            assert client.get(path)["X-Page-Cache"] == "hit"


def test_a_hit_has_the_headers_of_the_page_it_kept(client, grace, engine):
    miss = client.get("/gallery/")
    hit = client.get("/gallery/")
    policy = "Content-Security-Policy"
    assert re.sub(r" 'nonce-[^']*'", "", miss[policy]) == hit[policy]
    others = {name for name, _ in miss.items()} - {"X-Page-Cache"}
    assert others == {name for name, _ in hit.items()} - {"X-Page-Cache"}
    for name in others - {policy}:
        assert hit[name] == miss[name], name
    assert "private" in hit["Cache-Control"] and "public" not in hit["Cache-Control"]
    assert set(hit.cookies) == set(miss.cookies) == {"csrftoken"}


def test_another_member_never_gets_the_first_members_page(client, grace, ada, engine):
    favourites.favourite(grace, engine)
    assert heart_pressed(kept(client, "/gallery/"), engine)
    other = Client()
    other.force_login(ada)
    response = other.get("/gallery/")
    assert response["X-Page-Cache"] == "miss"
    assert not heart_pressed(response.content.decode(), engine)


def test_visitors_never_get_a_members_page(client, grace, engine):
    kept(client, "/gallery/")
    html = Client().get("/gallery/").content.decode()
    assert "Log out" not in html and "Log in" in html


@pytest.mark.parametrize("make_staff", ["is_staff", "is_superuser", "editor", "permission"])
def test_staff_and_editors_never_get_kept_pages(client, engine, make_staff):
    member = UserFactory()
    if make_staff == "editor":
        member.groups.add(Group.objects.get(name="Editors"))
    elif make_staff == "permission":
        member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    else:
        setattr(member, make_staff, True)
        member.save()
    client.force_login(member)
    for _ in range(2):
        response = client.get("/gallery/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_a_member_made_an_editor_stops_getting_kept_pages(client, grace, engine):
    kept(client, "/gallery/")
    grace.groups.add(Group.objects.get(name="Editors"))
    assert "X-Page-Cache" not in client.get("/gallery/")

    # Also when the group they are in is given the admin.
    reviewers = Group.objects.create(name="Reviewers")
    ada = UserFactory()
    ada.groups.add(reviewers)
    other = Client()
    other.force_login(ada)
    kept(other, "/gallery/")
    reviewers.permissions.add(Permission.objects.get(codename="access_admin"))
    assert "X-Page-Cache" not in other.get("/gallery/")


def test_a_member_who_opened_a_password_protected_page_gets_pages_built(client, grace, engine):
    kept(client, "/gallery/")
    session = client.session
    session["passed_page_view_restrictions"] = [1]
    session.save()
    assert "X-Page-Cache" not in client.get("/gallery/")


def test_other_pages_are_not_kept(client, grace, engine):
    for path in ["/my/notifications/", "/my/collections/", "/artists/", engine.get_absolute_url()]:
        client.get(path)
        assert "X-Page-Cache" not in client.get(path)


# --- The CSRF token --------------------------------------------------------------------------


def test_the_token_in_a_kept_page_is_the_browsers_own(grace, engine):
    """The member logged in on two devices: the page kept on the first is served to the
    second with the second's token, which its POST then passes with."""
    laptop = Client(enforce_csrf_checks=True)
    laptop.force_login(grace)
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(grace)
    laptop_html = laptop.get("/gallery/").content.decode()
    response = phone.get("/gallery/")
    assert response["X-Page-Cache"] == "hit"
    phone_html = response.content.decode()
    phone_tokens = set(csrf_tokens(phone_html))
    assert len(phone_tokens) == 1 and not phone_tokens & set(csrf_tokens(laptop_html))
    assert len(csrf_tokens(phone_html)) == len(csrf_tokens(laptop_html)) > 1

    posted = phone.post(
        f"/my/favourites/{engine.pk}/",
        {"action": "favourite", "csrfmiddlewaretoken": phone_tokens.pop(), "next": "/gallery/"},
    )
    assert posted.status_code == 302
    assert heart_pressed(page(phone, "/gallery/"), engine)


@pytest.mark.parametrize("title", ["<csrf-token>", "{csrf-token}"])
def test_a_title_written_like_the_token_marker_stays_the_title(client, grace, title):
    create_artwork(title=title)

    html = kept(client, "/gallery/")

    token = csrf_token(html)
    assert token not in html.replace(f'value="{token}"', "")
    assert "&lt;csrf-token&gt;" in html if title.startswith("<") else title in html


# --- Every change the member makes or is told of shows at once ------------------------------


def test_a_favourite_and_an_unfavourite_show_at_once(client, grace, engine):
    assert not heart_pressed(kept(client, "/gallery/"), engine)
    assert "Analytical Engine" not in kept(client, "/my/favourites/")
    favourites.favourite(grace, engine)
    assert heart_pressed(page(client, "/gallery/"), engine)
    assert "Analytical Engine" in page(client, "/my/favourites/")

    favourites.unfavourite(grace, engine)
    assert not heart_pressed(page(client, "/gallery/"), engine)
    assert "Analytical Engine" not in page(client, "/my/favourites/")


def test_a_favourite_pressed_in_place_shows_on_the_next_page(client, grace, engine):
    """The heart's script posts for JSON: no message, and the next page is built again."""
    kept(client, "/gallery/")
    client.post(
        f"/my/favourites/{engine.pk}/", {"action": "favourite"}, HTTP_ACCEPT="application/json"
    )
    response = client.get("/gallery/")
    assert response["X-Page-Cache"] == "miss"
    assert heart_pressed(response.content.decode(), engine)


def test_a_follow_and_an_unfollow_show_at_once(client, grace, ada, engine):
    assert "Ada Lovelace" not in kept(client, "/my/following/")
    follows.follow(grace, ada)
    html = page(client, "/my/following/")
    assert "Ada Lovelace" in html and "Analytical Engine" in html
    follows.unfollow(grace, ada)
    assert "Ada Lovelace" not in page(client, "/my/following/")


def test_a_notification_arriving_or_read_shows_in_the_bell_at_once(client, grace, ada, engine):
    assert "unread" not in kept(client, "/gallery/")
    notifications.notify(grace, Notification.Kind.NEW_FOLLOWER, actor=ada)
    assert "Notifications, 1 unread" in page(client, "/gallery/")
    kept(client, "/my/artworks/")
    notifications.mark_all_read(grace)
    assert "unread" not in page(client, "/my/artworks/")


@pytest.fixture
def own_work(grace):
    return create_artwork(grace, title="Compiler", status=Artwork.Status.AWAITING_REVIEW)


def test_their_work_published_or_hidden_by_a_moderator_shows_at_once(
    client, grace, own_work, moderator_user
):
    assert "a moderator will look at it soon" in kept(client, "/my/artworks/")
    moderation.decide(own_work, Artwork.Status.PUBLISHED, by=moderator_user)
    html = page(client, "/my/artworks/")
    assert "a moderator will look at it soon" not in html and "Published" in html
    assert "Compiler" in kept(client, "/gallery/")

    moderation.decide(own_work, Artwork.Status.HIDDEN, by=moderator_user, note="Not yours.")
    assert "Not yours." in page(client, "/my/artworks/")
    assert "Compiler" not in page(client, "/gallery/")


def test_their_work_edited_or_deleted_shows_at_once(client, grace, own_work):
    kept(client, "/my/artworks/")
    own_work.title = "A-0 System"
    own_work.save()
    assert "A-0 System" in page(client, "/my/artworks/")
    kept(client, "/my/artworks/")
    own_work.delete()
    assert "A-0 System" not in page(client, "/my/artworks/")


def test_their_works_image_ready_shows_at_once(client, grace, own_work):
    own_work.image.renditions.all().delete()
    assert "Preparing the image" in kept(client, "/my/artworks/")
    generate_renditions.call(own_work.image_id)
    assert "Preparing the image" not in page(client, "/my/artworks/")


def test_a_suspended_member_gets_no_kept_page(client, grace, own_work, moderator_user):
    kept(client, "/my/artworks/")
    set_member_active(grace, False, by=moderator_user)
    response = client.get("/my/artworks/")
    assert response.status_code == 302 and "X-Page-Cache" not in response
    assert "Log in" in page(client, "/gallery/")


def test_a_member_renamed_sees_their_new_name_at_once(client, grace, own_work):
    create_artwork(grace, title="Published")  # their public page exists: My artworks links it
    assert 'href="/artists/grace/"' in kept(client, "/my/artworks/")
    grace.username = "amazing-grace"
    grace.save()
    assert 'href="/artists/amazing-grace/"' in page(client, "/my/artworks/")


@pytest.fixture
def moderator_user():
    member = UserFactory(username="mod")
    member.groups.add(Group.objects.get(name="Moderators"))
    return member


# --- Messages ---------------------------------------------------------------------------------


def test_a_message_is_shown_and_not_kept(client, grace, engine):
    kept(client, "/gallery/")
    response = client.post(
        f"/my/favourites/{engine.pk}/",
        {"action": "favourite", "next": "/gallery/"},
        follow=True,
    )
    assert "is in your favourites." in response.content.decode()
    assert "X-Page-Cache" not in response
    after = client.get("/gallery/")
    assert "is in your favourites." not in after.content.decode()
    assert after["X-Page-Cache"] == "miss"
    assert heart_pressed(after.content.decode(), engine)
