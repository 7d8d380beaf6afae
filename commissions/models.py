"""Commission requests and blocks. Plain Django models: they are what members wrote to each
other, not content editors manage; the admin lists requests read-only, for moderation
(wagtail_hooks.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionRequest(models.Model):
    """One member asking an artist for a new work. The site relays it to the artist by email
    (the sender's address as Reply-To, so the conversation continues between the two of
    them) and keeps it: for the artist's list of requests, where they can block a sender, and
    for moderators looking into abuse. Deleted with either member."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        # The artist blocked the sender from this request. Kept after an unblock: moderators
        # see which requests made artists block someone.
        BLOCKED = "blocked", _("Sender blocked")

    # No index of their own on either key: the two indexes below lead with them.
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="commission_requests_received",
        help_text=_("The artist asked."),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="commission_requests_sent",
        help_text=_("The member who asked."),
    )
    subject = models.CharField(max_length=120)
    message = models.TextField(max_length=3000)
    budget = models.CharField(max_length=80, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("artist")), name="commission_not_to_oneself"
            ),
        ]
        indexes = [
            # The artist's list of requests received, newest first.
            models.Index(fields=["artist", "-created_at"], name="commission_artist_newest"),
            # The sender's daily allowance (their requests of the last day) and their list.
            models.Index(fields=["sender", "-created_at"], name="commission_sender_newest"),
        ]

    def __str__(self):
        return self.subject


class CommissionBlock(models.Model):
    """An artist refusing further requests from one member. The member is told, when they try,
    only that this artist is not taking requests from them."""

    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,  # the unique constraint's index leads with it
        related_name="commission_blocks",
        help_text=_("The artist who blocked."),
    )
    blocked_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The member who may no longer send this artist requests."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "blocked_member"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocked_member=models.F("artist")),
                name="block_not_oneself",
            ),
        ]

    def __str__(self):
        return f"{self.artist} blocked {self.blocked_member}"
