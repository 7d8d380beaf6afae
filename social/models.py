"""Who follows whom. A plain Django model rather than a Wagtail snippet: follows are members'
own choices, not content editors manage, so the admin does not list them."""

from django.conf import settings
from django.db import models


class Follow(models.Model):
    """One member following another member's work. The "Following" page lists the newest work
    of everyone a member follows; the artist's page shows how many follow them.

    Both sides are users, deleted with either of them (an account's erasure takes its follows
    along). Two indexes serve the two questions asked: "whom do I follow" (the unique
    constraint's index, led by the follower) and "who follows this artist" (led by the artist,
    newest first, which also answers the follower count from the index alone)."""

    # No index of their own on either key: the unique constraint's index leads with the
    # follower and `follow_artist_newest` with the artist, so a third and fourth would only
    # cost every follow a write.
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="follows",
        help_text="The member who follows.",
    )
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="followers",
        help_text="The member being followed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the "whom do I follow" index: it leads with the follower.
            models.UniqueConstraint(fields=["follower", "artist"], name="follow_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("artist")), name="follow_not_oneself"
            ),
        ]
        indexes = [
            models.Index(fields=["artist", "-created_at"], name="follow_artist_newest"),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.artist}"


class Favourite(models.Model):
    """A member keeping a work among their favourites (the heart on artworks). Like follows,
    a member's own choice rather than content editors manage, so not a snippet.

    The rows answer two questions, each through its own index: "my favourites, newest first"
    (led by the member) and "this work's favourites since a date" (led by the work, for the
    weekly recount). How many favourites a work has is never counted on a page view: the
    artwork row carries the figures (Artwork.favourite_count, favourites_this_week), kept
    right by social.favourites."""

    # No index of their own on either key: the unique constraint's index leads with the
    # member (and answers "which of these works has the member favourited"), and
    # `favourite_artwork_since` leads with the work.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="favourites",
        help_text="The member who favourited the work.",
    )
    artwork = models.ForeignKey(
        "artworks.Artwork",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="favourites",
        help_text="The work favourited.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "artwork"], name="favourite_once"),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="favourite_member_newest"),
            models.Index(fields=["artwork", "created_at"], name="favourite_artwork_since"),
        ]

    def __str__(self):
        return f"{self.member} favourited {self.artwork_id}"
