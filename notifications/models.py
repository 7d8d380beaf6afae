"""What members are told, and how they like to be told. Plain Django models, not Wagtail
snippets: notifications are each member's own, not content editors manage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One thing that happened that a member should hear about. Rows are written by tasks
    (notifications.tasks), never in the request that caused them; the bell counts the unread
    ones and /my/notifications/ lists them. What the notification says is built when it is
    shown (`message`), from the actor and the artwork as they are now; `text` keeps the one
    thing that may not last, such as a moderator's note."""

    class Kind(models.TextChoices):
        NEW_WORK = "new_work", _("New work from an artist you follow")
        NEW_FOLLOWER = "new_follower", _("A new follower")
        FAVOURITE = "favourite", _("A favourite on your work")
        COMMENT = "comment", _("A comment on your work")
        REPLY = "reply", _("A reply to your comment")
        PUBLISHED = "published", _("Your work published")
        HIDDEN = "hidden", _("Your work hidden")
        HELD = "held", _("Your work held after reports")
        COMMISSION = "commission", _("A commission request")

    #: Kinds whose `text` quotes what the acting member wrote.
    MEMBERS_WORDS = frozenset({Kind.COMMENT, Kind.REPLY, Kind.COMMISSION})

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,  # the two indexes below lead with it
        related_name="notifications",
        help_text=_("The member told."),
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Deleting the actor's account takes the notifications about what they did with it, as it
    # takes their follows, favourites and comments.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member whose action this is; empty when the site or a moderator acted."),
    )
    artwork = models.ForeignKey(
        "artworks.Artwork",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The work concerned, if any."),
    )
    text = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("A short copy of what was written (a moderator's note, a comment's start)."),
    )
    target_url = models.CharField(
        max_length=500, blank=True, help_text=_("The page on this site the notification leads to.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The bell: "how many unread" reads this index alone, and "Mark all as read".
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The member's list, newest first, a page at a time.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
            # The daily digest (the last days' rows) and the pruning of old ones.
            models.Index(fields=["created_at"], name="notification_created"),
        ]

    def __str__(self):
        return gettext("%(kind)s for %(member)s") % {
            "kind": self.get_kind_display(),
            "member": self.recipient,
        }

    @property
    def actor_name(self):
        """Who acted, by their public name; a suspended member is not named."""
        if self.actor is None or not self.actor.is_active:
            return gettext("A member")
        return self.actor.public_name

    @property
    def artwork_title(self):
        """The work's title in quotes, as the sentence names it. Someone else's work that is
        no longer public (hidden, held, its artist suspended) is not named: a follower's list
        must not keep what moderators took out of view. The member's own work always is."""
        artwork = self.artwork
        if artwork is None:
            return ""
        public = artwork.status == artwork.Status.PUBLISHED and artwork.artist_active
        if public or artwork.artist_id == self.recipient_id:
            return f"“{artwork.title}”"
        return gettext("a work no longer shown")

    @property
    def message(self):
        """The notification in one plain sentence (escaped where it is shown: names and titles
        are members' own words)."""
        title = self.artwork_title
        kind = self.Kind
        sentences = {
            kind.NEW_WORK: _("%(actor)s shared new work: %(title)s"),
            kind.NEW_FOLLOWER: _("%(actor)s now follows you"),
            kind.FAVOURITE: _("%(actor)s added your work %(title)s to their favourites"),
            kind.COMMENT: _("%(actor)s commented on your work %(title)s"),
            kind.REPLY: _("%(actor)s replied to your comment on %(title)s"),
            kind.PUBLISHED: _("Your work %(title)s is published"),
            kind.HIDDEN: _("A moderator hid your work %(title)s"),
            kind.HELD: _("Your work %(title)s is held for a moderator after reports"),
            kind.COMMISSION: _("%(actor)s sent you a commission request"),
        }
        sentence = sentences.get(self.kind)
        if sentence is None:
            return self.get_kind_display()
        return str(sentence) % {"actor": self.actor_name, "title": title}

    @property
    def shown_text(self):
        """`text` as the page and emails show it. A member's own words (a comment, a
        commission request's subject) go unquoted once they are suspended or their account
        is being deleted, as their name does (`actor_name`)."""
        if self.kind in self.MEMBERS_WORDS and (self.actor is None or not self.actor.is_active):
            return ""
        return self.text

    @property
    def text_label(self):
        """What `text` is, for the page and the email."""
        if self.kind in (self.Kind.HIDDEN, self.Kind.HELD):
            return gettext("Moderator's note") if self.kind == self.Kind.HIDDEN else gettext("Note")
        return ""


class NewWorkAnnouncement(models.Model):
    """That an artwork's followers have been told about it: new work is announced once, the
    first time it is public and listed, never again when it comes back from review or from
    being hidden. (Work public before notifications existed is marked by the migration.)"""

    artwork = models.OneToOneField(
        "artworks.Artwork", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    announced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Announced {self.artwork_id}"


class NotificationPreferences(models.Model):
    """How a member likes to hear about notifications by email. A member without a row has
    the default (settings.NOTIFICATION_EMAIL_DEFAULT); the row is made when they first choose."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Send each one by email as it happens")
        DAILY = "daily", _("Send one email a day listing them (a daily digest)")
        OFF = "off", _("No emails: show them on the site only")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
    )
    email = models.CharField(max_length=10, choices=Email.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.member}: {self.email}"
