"""The list of artists: avatars and locations, the cached artist page, and exactly the members with
listed work, whatever path lists or unlists it."""

import pytest

from django.test import Client

from artworks import moderation
from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.html import soup
from tests.members.artist_pages.helpers import User, artist_page, upload_avatar

pytestmark = pytest.mark.django_db


# --- Deleting, caching, listing ----------------------------------------------------------------


def test_cached_artist_page_follows_profile_changes(client, member, visitor):
    assert "Lisbon" not in str(artist_page(visitor))
    assert visitor.get("/artists/ada/")["X-Page-Cache"] == "hit"

    member.location = "Lisbon"
    member.save(update_fields=["location"])
    assert "Lisbon" in str(artist_page(visitor))

    member.link_1 = "https://ada.example"
    member.save(update_fields=["link_1"])
    assert "ada.example" in str(artist_page(visitor))


def test_artist_list_shows_avatars_and_locations(
    client, member, visitor, django_capture_on_commit_callbacks
):
    upload_avatar(client, member, django_capture_on_commit_callbacks, location="Lisbon")
    other = UserFactory(username="bea")
    work = create_artwork(other, title="Bea's work")
    other.avatar_artwork = work
    other.save()
    create_artwork(UserFactory(username="cy"), title="No avatar")

    document = soup(visitor.get("/artists/"))
    avatars = document.select(".artist-list .avatar img")
    assert len(avatars) == 2
    assert all(avatar["alt"] == "" for avatar in avatars)
    assert "Lisbon" in document.select_one(".artist-list").get_text()


# --- The list of artists -------------------------------------------------------------------------


def listed_artists(visitor):
    document = soup(visitor.get("/artists/"))
    return [
        link.get_text(strip=True)
        for link in document.select(".artist-list h2 a, .artist-list h3 a")
    ]


def test_the_artist_list_follows_every_path_that_lists_or_unlists_an_artists_work(
    client, visitor, moderator
):
    """/artists/ reads each member's count of listed works (MemberManager.recount_listed_works):
    the member's own edit and delete, a moderator's decision one at a time or in bulk, a
    suspension and an account deletion all take the artist off the list or bring them back."""
    from members.deletion import request_deletion
    from members.moderation import set_member_active
    from tests.artworks.test_visibility import member_edit

    noor = UserFactory(username="noor", display_name="Noor Haddad")
    first = create_artwork(noor, title="First")
    second = create_artwork(noor, title="Second")
    create_artwork(UserFactory(display_name="Other Artist"), title="Other")
    owner = Client()
    owner.force_login(noor)
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]

    # The member unlists both works, then lists one again.
    for work in (first, second):
        assert member_edit(owner, work, visibility="unlisted").status_code == 302
    assert listed_artists(visitor) == ["Other Artist"]
    assert member_edit(owner, first, visibility="listed").status_code == 302
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]

    # A moderator hides it (in bulk), publishes it again (in bulk), hides it alone.
    hide = f"/admin/bulk/artworks/artwork/hide/?id={first.pk}&next=/admin/"
    assert client.post(hide, {"moderation_note": "Spam"}).status_code == 302
    assert listed_artists(visitor) == ["Other Artist"]
    assert client.post(f"/admin/bulk/artworks/artwork/publish/?id={first.pk}").status_code == 302
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    moderation.decide(first, Artwork.Status.HIDDEN, by=moderator)
    assert listed_artists(visitor) == ["Other Artist"]
    moderation.decide(first, Artwork.Status.PUBLISHED, by=moderator)

    # Suspended and reactivated; then the member deletes the work, and their other one is
    # still unlisted.
    set_member_active(noor, False, by=moderator)
    assert listed_artists(visitor) == ["Other Artist"]
    set_member_active(noor, True, by=moderator)
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    owner.force_login(noor)  # deactivation ended their sessions
    assert owner.post(first.get_delete_url()).status_code == 302
    assert not Artwork.objects.filter(pk=first.pk).exists()
    assert listed_artists(visitor) == ["Other Artist"]

    # A new upload lists them again; deleting the account takes them off.
    create_artwork(noor, title="Third")
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    request_deletion(User.objects.get(pk=noor.pk))
    assert listed_artists(visitor) == ["Other Artist"]


def test_the_admin_deleting_an_artists_only_work_takes_them_off_the_list(
    client, visitor, moderator
):
    work = create_artwork(UserFactory(display_name="Lone Work"), title="Only")
    assert listed_artists(visitor) == ["Lone Work"]
    response = client.post(
        f"/admin/bulk/artworks/artwork/delete/?id={work.pk}&next=/admin/snippets/artworks/artwork/"
    )
    assert response.status_code == 302
    assert listed_artists(visitor) == []


def test_saving_a_member_loaded_before_their_work_changed_keeps_the_list_right(visitor):
    """A profile save writes the whole row: it must not put back the count of listed works it
    was loaded with."""
    bea = UserFactory(username="bea", display_name="Bea Stone")
    loaded_before = User.objects.get(pk=bea.pk)
    create_artwork(bea, title="Bea's work")
    loaded_before.bio = "New words."
    loaded_before.save()
    assert listed_artists(visitor) == ["Bea Stone"]
    assert User.objects.get(pk=bea.pk).bio == "New words."


def test_the_artist_list_is_exactly_the_members_with_listed_work(visitor):
    listed = UserFactory(display_name="Listed Artist")
    create_artwork(listed, title="Shown")
    create_artwork(listed, title="Unlisted", visibility=Artwork.Visibility.UNLISTED)
    create_artwork(UserFactory(display_name="Only Unlisted"), visibility="unlisted")
    create_artwork(UserFactory(display_name="Only Hidden"), status=Artwork.Status.HIDDEN)
    create_artwork(UserFactory(display_name="Only Awaiting"), status="awaiting_review")
    create_artwork(UserFactory(display_name="Unconfirmed", verified_email=False))
    UserFactory(display_name="No Work")
    assert listed_artists(visitor) == ["Listed Artist"]
    assert [artist.pk for artist in User.objects.artists()] == [listed.pk]
