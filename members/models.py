from urllib.parse import urlsplit

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from artworks.browsing import ArtworkList
from artworks.models import Artwork, GalleryPage
from artworks.renditions import AVATAR_SPECS, BANNER_SPECS, CARD_SPECS, SHARE_SPECS
from artworks.sharing import avatar_share_image, first_share_image, share_image_of
from core.page_urls import CachedUrlMixin
from core.pagination import paginate
from core.public_cache import public_version
from core.renditions import renditions_prefetch, renditions_ready

from .names import name_key, validate_display_name


class MemberManager(UserManager):
    def get_by_natural_key(self, username):
        # Log-in and password flows find "Alice" whether she types "alice" or "ALICE".
        return self.get(username__iexact=username)

    def artists(self):
        """Active members with a confirmed email and at least one listed artwork: the people
        the site lists, in their names' order. The listed works are counted on the member's
        row (listed_work_count), so the list walks the artist_name_order index, which holds
        only members with such work, in its order."""
        confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        return self.filter(Exists(confirmed), is_active=True, listed_work_count__gt=0).order_by(
            Lower("display_name"), Lower("username")
        )

    def artists_by_key(self, listed_only=True):
        """The members artists() lists, unordered, for walking a range of primary keys (the
        sitemap) or finding one (an artist's page). Without `listed_only`, each is checked
        with EXISTS through the index of their own works."""
        if listed_only:
            return self.artists().order_by()
        confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        works = Artwork.objects.public().filter(artist=OuterRef("pk"))
        return self.filter(Exists(confirmed), Exists(works), is_active=True)

    def recount_listed_works(self, member_id):
        """Store on the member's row how many of their works are listed (listed_work_count).
        The only writer of that count: members.signal_handlers calls it whenever a work is
        saved or deleted. It counts afresh through the artwork_artist_newest index (a few
        thousand entries for the most prolific artist) rather than adding and subtracting,
        so no path that forgets a step can leave it wrong for good.

        The member's row is locked first: two works of one artist changing at once are then
        counted one after the other, the second count seeing the first change."""
        with transaction.atomic():
            locked = self.select_for_update().filter(pk=member_id).values_list("pk", flat=True)
            if not list(locked):
                return  # the member is gone
            self.filter(pk=member_id).update(listed_work_count=listed_works_counted())

    def artists_with_latest_artwork(self):
        """artists(), each annotated with `latest_artwork_id`, the pk of their newest public
        work; attach_latest_artworks() then loads those works for cards in one query."""
        latest_work = (
            Artwork.objects.listed().filter(artist=OuterRef("pk")).newest_first().values("pk")[:1]
        )
        return self.artists().annotate(latest_artwork_id=Subquery(latest_work))


def listed_works_counted():
    """A member's listed works, counted in a subquery: published and listed, whatever the
    member's own state (a suspended member's works come back with them, and every listing
    checks `is_active` on the member anyway)."""
    works = Artwork.objects.filter(
        artist=OuterRef("pk"),
        status=Artwork.Status.PUBLISHED,
        visibility=Artwork.Visibility.LISTED,
    )
    counted = works.order_by().values("artist").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


def attach_latest_artworks(artists):
    """Give each artist from artists_with_latest_artwork() `latest_artwork` (ready for a card)."""
    latest = Artwork.objects.for_cards().in_bulk([artist.latest_artwork_id for artist in artists])
    for artist in artists:
        artist.latest_artwork = latest.get(artist.latest_artwork_id)
    return artists


def LinkField():  # noqa: N802 - reads as a field class where it is used
    return models.URLField(
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A web address starting with https:// or http://.",
    )


def MemberImageField(help_text):  # noqa: N802 - reads as a field class where it is used
    """An image a member uploads for their page (the avatar, the banner): cleaned like any
    upload and kept in "Member uploads"; the member simply has none once it is deleted."""
    return models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=help_text,
    )


class User(AbstractUser):
    """A member of the collective. Every artist is a member; editors are members with staff
    rights. Usernames and email addresses are unique whatever their case, enforced by the
    database so that two simultaneous sign-ups cannot both win."""

    display_name = models.CharField(
        max_length=80,
        blank=True,
        validators=[validate_display_name],
        help_text="The name shown on the artist's public page.",
    )
    bio = models.TextField(
        max_length=2000, blank=True, help_text="A few words about the artist and their work."
    )

    location = models.CharField(
        max_length=80, blank=True, help_text="Optional: where you work, for example “Lisbon”."
    )
    # Three links at most, each its own column: simple to validate, index and show.
    link_1 = LinkField()
    link_2 = LinkField()
    link_3 = LinkField()
    # The avatar is one of the member's own works, or an image uploaded for it (cleaned like
    # any upload, kept in the "Member uploads" collection). An uploaded image wins.
    avatar_artwork = models.ForeignKey(
        "artworks.Artwork",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="One of the member's works, shown as their avatar while it is public.",
    )
    avatar_image = MemberImageField("An image uploaded as the member's avatar.")
    # An optional wide image across the top of the artist page, uploaded and cleaned like
    # the avatar and deleted with the member (signal_handlers).
    banner_image = MemberImageField(
        "An image uploaded as the banner across the top of the member's page."
    )

    # Commissions (the commissions app holds the requests and blocks): part of the public
    # profile like the bio, so they live on the member's row. The artist and artwork pages
    # read them at no extra query, and PUBLIC_FIELDS refreshes cached pages when they change.
    open_for_commissions = models.BooleanField(
        default=False,
        help_text="Whether the artist's page invites members to send a commission request.",
    )
    commission_text = models.TextField(
        max_length=500,
        blank=True,
        help_text="Shown on the artist's page while open: what they take on, prices, delays.",
    )

    allow_comments = models.BooleanField(
        "Allow comments on my work",
        default=True,
        help_text="Members may comment on your works (each work can also turn them off).",
    )

    # What the public name reads as (members.names.name_key), so that a name reading as
    # another member's is found by one indexed lookup.
    name_key = models.CharField(max_length=160, blank=True, db_index=True, editable=False)
    # Moved on when a moderator deactivates the member: it is part of every session's
    # authentication hash, so the member's sessions end then, and reactivation does not bring
    # them back (Django alone would accept them again once the account is active).
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Set when the member asks for their account to be deleted (members.deletion): the account
    # is deactivated at once and erased after MEMBER_DELETION_GRACE by `manage.py
    # erase_deleted_accounts`, unless they log in and cancel before then.
    deletion_requested_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the member asked for their account to be deleted.",
    )

    # How many of the member's works are published and listed, kept by
    # MemberManager.recount_listed_works() alone (see save() below): /artists/ lists members
    # with at least one by walking an index of them, instead of looking through the works.
    listed_work_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many of the member's works are published and listed.",
    )

    objects = MemberManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="member_username_ci_unique"),
            models.UniqueConstraint(
                Lower("email"),
                name="member_email_ci_unique",
                condition=~models.Q(email=""),
            ),
        ]
        indexes = [
            # /artists/ in its order: the first page walks this index and checks members one
            # by one (a confirmed email) until it has a page. Only the members the list may
            # show are in it, so a site of members without listed work reads none of them.
            models.Index(
                Lower("display_name"),
                Lower("username"),
                name="artist_name_order",
                condition=Q(is_active=True, listed_work_count__gt=0),
            ),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.public_name)
        if not self._state.adding and kwargs.get("update_fields") is None:
            # A member loaded before one of their works changed still holds the old count:
            # saving the whole row (a profile form, the admin) must not write it back.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name != "listed_work_count"
            ]
        if kwargs.get("update_fields") is not None and {"display_name", "username"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    #: What public pages show of a member (is_active: a deactivated member's work disappears).
    PUBLIC_FIELDS = (
        "display_name", "username", "bio", "is_active", "location", "link_1", "link_2",
        "link_3", "avatar_artwork_id", "avatar_image_id", "banner_image_id",
        "open_for_commissions", "commission_text", "allow_comments",
    )  # fmt: skip

    @classmethod
    def from_db(cls, db, field_names, values):
        member = super().from_db(db, field_names, values)
        # Remembered so that a save can tell whether anything public changed (signal_handlers).
        member._loaded_public = member.public_values()
        return member

    def public_values(self):
        return {name: self.__dict__[name] for name in self.PUBLIC_FIELDS if name in self.__dict__}

    def changed_public_fields(self):
        """The public fields whose values differ from those loaded (all of them for a member
        not loaded from the database)."""
        loaded = getattr(self, "_loaded_public", None)
        current = self.public_values()
        if loaded is None:
            return set(current)
        return {name for name, value in current.items() if loaded.get(name, value) != value}

    def _get_session_auth_hash(self, secret=None):
        if not self.session_generation:
            # Unchanged for members never deactivated: their sessions stay valid on upgrade.
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "members.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def deletion_due_at(self):
        """When the account will be erased, or None when no deletion is pending."""
        if self.deletion_requested_at is None:
            return None
        return self.deletion_requested_at + settings.MEMBER_DELETION_GRACE

    @property
    def public_name(self):
        return self.display_name or self.username

    @staticmethod
    def address_in(artists_url, username):
        """The artist's page under the artists index's address: what get_absolute_url()
        gives, from the username alone (the sitemap writes tens of thousands at a time)."""
        return f"{artists_url}{username}/"

    def get_absolute_url(self):
        return self.address_in(ArtistIndexPage.cached_url(), self.username)

    @classmethod
    def artist_page_urls(cls):
        """A function giving get_absolute_url() from a username, with the artists index's
        address looked up once: for lists of hundreds of members (social's Following)."""
        artists_url = ArtistIndexPage.cached_url()
        return lambda username: cls.address_in(artists_url, username)

    @property
    def links(self):
        return [link for link in (self.link_1, self.link_2, self.link_3) if link]

    def structured_data(self, request):
        """schema.org Person, for search engines (JSON-LD on the artist page)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": self.public_name,
            "alternateName": self.username,
            "url": request.build_absolute_uri(self.get_absolute_url()),
        }
        if self.bio:
            data["description"] = self.bio
        if self.location:
            data["homeLocation"] = {"@type": "Place", "name": self.location}
        if self.links:
            data["sameAs"] = self.links
        return data


class DataExport(models.Model):
    """A zip of everything a member has given the site (members.exports builds it in a task):
    their originals, extra images, avatar and banner, and their data as JSON. The file lives
    in private storage under an unguessable name and is served only to its owner, through
    the site, until it expires; `manage.py delete_expired_exports` then removes it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        # The index below leads with the member: a second one of its own would only cost writes.
        db_index=False,
        related_name="data_exports",
        help_text="The member whose data this is, and the only person who may download it.",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(
        max_length=255, blank=True, help_text="The zip's name in the export storage."
    )
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="dataexport_member_newest")]

    def __str__(self):
        return f"Data export of {self.member} ({self.get_status_display()})"


class ArtistIndexPage(CachedUrlMixin, RoutablePageMixin, Page):
    """Lists the artists and serves each artist's profile as a route (RoutablePageMixin):
    signing up never writes to the page tree, and one page serves every artist."""

    default_url = "/artists/"

    intro = RichTextField(blank=True, help_text="Shown above the list of artists.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @staticmethod
    def with_avatars(artists):
        """Artists with what their avatars need: the image or work (joined) and its renditions
        (one query for a whole page, and none when nobody on it has an avatar)."""
        return artists.select_related("avatar_image", "avatar_artwork__image").prefetch_related(
            renditions_prefetch("avatar_image__renditions", AVATAR_SPECS),
            renditions_prefetch("avatar_artwork__image__renditions", CARD_SPECS + SHARE_SPECS),
        )

    @staticmethod
    def public_avatar(artist):
        """The avatar visitors see, or None: an uploaded image once its renditions are made
        (its AVATAR spec), else the chosen work while it is public and its card renditions
        exist. A visitor's request never makes a rendition."""
        image = artist.avatar_image
        if image is not None:
            return {"image": image} if renditions_ready(image, AVATAR_SPECS) else None
        artwork = artist.avatar_artwork
        if (
            artwork is not None
            and artwork.artist_id == artist.pk
            and artwork.status == Artwork.Status.PUBLISHED
            and artwork.artist_active
            and artwork.card_ready
        ):
            return {"artwork": artwork}
        return None

    @staticmethod
    def public_banner(artist):
        """The banner visitors see, or None: the uploaded image once its BANNER renditions
        are made (by the upload's task; a visitor's request never makes one)."""
        image = artist.banner_image
        return image if image is not None and renditions_ready(image, BANNER_SPECS) else None

    @staticmethod
    def share_image(artist, avatar, artworks):
        """What a shared link to the artist shows: their avatar once its renditions are made,
        else the first of the works shown (newest first: their latest public work)."""
        if avatar and "image" in avatar:
            shared = avatar_share_image(avatar["image"], f"{artist.public_name}'s avatar")
        elif avatar:
            shared = share_image_of(avatar["artwork"])
        else:
            shared = None
        return shared or first_share_image(artworks)

    @staticmethod
    def public_links(artist):
        """The artist's links with their host names, which the page shows as the link text
        (so the text cannot claim one site and lead to another). Only http(s) links, though
        the form allows nothing else."""
        links = []
        for url in artist.links:
            try:
                parts = urlsplit(url)
            except ValueError:
                continue
            if parts.scheme.lower() in ("http", "https") and parts.hostname:
                links.append({"url": url, "host": parts.hostname})
        return links

    @path("")
    def artist_list(self, request):
        artists = self.with_avatars(User.objects.artists_with_latest_artwork())
        page_of_artists = paginate(request, artists, settings.ARTISTS_PER_PAGE)
        attach_latest_artworks(page_of_artists)
        for artist in page_of_artists:
            artist.avatar = self.public_avatar(artist)
        return self.render(
            request,
            context_overrides={
                "artists": page_of_artists,
                # The list's cards, rendered once for these artists under the public version
                # (everything a card shows is public content): a member's page, or the
                # visitors' page rebuilt after a change, skips rendering them again.
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                "public_version": public_version(),
                "artist_keys": "-".join(str(artist.pk) for artist in page_of_artists),
            },
        )

    @path("<str:username>/", name="artist")
    def artist_detail(self, request, username):
        # Only this page shows the banner: joined here, its renditions one query (none
        # without a banner), whatever the number of works.
        artist = (
            self.with_avatars(
                User.objects.artists_by_key(listed_only=False).filter(username=username)
            )
            .select_related("banner_image")
            .prefetch_related(renditions_prefetch("banner_image__renditions", BANNER_SPECS))
            .first()
        )
        if artist is None:
            raise Http404("No such artist.")
        artworks = Artwork.objects.listed().filter(artist=artist).newest_first().for_cards()
        avatar = self.public_avatar(artist)
        # Paged by cursor in the gallery's default order (newest first): the last page
        # reads the artist's index from where Next left off, not from the start.
        page_of_artworks = paginate(
            request,
            artworks,
            settings.ARTWORKS_PER_PAGE,
            keys=GalleryPage.sort_keys(None),
            rows=Artwork.objects.for_cards(),
        )
        return TemplateResponse(
            request,
            "members/artist_detail.html",
            {
                "page": self,
                "self": self,
                "artist": artist,
                "avatar": avatar,
                "banner": self.public_banner(artist),
                "share_image": self.share_image(artist, avatar, page_of_artworks.object_list),
                "links": self.public_links(artist),
                "artworks": page_of_artworks,
                "list_query": ArtworkList.for_artist(page_of_artworks).query_string(),
                "structured_data": artist.structured_data(request),
            },
        )
