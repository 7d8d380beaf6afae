"""The comment service: every path that posts, edits or deletes a comment goes through here,
with the acting member passed explicitly. Moderators' decisions live in moderation.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from artworks.models import Artwork

from . import moderation
from .models import Comment
from .signals import comment_posted


class CommentRefused(Exception):
    """A comment action that cannot be done; the message is for the member."""


COMMENTS_OFF = _("Comments are turned off for this work.")
NO_SUCH_COMMENT = _("The comment you replied to is not there any more.")
EDIT_TOO_LATE = _(
    "A comment can be edited or deleted for 15 minutes after it is posted; this one can no "
    "longer be changed."
)
WITH_THE_MODERATORS = _("This comment is with the moderators and cannot be changed.")
NOT_YOURS = _("You can only change your own comments.")


def comments_open(artwork):
    """Whether members may comment on `artwork`: its artist allows comments on all their
    work, and on this work."""
    return artwork.comments_enabled and artwork.artist.allow_comments


def post(member, artwork, body, *, parent=None, awaiting_review=False):
    """`member` comments on `artwork`, or replies to `parent`. A reply to a reply hangs from
    the top-level comment: threads are one level deep. While editors review new uploads
    (`awaiting_review`), the comment waits for a moderator. Returns the comment."""
    if not comments_open(artwork) or not member.is_active:
        raise CommentRefused(COMMENTS_OFF)
    if parent is not None:
        if parent.artwork_id != artwork.pk or parent.status != Comment.Status.PUBLISHED:
            raise CommentRefused(NO_SUCH_COMMENT)
        if parent.parent_id is not None:
            parent = parent.parent
    status = Comment.Status.AWAITING_REVIEW if awaiting_review else Comment.Status.PUBLISHED
    with transaction.atomic():
        # The work is locked and read again, so that a work hidden, or comments turned off,
        # at the same moment gets no comment.
        artwork = (
            Artwork.objects.public().select_for_update().select_related("artist").get(pk=artwork.pk)
        )
        if not comments_open(artwork):
            raise CommentRefused(COMMENTS_OFF)
        comment = Comment.objects.create(
            artwork=artwork, author=member, parent=parent, body=body, status=status
        )
        comment_posted.send(sender=Comment, comment=comment)
    return comment


def can_edit(member, comment, now=None):
    """Whether `member` may edit `comment` now: their own, within the edit window, and not
    taken out of view by a moderator or by reports."""
    return (
        member.is_authenticated
        and comment.author_id == member.pk
        and comment.within_edit_window(now)
        and comment.status in (Comment.Status.PUBLISHED, Comment.Status.AWAITING_REVIEW)
    )


def can_delete(member, comment, artwork=None, now=None):
    """Whether `member` may delete `comment`: their own within the edit window, or any
    comment on their own work."""
    artwork = artwork or comment.artwork
    return member.is_authenticated and (
        artwork.artist_id == member.pk or can_edit(member, comment, now)
    )


def edit(member, comment, body, *, awaiting_review=False):
    """`member` changes the text of their own comment, within the edit window. While review
    is on, a published comment that changes goes back to the moderators, as edited work does."""
    if comment.author_id != member.pk:
        raise CommentRefused(NOT_YOURS)
    if comment.status not in (Comment.Status.PUBLISHED, Comment.Status.AWAITING_REVIEW):
        raise CommentRefused(WITH_THE_MODERATORS)
    if not comment.within_edit_window():
        raise CommentRefused(EDIT_TOO_LATE)
    if body == comment.body:
        return comment
    with transaction.atomic():
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        if awaiting_review and comment.status == Comment.Status.PUBLISHED:
            moderation.decide(comment, Comment.Status.AWAITING_REVIEW, by=member)
    return comment


def delete(member, comment):
    """`member` deletes a comment (and its replies): their own within the edit window, or
    any on their own work. The artist's deletion is written to the audit log, as a
    moderator's decision is; a member taking back their own words is not."""
    artwork = comment.artwork
    if not can_delete(member, comment, artwork):
        if comment.author_id == member.pk:
            raise CommentRefused(EDIT_TOO_LATE)
        raise CommentRefused(NOT_YOURS)
    with transaction.atomic():
        if comment.author_id != member.pk:
            log(
                instance=comment,
                action="comments.delete_by_artist",
                user=member,
                data={"artwork": artwork.pk, "author": comment.author_id},
            )
        comment.delete()
