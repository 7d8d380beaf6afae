"""Signals one app sends and another hears, kept here so that neither imports the other."""

from django.dispatch import Signal

#: A moderator's decision about a member (members.moderation), sent inside its transaction:
#: `member`, `action` (the audit log's: "members.deactivate", "members.reactivate",
#: "members.clear_profile") and `by`. The reports app resolves the reports it answers.
member_moderated = Signal()
