"""The background half of notifications: receivers (notifications.receivers) queue these once
the write that deserves a notification commits, so the request that caused it never waits for
rows or emails. Each task reads the rows afresh: what was undone meanwhile (an unfollow, a
deleted work, a decision changed again) tells nobody."""

from django_tasks import task

from django.contrib.auth import get_user_model
from django.urls import reverse

from artworks.models import Artwork
from comments.models import Comment
from social.models import Follow

from . import emails, services
from .models import Notification

Kind = Notification.Kind

#: The artwork status each moderation kind reports.
DECISION_KINDS = {
    Artwork.Status.PUBLISHED: Kind.PUBLISHED,
    Artwork.Status.HIDDEN: Kind.HIDDEN,
    Artwork.Status.HELD: Kind.HELD,
}


@task()
def notify_new_follower(follow_id):
    follow = Follow.objects.select_related("follower", "artist").filter(pk=follow_id).first()
    if follow is None:
        return  # unfollowed before the task ran
    follower = follow.follower
    # A follower's name links to their page only when they have one (public work).
    has_page = (
        get_user_model().objects.artists_by_key(listed_only=False).filter(pk=follower.pk).exists()
    )
    services.notify(
        follow.artist,
        Kind.NEW_FOLLOWER,
        actor=follower,
        target_url=follower.get_absolute_url() if has_page else "",
    )


@task()
def announce_new_work(artwork_id):
    artwork = Artwork.objects.filter(pk=artwork_id).first()
    if artwork is not None:
        services.notify_followers_of_new_work(artwork)


@task()
def notify_about_decision(artwork_id, status, note):
    """The artist hears that their work was published, hidden (with the moderator's note) or
    held, unless the work has been decided again meanwhile. The moderator is not named."""
    kind = DECISION_KINDS.get(status)
    artwork = Artwork.objects.select_related("artist").filter(pk=artwork_id).first()
    if kind is None or artwork is None or artwork.status != status:
        return
    target_url = artwork.get_absolute_url() if kind == Kind.PUBLISHED else reverse("my_artworks")
    services.notify(artwork.artist, kind, artwork=artwork, target_url=target_url, text=note)


@task()
def notify_later(
    recipient_id, kind, actor_id=None, artwork_id=None, target_url="", text="", comment_id=None
):
    """notify() by ids, for receivers of other apps' signals (favourites, comments, replies,
    commission requests): see notifications.receivers. A recipient, actor or work deleted
    meanwhile tells nobody, nor does a comment (`comment_id`) no longer public: removed or
    deleted before the task ran, it must not be quoted (services.forget_comment ran first).
    Without `target_url`, the notification leads to the work."""
    users = get_user_model().objects.in_bulk([i for i in (recipient_id, actor_id) if i])
    recipient, actor = users.get(recipient_id), users.get(actor_id)
    artwork = Artwork.objects.filter(pk=artwork_id).first() if artwork_id else None
    if recipient is None or (actor_id and actor is None) or (artwork_id and artwork is None):
        return
    if comment_id is not None and not Comment.objects.public().filter(pk=comment_id).exists():
        return
    if not target_url and artwork is not None:
        target_url = artwork.get_absolute_url()  # looked up here, not in the request
    services.notify(recipient, kind, actor=actor, artwork=artwork, target_url=target_url, text=text)


@task()
def send_immediate_emails(notification_ids):
    emails.send_immediate_emails(notification_ids)
