"""Comments on artworks. A plain Django model, listed for moderators through a snippet viewset
(wagtail_hooks.py) so that they get Wagtail's filters, bulk actions and History."""

from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artworks.models import Artwork
from artworks.renditions import AVATAR_SPECS, CARD_SPECS
from core.renditions import renditions_prefetch

#: How long a member may edit or delete their own comment after posting it.
EDIT_WINDOW = timedelta(minutes=15)

#: The longest comment, in characters.
MAX_LENGTH = 2000


class CommentQuerySet(models.QuerySet):
    def public(self):
        """What visitors see: published comments by active members on public work."""
        return self.filter(
            status=Comment.Status.PUBLISHED,
            author__is_active=True,
            artwork__status=Artwork.Status.PUBLISHED,
            artwork__artist_active=True,
        )

    def for_listing(self):
        """What the comment list on an artwork's page shows of each comment: its author, their
        avatar and whether they have an artist page to link to. One query for the comments
        and one for each kind of avatar's renditions (none when nobody has that kind),
        whatever the number of comments."""
        has_public_work = Artwork.objects.public().filter(artist=OuterRef("author"))
        confirmed = EmailAddress.objects.filter(user=OuterRef("author"), verified=True)
        return (
            self.select_related("author__avatar_image", "author__avatar_artwork__image")
            .prefetch_related(
                renditions_prefetch("author__avatar_image__renditions", AVATAR_SPECS),
                renditions_prefetch("author__avatar_artwork__image__renditions", CARD_SPECS),
            )
            .annotate(author_has_page=Exists(has_public_work) & Exists(confirmed))
            .order_by("created_at", "pk")
        )


class Comment(models.Model):
    """A member's comment on an artwork, or a reply to one. Threads are one level deep: a
    reply always hangs from a top-level comment (comments.services attaches a reply to a
    reply to its top-level comment). The body is plain text; the page escapes it and links
    web addresses itself (templatetags.comment_tags), so nothing a member writes is HTML."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        # New comments while editors have review switched on (artworks.ReviewSettings).
        AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
        # Taken out of public view by reports from several members (reports app).
        HELD = "held", _("Held after reports")
        # A moderator's decision; the row stays for the audit log and the reports.
        REMOVED = "removed", _("Removed")

    artwork = models.ForeignKey(
        Artwork,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="comments",
        help_text=_("The work the comment is on."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        help_text=_("The member who wrote the comment."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text=_("The top-level comment this one replies to (empty for a top-level comment)."),
    )
    body = models.TextField(max_length=MAX_LENGTH)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    moderation_note = models.TextField(
        blank=True, help_text=_("Why the comment was removed or held, for moderators.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # An artwork's public comments in order: the page's one query walks this index.
            models.Index(
                fields=["artwork", "status", "created_at", "id"], name="comment_artwork_order"
            ),
        ]

    def __str__(self):
        text = " ".join(self.body.split())
        return text if len(text) <= 60 else f"{text[:59]}…"

    def get_absolute_url(self):
        return f"{self.artwork.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def was_edited(self):
        return self.edited_at is not None

    def within_edit_window(self, now=None):
        return (now or timezone.now()) - self.created_at <= EDIT_WINDOW
