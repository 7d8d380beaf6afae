from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelsearch.tasks import insert_or_update_object_task
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from ..rights import Licence, Medium, SizeUnit
from .admin_form import ArtworkAdminForm
from .description import ArtworkDescription
from .fields import MAX_EXTRA_IMAGES, dimension_field, validate_one_line
from .pictures import ArtworkPictures
from .querysets import ArtworkQuerySet
from .tags import TaggedArtwork


class Artwork(ArtworkPictures, ArtworkDescription, index.Indexed, ClusterableModel):
    """A work a member uploaded. A Wagtail snippet (moderated in the admin through the viewset
    in wagtail_hooks.py) whose file lives in Wagtail's image library, so renditions, focal
    points and storage all come from Wagtail. ClusterableModel lets tags be edited in forms
    before the row exists."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        # New uploads while editors have review switched on (ReviewSettings).
        AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
        # Taken out of public view by reports from several members (reports app).
        HELD = "held", _("Held after reports")
        HIDDEN = "hidden", _("Hidden")

    class Visibility(models.TextChoices):
        LISTED = "listed", _("Listed: in the gallery, on your page, in feeds and search")
        UNLISTED = "unlisted", _("Unlisted: only people with its link can see it")

    title = models.CharField(max_length=120, validators=[validate_one_line])
    image = models.ForeignKey(
        "wagtailimages.Image",
        # Deleting the image from Wagtail's library takes the artwork with it, so no artwork
        # ever points at nothing; deleting the artwork deletes the image (signal_handlers).
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The uploaded work, kept in Wagtail's image library."),
    )
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="artworks",
        help_text=_("The member who uploaded the work."),
    )
    description = models.TextField(max_length=2000, blank=True)
    alt_text = models.CharField(
        _("Alt text"),
        max_length=250,
        validators=[validate_one_line],
        help_text=_("Describe the work for people who cannot see it."),
    )
    tags = ClusterTaggableManager(through=TaggedArtwork, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    moderation_note = models.TextField(
        blank=True,
        help_text=_("Why the work is hidden. The artist sees this note on their artworks page."),
    )
    artist_active = models.BooleanField(
        default=True,
        editable=False,
        help_text=_(
            "A copy of the artist's “active” flag, kept in step by members.signal_handlers, so "
            "that listings filter one table and deep gallery pages read only an index."
        ),
    )
    artist_sort_name = models.CharField(
        max_length=150,
        blank=True,
        editable=False,
        help_text=_(
            "The artist's public name in lower case, kept in step by members.signal_handlers, "
            "so that the gallery sorted by artist reads an index instead of joining members."
        ),
    )
    licence = models.CharField(
        max_length=32,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
        help_text=_("How others may use the work. All rights reserved unless the artist says so."),
    )
    made_with_ai = models.BooleanField(
        _("Made with generative AI"),
        default=False,
        help_text=_("This work was made with generative AI."),
    )
    ai_only_in_part = models.BooleanField(
        _("Generative AI was only one part of it"),
        default=False,
        help_text=_(
            "For example a generated background in a painted work: the label and the "
            "work's Content Credentials say it combines generative AI with the artist's own work."
        ),
    )
    # Separate from the licence: a licence that lets people share or adapt the work says
    # nothing about training AI models on it, so the artist opts in per work (off by default).
    allow_ai_training = models.BooleanField(
        _("Allow AI training"),
        default=False,
        help_text=_(
            "The work's Content Credentials say AI training and data mining are not "
            "allowed unless this is ticked."
        ),
    )
    medium = models.CharField(max_length=20, choices=Medium.choices, blank=True)
    year_made = models.PositiveSmallIntegerField(
        _("Year made"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )
    width = dimension_field()
    height = dimension_field()
    depth = dimension_field()
    size_unit = models.CharField(
        _("Unit"), max_length=2, choices=SizeUnit.choices, default=SizeUnit.CM
    )
    visibility = models.CharField(
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.LISTED,
        help_text=_(
            "Unlisted work is seen only by people with its link: no listing, feed, "
            "sitemap or search shows it."
        ),
    )
    work_in_progress = models.BooleanField(
        _("Work in progress"),
        default=False,
        help_text=_("Shown with a “Work in progress” label."),
    )
    mature = models.BooleanField(
        _("Mature content"),
        default=False,
        help_text=_("Blurred in listings and on its page until a visitor chooses to see it."),
    )
    pixel_art = models.BooleanField(
        _("Pixel art"),
        default=False,
        help_text=_("Shown scaled up with sharp square pixels, instead of at its own small size."),
    )
    comments_enabled = models.BooleanField(
        _("Allow comments"),
        default=True,
        help_text=_(
            "Members may comment on this work (the artist may also turn comments off "
            "for all their work on their profile)."
        ),
    )
    mature_by_moderator = models.BooleanField(
        default=False,
        editable=False,
        help_text=_("A moderator marked the work as mature content: the artist cannot unmark it."),
    )
    # Denormalised from social.Favourite so that no page view counts favourites: kept right
    # by social.favourites (F() updates in the favourite's own transaction) and recounted by
    # `manage.py refresh_favourite_counts`, which also lets old favourites leave the week.
    favourite_count = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("How many members keep this work as a favourite.")
    )
    favourites_this_week = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_(
            "Favourites given in the last seven days: the gallery's "
            "“Most favourited this week” order."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArtworkQuerySet.as_manager()

    base_form_class = ArtworkAdminForm
    panels = [
        FieldPanel("title"),
        FieldPanel("alt_text"),
        FieldPanel("description"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("made_with_ai"),
                FieldPanel("ai_only_in_part"),
                FieldPanel("allow_ai_training"),
                FieldPanel("medium"),
                FieldPanel("year_made"),
                FieldPanel("width"),
                FieldPanel("height"),
                FieldPanel("depth"),
                FieldPanel("size_unit"),
                FieldPanel("pixel_art"),
            ],
            heading=_("Rights and facts"),
        ),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("work_in_progress"), FieldPanel("mature")],
            heading=_("Visibility and content warning"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("moderation_note")], heading=_("Moderation")
        ),
        HelpPanel(template="artworks/admin/artwork_image_panel.html", heading=_("Image")),
        InlinePanel(
            "extra_images",
            max_num=MAX_EXTRA_IMAGES,
            heading=_("More images of this work"),
            label=_("Image"),
        ),
    ]

    # Indexed by save() (and taken out by artworks.signal_handlers), not by Wagtail's post_save
    # handler as well: that one runs before ClusterableModel has saved the tags, so a new
    # work was indexed without them and then again.
    search_auto_update = False
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields(
            "artist", [index.SearchField("display_name"), index.SearchField("username")]
        ),
        index.FilterField("status"),
        index.FilterField("artist_id"),
        index.FilterField("created_at"),
        index.FilterField("licence"),
        index.FilterField("medium"),
        index.FilterField("made_with_ai"),
        index.FilterField("visibility"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The gallery: public work, newest first. Walked in order, with the artist's flag
            # read from the index itself, a deep page skips rows without touching the table.
            models.Index(
                fields=["status", "-created_at", "-id", "artist_active", "visibility"],
                name="artwork_listed_newest",
            ),
            # The gallery sorted by title.
            models.Index(
                fields=["status", "artist_active", "visibility", "title", "id"],
                name="artwork_listed_title",
            ),
            # The gallery sorted by "Most favourited this week", walked in order like the
            # title index (sort_artworks names the shared columns for SQLite's sake).
            models.Index(
                fields=[
                    "status",
                    "artist_active",
                    "visibility",
                    "-favourites_this_week",
                    "-created_at",
                    "-id",
                ],
                name="artwork_listed_weekly_favs",
            ),
            # The gallery sorted by artist, walked in order like the title index.
            models.Index(
                fields=[
                    "status",
                    "artist_active",
                    "visibility",
                    "artist_sort_name",
                    "artist_id",
                    "-created_at",
                    "-id",
                ],
                name="artwork_listed_artist_name",
            ),
            # An artist's page and "My artworks". The listed flags close the key, so a deep
            # page of an artist's listed work skips rows in the index alone, as the gallery's.
            models.Index(
                fields=["artist", "status", "-created_at", "-id", "artist_active", "visibility"],
                name="artwork_artist_newest",
            ),
            # The admin's Artworks listing, newest first (its default) or sorted by title, over
            # every status: the first page reads fifty index entries, not a million rows.
            # Sorting by status or artist reads the indexes above.
            models.Index(fields=["-created_at", "-id"], name="artwork_newest"),
            models.Index(fields=["title", "id"], name="artwork_title"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # "Only one part" qualifies the AI declaration; alone it would label nothing.
        if self.ai_only_in_part and not self.made_with_ai:
            raise ValidationError(
                {
                    "ai_only_in_part": _(
                        "Tick “made with generative AI” as well, or untick this: it says how "
                        "much of the work AI made."
                    )
                }
            )

    #: What the work's Content Credentials say of it (artworks.credentials.manifest): a change
    #: to any of them re-signs its renditions (signal_handlers, tasks.resign_renditions).
    CREDENTIAL_FIELDS = (
        "title",
        "licence",
        "made_with_ai",
        "ai_only_in_part",
        "allow_ai_training",
        "medium",
        "year_made",
    )

    @classmethod
    def from_db(cls, db, field_names, values):
        artwork = super().from_db(db, field_names, values)
        # Remembered so that a save can tell whether the credentials went stale.
        artwork._loaded_credentials = artwork.credential_values()
        artwork._loaded_artist_id = artwork.__dict__.get("artist_id")
        return artwork

    def credential_values(self):
        return {
            name: self.__dict__[name] for name in self.CREDENTIAL_FIELDS if name in self.__dict__
        }

    def changed_credential_fields(self):
        """The fields its credentials hold whose values differ from those loaded (all of them
        for a work not loaded from the database)."""
        loaded = getattr(self, "_loaded_credentials", None)
        current = self.credential_values()
        if loaded is None:
            return set(current)
        return {name for name, value in current.items() if loaded.get(name, value) != value}

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.artist_active = self.artist.is_active
        if self.artist_id != getattr(self, "_loaded_artist_id", None):
            self.artist_sort_name = self.sort_name_of(self.artist)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "artist_sort_name"}
            self._loaded_artist_id = self.artist_id
        # A change of status is a moderation decision: artworks.moderation.decide() makes it.
        super().save(*args, **kwargs)
        # After super().save(), which has saved the tags too. Not deferred to on_commit: the
        # production queue (django-tasks-db) is a table of this database, so the task reaches
        # the worker when the work commits, and never for a rolled-back one; the immediate
        # backend of development and tests indexes into the database backend's tables inside
        # the same transaction, so a test's search finds the work.
        insert_or_update_object_task.enqueue(
            self._meta.app_label, self._meta.model_name, str(self.pk)
        )

    @staticmethod
    def sort_name_of(artist):
        """What the gallery sorts a member's works by: the name visitors see, in lower case
        (the same on every database, as SQL's LOWER is not)."""
        return artist.public_name.lower()

    @staticmethod
    def slug_of(title):
        return slugify(title)[:60] or "artwork"

    @property
    def slug(self):
        return self.slug_of(self.title)

    @staticmethod
    def address_in(gallery_url, pk, title):
        """The work's address under the gallery's: what get_absolute_url() gives, from the
        row's id and title alone (the sitemap writes tens of thousands at a time)."""
        return f"{gallery_url}{pk}/{Artwork.slug_of(title)}/"

    def get_absolute_url(self):
        # The gallery's module imports this one: its page is looked up when first needed.
        from .gallery import GalleryPage

        return self.address_in(GalleryPage.cached_url(), self.pk, self.title)

    def get_edit_url(self):
        return reverse("artwork_edit", args=[self.pk])

    def get_delete_url(self):
        return reverse("artwork_delete", args=[self.pk])
