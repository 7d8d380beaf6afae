"""A member taken out of the site, by a moderator in the admin (bulk action) or by asking
to delete their own account, leaves every public surface the social features added at once,
cached pages included: their comments (and the thread under them), their collections,
their place in other members' notifications; and nobody can follow, favourite, collect,
comment on or commission them meanwhile."""

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from comments import services as comments
from members.deletion import request_deletion
from social import collections, follows
from social.models import Collection, Favourite, Follow
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


def by_moderator_bulk_action(eve):
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(moderator)
    response = client.post(
        f"/admin/bulk/members/user/set_active_state/?id={eve.pk}", {"mark_as_active": "False"}
    )
    assert response.status_code == 302


def by_own_deletion(eve):
    request_deletion(eve)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    ada = UserFactory(username="ada", display_name="Ada", open_for_commissions=True)
    eve = UserFactory(username="eve", display_name="Evelyn Quill", open_for_commissions=True)
    work = create_artwork(ada, title="Engine")
    eves_work = create_artwork(eve, title="Quill study")
    with django_capture_on_commit_callbacks(execute=True):
        follows.follow(eve, ada)
        comment = comments.post(eve, work, "Evelyn's words on the engine")
        comments.post(ada, work, "Ada answers Evelyn", parent=comment)
        collection = collections.create_collection(eve, "Evelyn's picks", is_public=True)
        collections.add_work(eve, collection, work, "A note by Evelyn")
    return {"ada": ada, "eve": eve, "work": work, "eves_work": eves_work, "collection": collection}


@pytest.mark.parametrize("take_out", [by_moderator_bulk_action, by_own_deletion])
def test_a_member_taken_out_leaves_every_public_surface_at_once(
    world, take_out, django_capture_on_commit_callbacks
):
    ada, eve, work, collection = world["ada"], world["eve"], world["work"], world["collection"]
    visitor = Client()
    # Cached with Evelyn on them first.
    assert "Evelyn&#x27;s words" in visitor.get(work.get_absolute_url()).content.decode()
    assert visitor.get(collection.get_absolute_url()).status_code == 200
    assert "Quill study" in visitor.get("/gallery/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        take_out(eve)

    artwork_page = visitor.get(work.get_absolute_url()).content.decode()
    assert "Evelyn" not in artwork_page  # her comment, and the reply under it
    assert "Ada answers" not in artwork_page
    assert visitor.get(collection.get_absolute_url()).status_code == 404
    assert visitor.get("/artists/eve/").status_code == 404
    assert visitor.get("/feeds/artists/eve/").status_code == 404
    for url in ("/gallery/", "/gallery/?q=Quill", "/feeds/artworks/", "/sitemap.xml", "/artists/"):
        assert "Quill study" not in visitor.get(url).content.decode(), url
    # Ada's own pages do not name her either.
    artist = Client()
    artist.force_login(ada)
    assert "Evelyn" not in artist.get("/my/notifications/").content.decode()
    assert "Evelyn" not in artist.get(work.get_absolute_url()).content.decode()


@pytest.mark.parametrize("take_out", [by_moderator_bulk_action, by_own_deletion])
def test_nobody_can_follow_favourite_collect_comment_on_or_commission_a_member_taken_out(
    world, take_out, django_capture_on_commit_callbacks
):
    ada, eve, eves_work = world["ada"], world["eve"], world["eves_work"]
    with django_capture_on_commit_callbacks(execute=True):
        take_out(eve)
    client = Client(raise_request_exception=False)
    client.force_login(ada)
    mine = Collection.objects.create(owner=ada, name="Mine")

    assert client.post("/my/following/eve/", {"action": "follow"}).status_code == 404
    assert client.post(f"/my/favourites/{eves_work.pk}/", {"action": "favourite"}).status_code in (
        400,
        403,
        404,
    )
    added = client.post("/my/collections/add/", {"artwork": eves_work.pk, "collection": mine.pk})
    assert added.status_code == 404
    commented = client.post(f"/artworks/{eves_work.pk}/comments/", {"body": "Hello"})
    assert commented.status_code in (403, 404)
    assert client.get("/my/commissions/request/eve/").status_code == 404
    assert (
        client.post(
            "/my/commissions/request/eve/", {"subject": "Hi", "message": "A portrait"}
        ).status_code
        == 404
    )

    assert not Follow.objects.filter(follower=ada, artist=eve).exists()
    assert not Favourite.objects.filter(member=ada).exists()
    assert not mine.items.exists()
    assert not eves_work.comments.exists()


# --- What was said, taken away, leaves the notifications quoting it ----------------------------


def notification_page(member):
    client = Client()
    client.force_login(member)
    return client.get("/my/notifications/").content.decode()


@pytest.fixture
def thread(django_capture_on_commit_callbacks):
    """Grace comments on Ada's work and Hedy replies: Ada is told of both, Grace of the reply."""
    ada = UserFactory(username="ada")
    grace = UserFactory(username="grace", display_name="Grace")
    hedy = UserFactory(username="hedy", display_name="Hedy")
    work = create_artwork(ada, title="Engine")
    with django_capture_on_commit_callbacks(execute=True):
        comment = comments.post(grace, work, "Nasty words about the engine")
        reply = comments.post(hedy, work, "A reply quoting nasty words", parent=comment)
    assert "Nasty words" in notification_page(ada)
    assert "A reply quoting" in notification_page(grace)
    return {"ada": ada, "grace": grace, "hedy": hedy, "comment": comment, "reply": reply}


def test_a_comment_a_moderator_removes_leaves_the_artists_notifications(
    thread, django_capture_on_commit_callbacks
):
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/bulk/comments/comment/remove/?id={thread['comment'].pk}",
            {"moderation_note": "Harassment"},
        )
    assert "Nasty words" not in notification_page(thread["ada"])
    # The reply, still public, is still news to the one it answered.
    assert "A reply quoting" in notification_page(thread["ada"])


def test_a_comment_deleted_by_the_artist_takes_its_replies_notifications_too(
    thread, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(thread["ada"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/comments/{thread['comment'].pk}/delete/")
    assert response.status_code == 302
    assert "Nasty words" not in notification_page(thread["ada"])
    assert "A reply quoting" not in notification_page(thread["ada"])
    assert "A reply quoting" not in notification_page(thread["grace"])


def test_a_comment_deleted_in_the_admin_leaves_the_notifications(
    thread, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/comments/comment/delete/{thread['reply'].pk}/")
    assert response.status_code == 302
    assert "A reply quoting" not in notification_page(thread["ada"])
    assert "A reply quoting" not in notification_page(thread["grace"])
    assert "Nasty words" in notification_page(thread["ada"])


def test_a_suspended_members_words_leave_the_emails_too(
    thread, django_capture_on_commit_callbacks, settings
):
    from django.core import mail

    from members.moderation import set_member_active
    from notifications import emails
    from notifications import services as notifications
    from notifications.models import Notification

    ada = thread["ada"]
    notifications.set_email_choice(ada, "daily")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        set_member_active(thread["grace"], False, by=UserFactory(is_superuser=True))
    Notification.objects.update(emailed_at=None, read_at=None)
    emails.send_digests()
    digest = "\n".join(message.body for message in mail.outbox if ada.email in message.to)
    assert "commented on your work" in digest
    assert "Nasty words" not in digest


# --- Favourites counts follow their member in and out ---------------------------------------


def counts(work):
    work.refresh_from_db()
    return work.favourite_count, work.favourites_this_week


@pytest.mark.parametrize("take_out", [by_moderator_bulk_action, by_own_deletion])
def test_a_member_taken_out_leaves_the_favourite_counts_and_comes_back_into_them(
    take_out, django_capture_on_commit_callbacks
):
    from members.deletion import cancel_deletion
    from members.moderation import set_member_active
    from social import favourites

    ada = UserFactory(username="ada")
    eve = UserFactory(username="eve")
    work = create_artwork(ada, title="Engine")
    favourites.favourite(eve, work)
    favourites.favourite(ada, work)
    assert counts(work) == (2, 2)
    visitor = Client()
    assert "data-favourite-count" not in visitor.get(work.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        take_out(eve)
    assert counts(work) == (1, 1)
    page = visitor.get(work.get_absolute_url()).content.decode()
    assert '<span class="favourite-count">1<' in page

    eve.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        if eve.deletion_requested_at:
            cancel_deletion(eve)
        else:
            set_member_active(eve, True, by=UserFactory(is_superuser=True))
    assert counts(work) == (2, 2)


def test_erasing_a_deactivated_member_does_not_take_their_favourites_off_twice(
    django_capture_on_commit_callbacks,
):
    from core.account_data import erase_member
    from social import favourites

    ada = UserFactory(username="ada")
    eve = UserFactory(username="eve")
    work = create_artwork(ada, title="Engine")
    favourites.favourite(eve, work)
    favourites.favourite(ada, work)
    with django_capture_on_commit_callbacks(execute=True):
        request_deletion(eve)
    assert counts(work) == (1, 1)
    eve.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        erase_member(eve)
    assert counts(work) == (1, 1)
    # An active member deleted in the admin is taken off once.
    UserFactory._meta.model.objects.filter(pk=ada.pk).delete()
    assert not type(work).objects.filter(pk=work.pk).exists()  # her work went with her


def test_the_recount_counts_only_active_members_favourites():
    from django.core.management import call_command

    from social import favourites

    ada = UserFactory(username="ada")
    eve = UserFactory(username="eve")
    work = create_artwork(ada, title="Engine")
    favourites.favourite(eve, work)
    favourites.favourite(ada, work)
    UserFactory._meta.model.objects.filter(pk=eve.pk).update(is_active=False)
    call_command("refresh_favourite_counts", "--all", stdout=None)
    assert counts(work) == (1, 1)


# --- A follower's notifications do not name work taken out of view --------------------------


@pytest.mark.parametrize("how", ["hidden", "artist suspended"])
def test_a_followers_notification_stops_naming_work_taken_out_of_view(
    how, django_capture_on_commit_callbacks
):
    from artworks.models import Artwork
    from members.moderation import set_member_active

    ada = UserFactory(username="ada", display_name="Ada")
    grace = UserFactory(username="grace")
    follows.follow(grace, ada)
    with django_capture_on_commit_callbacks(execute=True):
        work = create_artwork(ada, title="Offending title")
    assert "Offending title" in notification_page(grace)

    with django_capture_on_commit_callbacks(execute=True):
        if how == "hidden":
            Artwork.objects.filter(pk=work.pk).update(status=Artwork.Status.HIDDEN)
        else:
            set_member_active(ada, False, by=UserFactory(is_superuser=True))
    page = notification_page(grace)
    assert "Offending title" not in page
    assert "a work no longer shown" in page
    # Back in view, it is named again.
    if how == "hidden":
        Artwork.objects.filter(pk=work.pk).update(status=Artwork.Status.PUBLISHED)
        assert "Offending title" in notification_page(grace)


def test_a_comment_deleted_before_its_notification_task_runs_is_not_quoted(
    django_capture_on_commit_callbacks,
):
    from notifications.models import Notification

    ada = UserFactory(username="ada")
    grace = UserFactory(username="grace")
    work = create_artwork(ada, title="Engine")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        comment = comments.post(grace, work, "Words taken back at once")
    comment.delete()
    for callback in queued:
        callback()
    assert not Notification.objects.filter(recipient=ada, kind="comment").exists()
    assert "Words taken back" not in notification_page(ada)
