"""Where notifications start: receivers of the signals other apps send inside their writes.
Each queues a task once the write commits (notifications.tasks); none writes a notification
in the request. The apps sending them never name this one: follows and artworks through
Django's own signals, favourites, comments and commission requests through their own
(`social.signals.favourite_added`, `comments.signals.comment_posted`,
`commissions.signals.commission_requested`).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from artworks.models import Artwork
from artworks.moderation import artwork_decided
from comments.models import Comment
from comments.signals import comment_decided, comment_posted
from commissions.signals import commission_requested
from social.models import Follow
from social.signals import favourite_added

from . import services, tasks
from .models import Notification

Kind = Notification.Kind


def later(task, *args, **kwargs):
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)


@receiver(post_save, sender=Follow, dispatch_uid="notifications-new-follower")
def new_follower(sender, instance, created, **kwargs):
    if created:
        later(tasks.notify_new_follower, instance.pk)


@receiver(post_save, sender=Artwork, dispatch_uid="notifications-new-work")
def artwork_saved(sender, instance, created, update_fields, **kwargs):
    """A new upload published at once, or an edit that lists public work, may be new work for
    the artist's followers (the task announces each work once). Saves of a few fields are
    the moderation service's (handled by `artwork_decided` below) or bookkeeping."""
    if update_fields is not None:
        return
    if (
        instance.status == Artwork.Status.PUBLISHED
        and instance.visibility == Artwork.Visibility.LISTED
        and instance.artist_active
    ):
        later(tasks.announce_new_work, instance.pk)


@receiver(artwork_decided, sender=Artwork, dispatch_uid="notifications-decision")
def artwork_decided_notify(sender, artwork, previous_status, note, by, **kwargs):
    """The artist hears of a moderator's (or the reports') decision on their work; deciding
    what was already so, or the artist's own doing, tells nobody. Work published for the first
    time is also new work for the artist's followers."""
    status = artwork.status
    if status == previous_status or status not in tasks.DECISION_KINDS:
        return
    if by is not None and by.pk == artwork.artist_id:
        return
    later(tasks.notify_about_decision, artwork.pk, str(status), note)
    if status == Artwork.Status.PUBLISHED:
        later(tasks.announce_new_work, artwork.pk)


# --- Favourites, comments and commission requests -----------------------------------------


@receiver(favourite_added, dispatch_uid="notifications-favourite")
def on_favourite_added(sender, member, artwork, **kwargs):
    favourite_added_notify(member=member, artwork=artwork)


def tell_of_comment(comment):
    comment_posted_notify(
        author=comment.author,
        artwork=comment.artwork,
        target_url=comment.get_absolute_url(),
        excerpt=comment.body,
        parent_author=comment.parent.author if comment.parent_id else None,
        comment_id=comment.pk,
    )


@receiver(comment_posted, dispatch_uid="notifications-comment")
def on_comment_posted(sender, comment, **kwargs):
    """A comment public at once is news now; one awaiting review, once a moderator publishes
    it (below)."""
    if comment.is_public:
        tell_of_comment(comment)


@receiver(comment_decided, dispatch_uid="notifications-comment-published")
def on_comment_decided(sender, comment, previous_status, **kwargs):
    """Only a first publication: a comment held after reports and published again is not
    news to the artist a second time."""
    if (
        comment.status == Comment.Status.PUBLISHED
        and previous_status == Comment.Status.AWAITING_REVIEW
    ):
        tell_of_comment(comment)


@receiver(comment_decided, dispatch_uid="notifications-comment-removed")
def on_comment_removed(sender, comment, **kwargs):
    """A comment a moderator removed takes the notifications quoting it with it."""
    if comment.status == Comment.Status.REMOVED:
        services.forget_comment(comment)


@receiver(post_delete, sender=Comment, dispatch_uid="notifications-comment-deleted")
def on_comment_deleted(sender, instance, **kwargs):
    """A comment deleted by its author, by the artist or in the admin (and each reply deleted
    with it) takes the notifications quoting it with it."""
    services.forget_comment(instance)


@receiver(commission_requested, dispatch_uid="notifications-commission")
def on_commission_requested(sender, request, **kwargs):
    commission_requested_notify(
        requester=request.sender,
        artist=request.artist,
        target_url=f"{reverse('my_commissions')}#request-{request.pk}",
        summary=request.subject,
    )


def favourite_added_notify(*, member, artwork):
    """`member` added `artwork` to their favourites: its artist hears."""
    later(
        tasks.notify_later,
        artwork.artist_id,
        Kind.FAVOURITE.value,
        actor_id=member.pk,
        artwork_id=artwork.pk,
    )


def comment_posted_notify(
    *, author, artwork, target_url, excerpt, parent_author=None, comment_id=None
):
    """`author` commented on `artwork` (`target_url` leads to the comment, `excerpt` is its
    text): the artist hears of a comment, and the author of the comment replied to of the
    reply (the artist is not told twice when the reply is to their own comment). With
    `comment_id`, nobody is told if the comment is no longer public when the task runs."""
    told = []
    if parent_author is not None:
        told.append((parent_author.pk, Kind.REPLY))
    if parent_author is None or parent_author.pk != artwork.artist_id:
        told.append((artwork.artist_id, Kind.COMMENT))
    for recipient_id, kind in told:
        later(
            tasks.notify_later,
            recipient_id,
            kind.value,
            actor_id=author.pk,
            artwork_id=artwork.pk,
            target_url=target_url,
            text=excerpt,
            comment_id=comment_id,
        )


def commission_requested_notify(*, requester, artist, target_url, summary=""):
    """`requester` asked `artist` for a commission; `target_url` is where the artist reads it."""
    later(
        tasks.notify_later,
        artist.pk,
        Kind.COMMISSION.value,
        actor_id=requester.pk,
        target_url=target_url,
        text=summary,
    )
