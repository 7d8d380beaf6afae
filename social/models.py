"""Who follows whom, their favourite works, and their collections of work. Plain Django models
rather than Wagtail snippets: these are members' own choices, not content editors manage, so
the admin does not list them."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from artworks.models import validate_one_line


class Follow(models.Model):
    """One member following another member's work. The "Following" page lists the newest work
    of everyone a member follows; the artist's page shows how many follow them.

    Both sides are users, deleted with either of them (an account's erasure takes its follows
    along). Three indexes serve the questions asked: "whom do I follow" (the unique
    constraint's index, led by the follower), "whom did I follow last", a page at a time, in
    the Following page's order (`follow_follower_newest`: a page of 500 follows reads its own
    entries, not all 500 sorted), and "who follows this artist" (led by the artist, newest
    first, which also answers the follower count from the index alone)."""

    # No index of their own on either key: the unique constraint's index leads with the
    # follower and `follow_artist_newest` with the artist, so a third and fourth would only
    # cost every follow a write.
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="follows",
        help_text=_("The member who follows."),
    )
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="followers",
        help_text=_("The member being followed."),
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
            models.Index(fields=["follower", "-created_at", "-id"], name="follow_follower_newest"),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.artist}"


class Collection(models.Model):
    """A member's named selection of public work, by any artist: "Blue hours", "Ink I love".
    Private until the member makes it public; a public one has a page of its own
    (/collections/<id>-<slug>/) and is listed on the member's artist page.

    A plain model rather than a Wagtail page or snippet: members own collections, editors do
    not curate them, and a page per collection would grow the page tree with every member.
    Every write goes through social.collections (limits, public work only, the page cache)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        # Served by `collection_owner_newest`, which leads with the owner.
        db_index=False,
        related_name="collections",
        help_text=_("The member who made the collection."),
    )
    name = models.CharField(max_length=80, validators=[validate_one_line])
    # Derived from the name on every save: the public address reads /collections/12-ink/, and
    # an old slug redirects to the current one.
    slug = models.SlugField(max_length=80, editable=False)
    # TextField's max_length binds forms only: the validator makes the service check it too.
    description = models.TextField(
        max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    is_public = models.BooleanField(
        _("Public"),
        default=False,
        help_text=_(
            "Public collections have a page anyone can open and are listed on your artist page."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The member's own list and the artist page's list, most recently changed first.
            models.Index(fields=["owner", "-updated_at"], name="collection_owner_newest"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = slugify(self.name)[:60] or "collection"
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("collection", kwargs={"collection_id": self.pk, "slug": self.slug})

    def get_edit_url(self):
        return reverse("my_collection", args=[self.pk])


class CollectionItem(models.Model):
    """One work in a collection, with the collector's note and its place in the order. The
    row stays while the work is hidden or unlisted (it comes back if the work does), but only
    listed public work of active artists is ever shown (social.collections.shown_artworks)."""

    collection = models.ForeignKey(
        Collection,
        on_delete=models.CASCADE,
        # Served by the unique constraint's index and `collection_item_order`.
        db_index=False,
        related_name="items",
    )
    artwork = models.ForeignKey(
        "artworks.Artwork",
        on_delete=models.CASCADE,
        related_name="collection_items",
        help_text=_("The work collected; deleting it takes it out of every collection."),
    )
    note = models.TextField(max_length=500, blank=True, validators=[MaxLengthValidator(500)])
    sort_order = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "artwork"], name="collect_work_once"),
        ]
        indexes = [
            models.Index(fields=["collection", "sort_order"], name="collection_item_order"),
        ]

    def __str__(self):
        return f"{self.artwork_id} in {self.collection_id}"


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
        help_text=_("The member who favourited the work."),
    )
    artwork = models.ForeignKey(
        "artworks.Artwork",
        on_delete=models.CASCADE,
        db_index=False,
        related_name="favourites",
        help_text=_("The work favourited."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "artwork"], name="favourite_once"),
        ]
        indexes = [
            # "My favourites" in its order, the key breaking ties: a page reads its rows
            # from the index in order, without sorting the member's favourites.
            models.Index(fields=["member", "-created_at", "-id"], name="favourite_member_newest"),
            models.Index(fields=["artwork", "created_at"], name="favourite_artwork_since"),
        ]

    def __str__(self):
        return f"{self.member} favourited {self.artwork_id}"
