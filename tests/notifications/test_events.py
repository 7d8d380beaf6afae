"""Each kind of notification, made by its event (through tasks, after the write commits), never
about one's own action nor for a suspended member."""

import pytest

from django.core import mail

from artworks.models import Artwork
from artworks.moderation import decide
from notifications import receivers
from notifications.models import NewWorkAnnouncement, Notification
from notifications.services import notify
from social.models import Follow
from tests.factories import UserFactory, create_artwork
from tests.notifications.helpers import (
    Kind,
    choose_email,
    follow_through_the_button,
    notifications_of,
)

pytestmark = pytest.mark.django_db


# --- Each kind, made by its event -------------------------------------------------------------


def test_a_new_follower_is_told_to_the_artist_after_the_follow_commits(
    client, ada, grace, committed
):
    with committed():
        follow_through_the_button(client, grace, ada)
        # Not in the request: nothing is written until the follow commits.
        assert not Notification.objects.exists()
    assert notifications_of(ada) == [Kind.NEW_FOLLOWER]
    assert notifications_of(grace) == []
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    assert "Grace Hopper now follows you" in page


def test_following_again_after_an_unfollow_tells_the_artist_once(client, ada, grace, committed):
    with committed():
        follow_through_the_button(client, grace, ada)
    with committed():
        client.post("/my/following/ada/", {"action": "unfollow"})
        client.post("/my/following/ada/", {"action": "follow"})
    assert notifications_of(ada) == [Kind.NEW_FOLLOWER]


def test_a_follow_undone_before_the_task_runs_tells_nobody(client, ada, grace, committed):
    with committed():
        follow_through_the_button(client, grace, ada)
        Follow.objects.all().delete()
    assert not Notification.objects.exists()


def test_followers_hear_of_new_work_once(ada, grace, committed):
    stranger = UserFactory()
    Follow.objects.create(follower=grace, artist=ada)
    with committed():
        artwork = create_artwork(ada, title="Analytical engine")
    assert notifications_of(grace) == [Kind.NEW_WORK]
    assert notifications_of(stranger) == notifications_of(ada) == []
    notification = Notification.objects.get(recipient=grace)
    assert notification.message == "Ada Lovelace shared new work: “Analytical engine”"
    assert notification.target_url == artwork.get_absolute_url()

    # Hidden and published again, edited: not new work any more.
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=UserFactory(is_staff=True))
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
        artwork.save()
    assert notifications_of(grace) == [Kind.NEW_WORK]


def test_new_work_reaches_every_follower_in_batches(ada, committed, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    followers = [UserFactory() for _ in range(5)]
    Follow.objects.bulk_create(Follow(follower=f, artist=ada) for f in followers)
    suspended = followers[0]
    suspended.is_active = False
    suspended.save()
    with committed():
        create_artwork(ada)
    told = set(Notification.objects.filter(kind=Kind.NEW_WORK).values_list("recipient", flat=True))
    assert told == {follower.pk for follower in followers[1:]}


def test_work_published_after_review_tells_the_artist_and_then_the_followers(ada, grace, committed):
    Follow.objects.create(follower=grace, artist=ada)
    artwork = create_artwork(ada, title="Reviewed", status=Artwork.Status.AWAITING_REVIEW)
    assert not Notification.objects.exists()
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
    assert notifications_of(ada) == [Kind.PUBLISHED]
    assert notifications_of(grace) == [Kind.NEW_WORK]
    published = Notification.objects.get(recipient=ada)
    assert published.message == "Your work “Reviewed” is published"
    assert published.actor is None  # the moderator is not named


def test_unlisted_work_is_announced_only_once_its_artist_lists_it(ada, grace, committed):
    Follow.objects.create(follower=grace, artist=ada)
    artwork = create_artwork(ada, status=Artwork.Status.AWAITING_REVIEW)
    Artwork.objects.filter(pk=artwork.pk).update(visibility=Artwork.Visibility.UNLISTED)
    artwork.refresh_from_db()
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
    assert notifications_of(grace) == []
    with committed():
        artwork.visibility = Artwork.Visibility.LISTED
        artwork.save()
    assert notifications_of(grace) == [Kind.NEW_WORK]


def test_work_public_before_notifications_existed_is_never_announced(ada, grace, committed):
    """The migration marks work already public; here, the same mark made by hand."""
    artwork = create_artwork(ada)
    NewWorkAnnouncement.objects.get_or_create(artwork=artwork)
    Follow.objects.create(follower=grace, artist=ada)
    with committed():
        artwork.save()
    assert notifications_of(grace) == []


def test_hidden_work_tells_the_artist_with_the_note_and_emails_once(ada, committed):
    choose_email(ada, "immediate")
    artwork = create_artwork(ada, title="Engine")
    mail.outbox.clear()
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=UserFactory(is_staff=True), note="Spam links")
    notification = Notification.objects.get(recipient=ada)
    assert notification.kind == Kind.HIDDEN
    assert notification.text == "Spam links"
    assert notification.target_url == "/my/artworks/"
    # The decision's own email (artworks.notifications), not a second one from here.
    assert len(mail.outbox) == 1
    assert "Spam links" in mail.outbox[0].body


def test_held_work_tells_the_artist(ada, committed):
    artwork = create_artwork(ada, title="Engine")
    with committed():
        decide(artwork, Artwork.Status.HELD, by=None)
    assert Notification.objects.get(recipient=ada).message == (
        "Your work “Engine” is held for a moderator after reports"
    )


def test_deciding_what_is_already_so_or_ones_own_decision_tells_nobody(ada, committed):
    artwork = create_artwork(ada)
    with committed():
        decide(artwork, Artwork.Status.PUBLISHED, by=UserFactory(is_staff=True))
        decide(artwork, Artwork.Status.HIDDEN, by=ada)
    assert not Notification.objects.filter(recipient=ada).exists()


def test_a_decision_changed_before_the_task_runs_tells_nothing_stale(ada, committed):
    artwork = create_artwork(ada)
    moderator = UserFactory(is_staff=True)
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=moderator)
        decide(artwork, Artwork.Status.PUBLISHED, by=moderator)
    assert notifications_of(ada) == [Kind.PUBLISHED]


def test_favourites_comments_replies_and_commission_requests_reach_the_right_member(
    ada, grace, committed
):
    bob = UserFactory(display_name="Bob Ross")
    artwork = create_artwork(ada, title="Engine")
    with committed():
        receivers.favourite_added_notify(member=grace, artwork=artwork)
        receivers.comment_posted_notify(
            author=grace, artwork=artwork, target_url="/gallery/1/#c1", excerpt="Lovely"
        )
        # Bob replies to Grace's comment: Grace hears of the reply, Ada of a comment.
        receivers.comment_posted_notify(
            author=bob,
            artwork=artwork,
            target_url="/gallery/1/#c2",
            excerpt="Agreed",
            parent_author=grace,
        )
        receivers.commission_requested_notify(
            requester=bob, artist=ada, target_url="/my/commissions/1/", summary="A portrait"
        )
    assert notifications_of(ada) == [Kind.FAVOURITE, Kind.COMMENT, Kind.COMMENT, Kind.COMMISSION]
    assert notifications_of(grace) == [Kind.REPLY]
    favourite = Notification.objects.get(kind=Kind.FAVOURITE)
    assert favourite.target_url == artwork.get_absolute_url()
    messages = [n.message for n in Notification.objects.order_by("pk")]
    assert messages == [
        "Grace Hopper added your work “Engine” to their favourites",
        "Grace Hopper commented on your work “Engine”",
        "Bob Ross replied to your comment on “Engine”",
        "Bob Ross commented on your work “Engine”",
        "Bob Ross sent you a commission request",
    ]


def test_the_artist_replying_to_a_comment_is_not_told_of_their_own_reply(ada, grace, committed):
    artwork = create_artwork(ada)
    with committed():
        receivers.comment_posted_notify(
            author=ada, artwork=artwork, target_url="/", excerpt="Thanks", parent_author=grace
        )
    assert notifications_of(grace) == [Kind.REPLY]
    assert notifications_of(ada) == []


def test_nobody_is_told_of_their_own_action_nor_a_suspended_member_of_anything(ada, grace):
    assert notify(ada, Kind.FAVOURITE, actor=ada) is None
    grace.is_active = False
    grace.save()
    assert notify(grace, Kind.NEW_FOLLOWER, actor=ada) is None
    assert not Notification.objects.exists()


def test_a_suspended_actor_is_not_named(ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    grace.is_active = False
    grace.save()
    assert Notification.objects.get().message == "A member now follows you"


def test_the_actors_account_deleted_takes_the_notifications_about_it(ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    grace.delete()
    assert not Notification.objects.exists()
