import hashlib
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urljoin

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Value
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify

from modelsearch.tasks import insert_or_update_object_task
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import (
    BaseGenericSetting,
    BaseSiteSetting,
    register_setting,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.page_urls import CachedUrlMixin
from core.pagination import PAGING_PARAMETERS, kept_page, paginate
from core.public_cache import public_version
from core.ranked_search import result_pks
from core.renditions import renditions_prefetch, renditions_ready

from .browsing import ArtworkList
from .renditions import (
    ADMIN_PREVIEW_SPEC,
    ADMIN_THUMBNAIL_SPEC,
    ALL_SPECS,
    CARD_SPECS,
    DETAIL_SPECS,
    SHARE_SPECS,
    VIEWER_LARGE_SPECS,
    VIEWER_SPECS,
)
from .rights import LICENCE_URLS, Licence, Medium, SizeUnit
from .sharing import first_share_image, share_image_of

WORD = re.compile(r"\w+")

#: How many extra images (details, process, other views) one work may have.
MAX_EXTRA_IMAGES = 10


def printable(text):
    """The text without control characters (a NUL is refused by PostgreSQL)."""
    return "".join(character for character in text if character.isprintable())


def validate_one_line(value):
    """Titles and alt text are one line: a line break would split an email's subject (or an
    HTTP header) in two, and a control character shows as nothing at all."""
    if value != printable(value):
        raise ValidationError("Keep this to one line, without line breaks or control characters.")


class TaggedArtwork(TaggedItemBase):
    """One tag on one work (django-taggit's through model)."""

    # No index of its own: `taggedartwork_tag_work` leads with the tag.
    tag = models.ForeignKey(
        Tag,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="%(app_label)s_%(class)s_items",
    )
    content_object = ParentalKey(
        "artworks.Artwork", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        indexes = [
            # A tag's works, and whether one work carries a tag: one lookup in the index,
            # which the gallery filtered by a tag makes for each work it walks past.
            models.Index(fields=["tag", "content_object"], name="taggedartwork_tag_work"),
        ]


class ArtworkQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Every listing of artworks is built here, so every page applies the same visibility
    rules and costs the same number of queries. SearchableQuerySetMixin keeps `.search()`
    working on the custom manager."""

    def public(self):
        """What visitors may see by its link: published work by members who are still
        active."""
        return self.filter(status=Artwork.Status.PUBLISHED, artist_active=True)

    def listed(self):
        """What listings show (the gallery and its search, tag pages, artist pages, the home
        page, exhibitions, feeds and the sitemap): public work its artist has not unlisted."""
        return self.public().filter(visibility=Artwork.Visibility.LISTED)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def for_cards(self):
        """What a card shows: the artist, the image and its card renditions (tags are on
        the artwork's own page, not the card). The share rendition comes in the same query:
        a listing's share preview (its first work's) then costs nothing more."""
        return self.select_related("artist", "image").prefetch_related(
            renditions_prefetch("image__renditions", CARD_SPECS + SHARE_SPECS)
        )

    def for_feed(self):
        """What a feed entry carries: a card's image, and its tags as categories."""
        return self.for_cards().prefetch_related("tags")

    def for_detail(self):
        """What the artwork's page shows: the work, its tags and its extra images. The extra
        images cost two queries whatever their number (the rows with their images, then all
        their renditions), and none for a work without any."""
        return self.select_related("artist", "image").prefetch_related(
            "tags",
            renditions_prefetch(
                "image__renditions",
                DETAIL_SPECS + SHARE_SPECS + VIEWER_SPECS + VIEWER_LARGE_SPECS,
            ),
            Prefetch(
                "extra_images",
                queryset=ArtworkImage.objects.select_related("image").prefetch_related(
                    # Every spec the upload task makes: the strip's thumbnails and the
                    # largest one the viewer opens, whatever renditions.py comes to list.
                    renditions_prefetch("image__renditions", ALL_SPECS + VIEWER_LARGE_SPECS)
                ),
            ),
        )

    def uploaded_in_last_day_by(self, member):
        return self.filter(artist=member, created_at__gte=timezone.now() - timedelta(days=1))


def images_uploaded_in_last_day_by(member):
    """How many images the member uploaded in the last 24 hours: works and their extra
    images alike, since each costs the same to clean and store (the daily limit counts
    both)."""
    since = timezone.now() - timedelta(days=1)
    works = Artwork.objects.filter(artist=member, created_at__gte=since).count()
    extras = ArtworkImage.objects.filter(artwork__artist=member, created_at__gte=since).count()
    return works + extras


class ArtworkAdminForm(WagtailAdminModelForm):
    """The admin's edit form. A post without the extra images' InlinePanel (a script, or a
    form from before the panel existed) leaves the extra images as they are, as a left-out
    licence or visibility keeps its value: the panel's fields are filled in from the stored
    images, rather than the form failing for want of the formset's management form."""

    def __init__(self, data=None, files=None, instance=None, prefix=None, **kwargs):
        formset_prefix = f"{prefix}-extra_images" if prefix else "extra_images"
        if data is not None and f"{formset_prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            stored = list(instance.extra_images.all()) if instance and instance.pk else []
            for key, value in {
                "TOTAL_FORMS": len(stored),
                "INITIAL_FORMS": len(stored),
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": MAX_EXTRA_IMAGES,
            }.items():
                data[f"{formset_prefix}-{key}"] = str(value)
            for number, extra in enumerate(stored):
                for key, value in {
                    "id": extra.pk,
                    "alt_text": extra.alt_text,
                    "caption": extra.caption,
                    "ORDER": number + 1,
                }.items():
                    data[f"{formset_prefix}-{number}-{key}"] = str(value)
        super().__init__(data, files, instance=instance, prefix=prefix, **kwargs)


def dimension_field():
    """A physical size in the artwork's unit, to a tenth: optional and never zero or less."""
    return models.DecimalField(
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )


class Artwork(index.Indexed, ClusterableModel):
    """A work a member uploaded. A Wagtail snippet (moderated in the admin through the viewset
    in wagtail_hooks.py) whose file lives in Wagtail's image library, so renditions, focal
    points and storage all come from Wagtail. ClusterableModel lets tags be edited in forms
    before the row exists."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        # New uploads while editors have review switched on (ReviewSettings).
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        # Taken out of public view by reports from several members (reports app).
        HELD = "held", "Held after reports"
        HIDDEN = "hidden", "Hidden"

    class Visibility(models.TextChoices):
        LISTED = "listed", "Listed: in the gallery, on your page, in feeds and search"
        UNLISTED = "unlisted", "Unlisted: only people with its link can see it"

    title = models.CharField(max_length=120, validators=[validate_one_line])
    image = models.ForeignKey(
        "wagtailimages.Image",
        # Deleting the image from Wagtail's library takes the artwork with it, so no artwork
        # ever points at nothing; deleting the artwork deletes the image (signal_handlers).
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The uploaded work, kept in Wagtail's image library.",
    )
    artist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="artworks",
        help_text="The member who uploaded the work.",
    )
    description = models.TextField(max_length=2000, blank=True)
    alt_text = models.CharField(
        "Alt text",
        max_length=250,
        validators=[validate_one_line],
        help_text="Describe the work for people who cannot see it.",
    )
    tags = ClusterTaggableManager(through=TaggedArtwork, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )
    moderation_note = models.TextField(
        blank=True,
        help_text="Why the work is hidden. The artist sees this note on their artworks page.",
    )
    artist_active = models.BooleanField(
        default=True,
        editable=False,
        help_text=(
            "A copy of the artist's “active” flag, kept in step by members.signal_handlers, so "
            "that listings filter one table and deep gallery pages read only an index."
        ),
    )
    artist_sort_name = models.CharField(
        max_length=150,
        blank=True,
        editable=False,
        help_text=(
            "The artist's public name in lower case, kept in step by members.signal_handlers, "
            "so that the gallery sorted by artist reads an index instead of joining members."
        ),
    )
    licence = models.CharField(
        max_length=32,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
        help_text="How others may use the work. All rights reserved unless the artist says so.",
    )
    made_with_ai = models.BooleanField(
        "Made with generative AI",
        default=False,
        help_text="This work was made with generative AI.",
    )
    ai_only_in_part = models.BooleanField(
        "Generative AI was only one part of it",
        default=False,
        help_text="For example a generated background in a painted work: the label and the "
        "work's Content Credentials say it combines generative AI with the artist's own work.",
    )
    # Separate from the licence: a licence that lets people share or adapt the work says
    # nothing about training AI models on it, so the artist opts in per work (off by default).
    allow_ai_training = models.BooleanField(
        "Allow AI training",
        default=False,
        help_text="The work's Content Credentials say AI training and data mining are not "
        "allowed unless this is ticked.",
    )
    medium = models.CharField(max_length=20, choices=Medium.choices, blank=True)
    year_made = models.PositiveSmallIntegerField(
        "Year made",
        null=True,
        blank=True,
        validators=[MinValueValidator(1000), MaxValueValidator(2100)],
    )
    width = dimension_field()
    height = dimension_field()
    depth = dimension_field()
    size_unit = models.CharField(
        "Unit", max_length=2, choices=SizeUnit.choices, default=SizeUnit.CM
    )
    visibility = models.CharField(
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.LISTED,
        help_text="Unlisted work is seen only by people with its link: no listing, feed, "
        "sitemap or search shows it.",
    )
    work_in_progress = models.BooleanField(
        "Work in progress",
        default=False,
        help_text="Shown with a “Work in progress” label.",
    )
    mature = models.BooleanField(
        "Mature content",
        default=False,
        help_text="Blurred in listings and on its page until a visitor chooses to see it.",
    )
    pixel_art = models.BooleanField(
        "Pixel art",
        default=False,
        help_text="Shown scaled up with sharp square pixels, instead of at its own small size.",
    )
    comments_enabled = models.BooleanField(
        "Allow comments",
        default=True,
        help_text="Members may comment on this work (the artist may also turn comments off "
        "for all their work on their profile).",
    )
    mature_by_moderator = models.BooleanField(
        default=False,
        editable=False,
        help_text="A moderator marked the work as mature content: the artist cannot unmark it.",
    )
    # Denormalised from social.Favourite so that no page view counts favourites: kept right
    # by social.favourites (F() updates in the favourite's own transaction) and recounted by
    # `manage.py refresh_favourite_counts`, which also lets old favourites leave the week.
    favourite_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many members keep this work as a favourite."
    )
    favourites_this_week = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Favourites given in the last seven days: the gallery's "
        "“Most favourited this week” order.",
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
            heading="Rights and facts",
        ),
        MultiFieldPanel(
            [FieldPanel("visibility"), FieldPanel("work_in_progress"), FieldPanel("mature")],
            heading="Visibility and content warning",
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("moderation_note")], heading="Moderation"
        ),
        HelpPanel(template="artworks/admin/artwork_image_panel.html", heading="Image"),
        InlinePanel(
            "extra_images",
            max_num=MAX_EXTRA_IMAGES,
            heading="More images of this work",
            label="Image",
        ),
    ]

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
                    "ai_only_in_part": "Tick “made with generative AI” as well, or untick "
                    "this: it says how much of the work AI made."
                }
            )

    @property
    def ai_label(self):
        """The gallery's label for the artist's AI declaration, or "" for none."""
        if not self.made_with_ai:
            return ""
        return "Partly made with AI" if self.ai_only_in_part else "Made with AI"

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
        # ClusterableModel saves the tags after the row, so the post_save indexing ran before
        # they existed: index again now, or a tag search finds nothing. (Any editor or member
        # save goes through here.)
        insert_or_update_object_task.enqueue(
            self._meta.app_label, self._meta.model_name, str(self.pk)
        )

    @staticmethod
    def sort_name_of(artist):
        """What the gallery sorts a member's works by: the name visitors see, in lower case
        (the same on every database, as SQL's LOWER is not)."""
        return artist.public_name.lower()

    @property
    def admin_thumbnail(self):
        """The card rendition admin listings show, from the prefetched renditions
        (ArtworkQuerySet.for_cards or the admin's own prefetch); None until it is made."""
        return next(
            (
                rendition
                for rendition in getattr(self.image, "prefetched_renditions", [])
                if rendition.filter_spec == ADMIN_THUMBNAIL_SPEC
            ),
            None,
        )

    @cached_property
    def admin_preview(self):
        """The rendition moderators see on the edit screen, once the upload task made it."""
        return self.image.renditions.filter(filter_spec=ADMIN_PREVIEW_SPEC).first()

    @cached_property
    def card_ready(self):
        return renditions_ready(self.image, CARD_SPECS)

    @cached_property
    def detail_ready(self):
        return renditions_ready(self.image, DETAIL_SPECS + SHARE_SPECS)

    @cached_property
    def share_rendition(self):
        """The rendition shared links show (SHARE), once the upload task has made it, else
        None. Read from the prefetched renditions when the listing fetched them (for_cards,
        for_detail): a visitor's request never makes a rendition."""
        prefetched = getattr(self.image, "prefetched_renditions", None)
        if prefetched is None:
            return self.image.renditions.filter(filter_spec=SHARE_SPECS[0]).first()
        return next((r for r in prefetched if r.filter_spec == SHARE_SPECS[0]), None)

    def prefetched_rendition(self, spec):
        """The rendition of `spec` from those the listing prefetched, or None."""
        prefetched = getattr(self.image, "prefetched_renditions", None) or []
        return next((r for r in prefetched if r.filter_spec == spec), None)

    @cached_property
    def viewer_rendition(self):
        """The largest rendition made for the full-size view (3200 pixels where the original
        is that big, else 2560 or the original's own size), or None until it is made."""
        for spec in VIEWER_LARGE_SPECS + VIEWER_SPECS:
            rendition = self.prefetched_rendition(spec)
            if rendition is not None:
                return rendition
        return None

    @cached_property
    def page_picture(self):
        """The large image on the work's page, from the prefetched renditions (for_detail):
        WebP and JPEG sources with one entry per distinct width (a small work's renditions
        are all the same size: repeating a width would make the srcset invalid), and the
        width and height of the largest, which is the work's own size up to 2560 pixels: the
        stylesheet shows it no larger, so it is never blown up."""
        sources = {}
        largest = None
        for spec in DETAIL_SPECS + VIEWER_SPECS:
            rendition = self.prefetched_rendition(spec)
            if rendition is None:
                continue
            image_format = spec.split("|")[0].removeprefix("format-")
            sources.setdefault(image_format, {}).setdefault(rendition.width, rendition.url)
            if largest is None or rendition.width > largest.width:
                largest = rendition
        if largest is None or "jpeg" not in sources:
            return None

        def srcset(widths):
            return ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))

        jpeg = sources["jpeg"]
        return {
            "webp_srcset": srcset(sources.get("webp", {})),
            "jpeg_srcset": srcset(jpeg),
            "src": jpeg[max(jpeg)],
            "width": largest.width,
            "height": largest.height,
        }

    def structured_data(self, request, share_url=None):
        """schema.org VisualArtwork, for search engines (JSON-LD on the artwork page)."""
        data = {
            "@context": "https://schema.org",
            "@type": "VisualArtwork",
            "name": self.title,
            "url": request.build_absolute_uri(self.get_absolute_url()),
            "creator": {
                "@type": "Person",
                "name": self.artist.public_name,
                "url": request.build_absolute_uri(self.artist.get_absolute_url()),
            },
            "dateCreated": str(self.year_made) if self.year_made else self.created_at.date(),
            "datePublished": self.created_at.date(),
            "license": self.licence_url or self.get_licence_display(),
        }
        if share_url:
            data["image"] = request.build_absolute_uri(share_url)
        if self.description:
            data["description"] = self.description
        if self.medium:
            data["artMedium"] = self.get_medium_display()
        unit = "CMT" if self.size_unit == SizeUnit.CM else "INH"
        for field in ("width", "height", "depth"):
            value = getattr(self, field)
            if value:
                data[field] = {
                    "@type": "QuantitativeValue",
                    "value": float(value),
                    "unitCode": unit,
                }
        return data

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def size_text(self):
        """“30 × 40 × 2 cm”, or "" when no size was given."""
        dimensions = [value for value in (self.width, self.height, self.depth) if value]
        if not dimensions:
            return ""
        numbers = " × ".join(f"{value.normalize():f}" for value in dimensions)
        return f"{numbers} {self.size_unit}"

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
        return self.address_in(GalleryPage.cached_url(), self.pk, self.title)

    def get_edit_url(self):
        return reverse("artwork_edit", args=[self.pk])

    def get_delete_url(self):
        return reverse("artwork_delete", args=[self.pk])


class ArtworkImage(Orderable):
    """One of a work's extra images: a detail, the process, another view. An Orderable child
    of the artwork (ParentalKey), so the admin edits them as an InlinePanel on the artwork,
    and they are shown, moderated and deleted with it. Like the main image, the file is a
    Wagtail image in "Member uploads", added only through artworks.uploads (cleaned the
    same way): the admin can change the alt text and caption, reorder and remove them, not
    add new files."""

    artwork = ParentalKey(Artwork, on_delete=models.CASCADE, related_name="extra_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        # As for the main image: deleting the image from the library takes this row with it,
        # and deleting the row deletes the image (signal_handlers).
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The uploaded image, kept in Wagtail's image library.",
    )
    alt_text = models.CharField(
        "Alt text",
        max_length=250,
        validators=[validate_one_line],
        help_text="Describe this image for people who cannot see it.",
    )
    caption = models.CharField(
        max_length=250,
        blank=True,
        validators=[validate_one_line],
        help_text="Optional: shown under the image, for example “Detail of the left hand”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        HelpPanel(template="artworks/admin/extra_image_panel.html"),
        FieldPanel("alt_text"),
        FieldPanel("caption"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "extra image"
        indexes = [models.Index(fields=["artwork", "sort_order"], name="artworkimage_order")]

    def __str__(self):
        return self.alt_text

    def clean(self):
        # The admin's InlinePanel can add a blank child form; a file only comes through the
        # member's upload path, which cleans it, so a child without an image is refused.
        if self.image_id is None:
            raise ValidationError(
                "New images are added by the artist from their edit page, where every file is "
                "checked and cleaned. Here you can change alt text and captions, reorder and "
                "remove images."
            )

    @cached_property
    def card_ready(self):
        """Whether its thumbnail exists (the edit page shows that alone)."""
        return renditions_ready(self.image, CARD_SPECS)

    @cached_property
    def strip_ready(self):
        """Whether the thumbnail and the large renditions exist (made by the upload task):
        until then the page shows "Preparing the image…" in its place."""
        return renditions_ready(self.image, CARD_SPECS + DETAIL_SPECS)

    @cached_property
    def largest_rendition(self):
        """The largest rendition made (WebP before JPEG at the same size), for the viewer's
        full-size view: read from the prefetched renditions (ArtworkQuerySet.for_detail)."""
        renditions = getattr(self.image, "prefetched_renditions", None)
        if renditions is None:
            renditions = self.image.renditions.filter(filter_spec__in=ALL_SPECS)
        return max(
            renditions,
            key=lambda rendition: (
                rendition.width,
                rendition.filter_spec.startswith("format-webp"),
            ),
            default=None,
        )

    @cached_property
    def admin_preview(self):
        return self.image.renditions.filter(filter_spec=ADMIN_THUMBNAIL_SPEC).first()


class GalleryPage(CachedUrlMixin, RoutablePageMixin, Page):
    """The public gallery. Artwork detail pages are routes of this page (RoutablePageMixin),
    not pages of their own, so the page tree stays small however many works are uploaded."""

    default_url = "/gallery/"

    intro = RichTextField(blank=True, help_text="Shown above the grid.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    #: `?sort=` values and their labels, the default first.
    SORTS = {
        "newest": "Newest first",
        "oldest": "Oldest first",
        "title": "Title (A–Z)",
        "artist": "Artist (A–Z)",
        "favourites": "Most favourited this week",
    }
    DEFAULT_SORT = "newest"
    #: The orders by date, as get_filters() gives them (the default is left out).
    DATE_SORTS = (None, "oldest")
    #: How many other works "More by this artist" shows under an artwork.
    MORE_BY_ARTIST = 6
    #: A tag on more works than this is common (tagged_artworks): its listing walks the
    #: gallery's order. Around the square root of 25 × the number of works on a site of a
    #: million, where walking and collecting cost the same.
    COMMON_TAG_WORKS = 2000

    def get_filters(self, request):
        """The gallery's filters and order from the query string; anything unknown is left
        out, and so is the default order (one address, and one cached grid, per listing)."""
        filters = {
            "tag": printable(request.GET.get("tag", ""))[:100].strip(),
            "q": printable(request.GET.get("q", ""))[:200].strip(),
            "licence": request.GET.get("licence", ""),
            "medium": request.GET.get("medium", ""),
            "ai": request.GET.get("ai", ""),
            "sort": request.GET.get("sort", ""),
        }
        if filters["licence"] not in Licence.values:
            filters["licence"] = ""
        if filters["medium"] not in Medium.values:
            filters["medium"] = ""
        if filters["ai"] != "exclude":
            filters["ai"] = ""
        if filters["sort"] not in self.SORTS or filters["sort"] == self.DEFAULT_SORT:
            filters["sort"] = ""
        return {name: value for name, value in filters.items() if value}

    @staticmethod
    def sort_artworks(artworks, sort):
        """The listing in the visitor's order. Every order ends with the primary key, so it is
        total: the paginator skips rows by position, and a tie broken differently on two
        requests would show a work twice or never."""
        if sort not in ("title", "favourites", "artist"):
            # artwork_listed_newest, walked backwards for the oldest first.
            return (
                artworks.order_by("created_at", "pk")
                if sort == "oldest"
                else artworks.newest_first()
            )
        # The indexes of the other orders start with the flags every listed row shares. The
        # flag is named again as an equality (`= true`, not the truth test Django writes for
        # `=True`), so that SQLite seeks past it to a page's first key (a cursor page) rather
        # than walking every public row from the start. Not in `public()`: there, the same
        # equality would draw the sitemap's primary-key ranges onto these indexes.
        artworks = artworks.filter(artist_active=Value(True))
        if sort == "title":
            # Plain `title`, in the database's collation (PostgreSQL's linguistic collations
            # put "apple" before "Banana"; SQLite's BINARY puts capitals first), so that the
            # artwork_listed_title index gives the order and a deep page reads only keys.
            # Lower("title") would sort every public row on every page. `artist_active` and
            # `visibility` are the same on every listed row; naming them lets SQLite, which
            # reads the flag as a truth test rather than an equality, walk the index in order.
            return artworks.order_by("artist_active", "visibility", "title", "pk")
        if sort == "favourites":
            # The weekly figure kept on the row (social.favourites), newest first among
            # equals: the artwork_listed_weekly_favs index gives the order, no count is made.
            return artworks.order_by(
                "artist_active", "visibility", "-favourites_this_week", "-created_at", "-pk"
            )
        # "artist": the name visitors see, in lower case, as kept on the row
        # (artist_sort_name), so the artwork_listed_artist_name index gives the order with no
        # join to members. The artist's id keeps two artists of one name apart; newest work
        # first within.
        return artworks.order_by(
            "artist_active", "visibility", "artist_sort_name", "artist_id", "-created_at", "-pk"
        )

    @staticmethod
    def sort_keys(sort):
        """The keys of sort_artworks' order, as (expression, runs downwards) pairs: the
        artwork page finds a work's neighbours in the same order (artworks.browsing). The
        columns every listed row shares (artist_active, visibility) are left out."""
        if sort == "oldest":
            return [("created_at", False), ("pk", False)]
        if sort == "title":
            return [("title", False), ("pk", False)]
        if sort == "favourites":
            return [("favourites_this_week", True), ("created_at", True), ("pk", True)]
        if sort == "artist":
            return [
                ("artist_sort_name", False),
                ("artist_id", False),
                ("created_at", True),
                ("pk", True),
            ]
        return [("created_at", True), ("pk", True)]

    def get_artworks(self, filters):
        return self.sort_artworks(self.filtered_artworks(filters), filters.get("sort")).for_cards()

    def filtered_artworks(self, filters):
        """The listed works the gallery's filters (get_filters) keep, in no order."""
        if "tag" in filters:
            artworks = self.tagged_artworks(
                slugify(filters["tag"], allow_unicode=True), filters.get("sort")
            )
        else:
            artworks = Artwork.objects.listed()
        if "licence" in filters:
            artworks = artworks.filter(licence=filters["licence"])
        if "medium" in filters:
            artworks = artworks.filter(medium=filters["medium"])
        if "ai" in filters:
            artworks = artworks.filter(made_with_ai=False)
        # Only the words go to the search backend: quotes and operators have a meaning of
        # their own there (an unbalanced quote is an error in SQLite's full-text search).
        words = " ".join(WORD.findall(filters.get("q", "")))
        if words:
            # Wagtail search finds the best matches (capped, as no one pages through
            # thousands; the database backends rank the newest thousand, core.ranked_search);
            # the listing keeps its own rules and prefetches and shows them in its order.
            # Only their ids are read.
            matches = (
                Artwork.objects.filter(status=Artwork.Status.PUBLISHED)
                .only("pk")
                .search(words)[: settings.ARTWORK_SEARCH_MAX_RESULTS]
            )
            # The query picks the matches by key, and tests each against the listing's
            # rules in a subquery on that work alone: with the rules beside the keys, SQLite
            # walks the listing's order index testing every work against the matches
            # (through a million works for a rare word).
            artworks = Artwork.objects.filter(
                Exists(artworks.filter(pk=OuterRef("pk"))), pk__in=result_pks(matches)
            )
        elif "q" in filters:
            artworks = artworks.none()
        return artworks

    @classmethod
    def tagged_artworks(cls, slug, sort):
        """The listed works that carry the tag `slug`, in no order, in the shape that finds
        a page of them fastest:

        - a common tag's works, in an order by date, are found by walking the listing in
          its order and checking each work against the (tag, work) index, stopping once a
          page is full: with a tag on a fifth of all work, a page reads a hundred-odd
          entries however large the gallery;
        - a rare tag's works are collected through the (tag, work) index and sorted: a
          walk would pass over most of the gallery before finding a page of them. So are
          a common tag's in the other orders (title, artist, favourites), for which SQLite
          sorts every listed work whatever the filter: sorting the tag's alone is cheaper.

        One query, reading at most COMMON_TAG_WORKS entries of the (tag, work) index, tells
        a common tag from a rare one. SQLite keeps no statistics to make that choice itself
        (it would walk for every tag); the choice suits PostgreSQL as well."""
        if sort in cls.DATE_SORTS:
            links = TaggedArtwork.objects.filter(tag=OuterRef("pk"))
            tag = (
                Tag.objects.filter(slug=slug)
                .annotate(common=Exists(links[cls.COMMON_TAG_WORKS :]))
                .values("pk", "common")
                .first()
            )
            if tag is None:
                return Artwork.objects.none()
            if tag["common"]:
                carries_tag = TaggedArtwork.objects.filter(
                    tag=tag["pk"], content_object=OuterRef("pk")
                )
                return Artwork.objects.listed().filter(Exists(carries_tag))
        # The listing's rules are applied inside the subquery, to the tag's works only: the
        # outer query then has no condition that SQLite could walk an index for.
        tagged = Artwork.objects.listed().filter(tagged_items__tag__slug=slug).values("pk")
        return Artwork.objects.filter(pk__in=tagged)

    @path("")
    def gallery(self, request):
        filters = self.get_filters(request)
        # A member's gallery is not cached whole (hearts, the header): the page's works are
        # kept by key, so that with the grid from the fragment cache it loads no work at all.
        # Not the weekly favourites' order, which moves without the public version.
        paging = {name: request.GET[name] for name in PAGING_PARAMETERS if name in request.GET}
        listing = hashlib.sha256(urlencode({**filters, **paging}).encode()).hexdigest()[:32]
        by_counts = filters.get("sort") == "favourites"
        page_of_artworks, share_image = kept_page(
            None if by_counts else f"gallery-page:{public_version()}:{listing}",
            lambda: paginate(
                request,
                self.get_artworks(filters),
                settings.ARTWORKS_PER_PAGE,
                keys=self.sort_keys(filters.get("sort")),
            ),
            Artwork.objects.listed().for_cards(),
            extras=lambda page: first_share_image(page.object_list),
        )
        without_ai = {**filters, "ai": "exclude"}
        with_ai = {name: value for name, value in filters.items() if name != "ai"}
        return self.render(
            request,
            context_overrides={
                "artworks": page_of_artworks,
                # The first work shown: on the plain gallery, the latest public work.
                "share_image": share_image,
                "tag": filters.get("tag", ""),
                "query": filters.get("q", ""),
                "licence": Licence(filters["licence"]).label if "licence" in filters else "",
                "medium": Medium(filters["medium"]).label if "medium" in filters else "",
                "excluding_ai": "ai" in filters,
                "ai_toggle_query": urlencode(with_ai if "ai" in filters else without_ai),
                # An order alone narrows nothing: "Showing work…" is for filters.
                "filtered": any(name != "sort" for name in filters),
                "sort": filters.get("sort", self.DEFAULT_SORT),
                "sorts": self.SORTS.items(),
                # What the sort form carries over, as the filter forms carry the order.
                "kept_filters": [
                    (name, value) for name, value in filters.items() if name != "sort"
                ],
                "mediums": Medium.choices,
                "licences": Licence.choices,
                "public_version": public_version(),
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                # Pagination links keep the filters; so does the fragment cache's key.
                "extra_query": urlencode(filters),
                # Cards name this listing in their links (artworks.browsing): the artwork's
                # page then offers its neighbours here and a way back to this very page.
                "list_query": ArtworkList.for_gallery(filters, page_of_artworks).query_string(),
                "feed_url": reverse("tag_feed", args=[tag_slug])
                if (tag_slug := slugify(filters.get("tag", ""), allow_unicode=True))
                else reverse("artworks_feed"),
            },
        )

    @path("tags/", name="tags")
    def tags(self, request):
        """Every tag on public work, the most used first, with how many works carry it: one
        aggregate query, capped (a tag cloud of thousands helps no one). The aggregate reads
        every tag link (1.7 s for two million), so its result is kept under the public
        version: counted again once after a public change, not on every view."""
        key = f"tag-cloud:{settings.TAGS_PAGE_MAX_TAGS}:{public_version()}"
        tags = cache.get(key)
        if tags is None:
            tags = list(
                Tag.objects.filter(
                    artworks_taggedartwork_items__content_object__in=Artwork.objects.listed()
                )
                .annotate(
                    works=Count("artworks_taggedartwork_items__content_object", distinct=True)
                )
                .order_by("-works", "name", "pk")[: settings.TAGS_PAGE_MAX_TAGS]
            )
            cache.set(key, tags, settings.PUBLIC_PAGE_CACHE_SECONDS or 600)
        return self.render(
            request,
            template="artworks/tags_page.html",
            context_overrides={
                "tags": tags,
                # The cloud, rendered once under the public version (it is the same for all).
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                "public_version": public_version(),
            },
        )

    def get_sitemap_urls(self, request=None):
        """The gallery and its tags page. The artworks (routes, not pages) have a section of
        their own (artworks.sitemaps), paged for any number of them."""
        urls = super().get_sitemap_urls(request)
        page_url = self.get_full_url(request)
        urls.append({"location": urljoin(page_url, self.reverse_subpage("tags"))})
        return urls

    @re_path(r"^(?P<artwork_id>\d+)/(?:(?P<slug>[-\w]+)/)?$", name="artwork")
    def artwork(self, request, artwork_id, slug=None):
        artwork = Artwork.objects.public().for_detail().filter(pk=artwork_id).first()
        if artwork is None:
            raise Http404("No such artwork.")
        # The list the visitor came from, checked; any other spelling of it (an unknown
        # parameter, a default value written out) redirects to the one canonical address, so
        # the page cache keeps one copy per list and work.
        artwork_list = ArtworkList.from_request(request, self)
        canonical_query = artwork_list.query_string() if artwork_list else ""
        if slug != artwork.slug or (
            request.META.get("QUERY_STRING", "") and request.GET.urlencode() != canonical_query
        ):
            # One address per work: the title's slug follows the id, and old slugs redirect.
            address = artwork.get_absolute_url()
            if canonical_query:
                address = f"{address}?{canonical_query}"
            return redirect(address, permanent=slug != artwork.slug)
        browsing = artwork_list.resolve(artwork, self) if artwork_list else None
        share = artwork.share_rendition if artwork.detail_ready else None
        more_by_artist = (
            Artwork.objects.listed()
            .filter(artist_id=artwork.artist_id)
            .exclude(pk=artwork.pk)
            .newest_first()
            .for_cards()[: self.MORE_BY_ARTIST]
        )
        return TemplateResponse(
            request,
            "artworks/artwork_detail.html",
            {
                "page": self,
                "self": self,
                "artwork": artwork,
                "browsing": browsing,
                "more_by_artist": more_by_artist,
                "share": share,
                "share_image": share_image_of(artwork) if share else None,
                "structured_data": artwork.structured_data(request, share.url if share else None),
            },
        )


@register_setting(icon="tasks")
class ReviewSettings(BaseSiteSetting):
    """Whether new uploads wait for a moderator before they are public. Off by default: a
    young collective trusts its members, and editors switch review on when they need it."""

    review_new_uploads = models.BooleanField(
        "Review new uploads before publishing",
        default=False,
        help_text=(
            "When on, a newly uploaded work is not public until a moderator publishes it. "
            "Its artist sees it as “Awaiting review”, and is emailed when it is published or "
            "hidden."
        ),
    )

    panels = [FieldPanel("review_new_uploads")]

    class Meta:
        verbose_name = "Review before publishing"


class SigningCertificatePanel(HelpPanel):
    """The signing certificate's subject and expiry, read from the configured chain each time
    the settings are opened: read-only, as the keys live in files the operator installs (see
    README "Content Credentials"), not in the database."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            from core.provenance import certificate_summary, keys_problem

            super().__init__(**kwargs)
            self.content = render_to_string(
                "artworks/admin/signing_certificate.html",
                {"certificate": certificate_summary(), "problem": keys_problem()},
            )


@register_setting(icon="doc-full")
class ContentCredentialsSettings(BaseGenericSetting):
    """Whether the rendition task signs Content Credentials into the large renditions
    (artworks.credentials). On by default; switching it off leaves new renditions unsigned
    (those already signed stay signed) — for an expired or compromised certificate, until a
    new one is installed."""

    sign_renditions = models.BooleanField(
        "Sign renditions",
        default=True,
        help_text=(
            "When on, the large images of every new or re-made work carry signed Content "
            "Credentials naming the artist and the licence, and refusing AI training unless "
            "the artist allowed it for the work. Turn off only while the signing certificate "
            "is being replaced."
        ),
    )

    panels = [
        SigningCertificatePanel(heading="Signing certificate"),
        FieldPanel("sign_renditions"),
    ]

    class Meta:
        verbose_name = "Content Credentials"
