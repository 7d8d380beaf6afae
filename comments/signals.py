"""Signals other apps listen to (notifications are attached to these at merge)."""

from django.dispatch import Signal

#: Sent inside the posting transaction when a member posts a comment or a reply, whether it
#: is public at once or awaits review: `comment` (a Comment; `comment.parent` is the
#: top-level comment for a reply, None otherwise). A receiver that notifies someone should
#: check `comment.is_public` or wait for `comment_decided` publishing it.
comment_posted = Signal()

#: Sent inside the deciding transaction (comments.moderation.decide): `comment`,
#: `previous_status`, `note` and `by` (the moderator, or None when the site decided itself,
#: as when reports hold a comment).
comment_decided = Signal()
