"""
Every decision about whether the public may see a comment, in one place.

The admin's Publish and Remove actions, the automatic hold after reports and a member's edit
that sends a published comment back to review all call `decide()`, as artworks.moderation
does for works: it locks the row, saves the new status and note, and writes Wagtail's audit
log (the comment's History and Reports → Site history show who decided what). Saving moves
the public cache on (signal_handlers); the reports app resolves a comment's reports when a
moderator decides (it listens to `comment_decided`).
"""

from django.db import transaction

from core.decisions import record_decision

from .models import Comment
from .signals import comment_decided

#: The audit log's action for each status (labels: wagtail_hooks.register_comment_log).
LOG_ACTIONS = {
    Comment.Status.PUBLISHED: "comments.publish",
    Comment.Status.REMOVED: "comments.remove",
    Comment.Status.HELD: "comments.hold",
    Comment.Status.AWAITING_REVIEW: "comments.await_review",
}

#: What only a moderator may decide, and what answers a comment's reports.
MODERATOR_DECISIONS = (Comment.Status.PUBLISHED, Comment.Status.REMOVED)


def decide(comment, status, *, by, note=""):
    """Give `comment` the status `status` (publishing clears the note). Returns the comment
    as saved. Deciding what is already so is still recorded: publishing a reported comment
    that was never held answers its reports."""
    status = Comment.Status(status)
    if status == Comment.Status.PUBLISHED:
        note = ""
    with transaction.atomic():
        previous_status = record_decision(
            comment, status, by=by, note=note, log_actions=LOG_ACTIONS
        )
        comment_decided.send(
            sender=Comment, comment=comment, previous_status=previous_status, note=note, by=by
        )
    return comment
