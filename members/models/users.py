"""The member (User): one model for artists and editors alike, the manager that lists them
as artists, and the counts and fields the artist pages read."""

from allauth.account.models import EmailAddress

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from artworks.models import Artwork

from ..names import name_key, validate_display_name


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
        help_text=_("A web address starting with https:// or http://."),
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
        help_text=_("The name shown on the artist's public page."),
    )
    bio = models.TextField(
        max_length=2000, blank=True, help_text=_("A few words about the artist and their work.")
    )

    location = models.CharField(
        max_length=80, blank=True, help_text=_("Optional: where you work, for example “Lisbon”.")
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
        help_text=_("One of the member's works, shown as their avatar while it is public."),
    )
    avatar_image = MemberImageField(_("An image uploaded as the member's avatar."))
    # An optional wide image across the top of the artist page, uploaded and cleaned like
    # the avatar and deleted with the member (signal_handlers).
    banner_image = MemberImageField(
        _("An image uploaded as the banner across the top of the member's page.")
    )

    # Commissions (the commissions app holds the requests and blocks): part of the public
    # profile like the bio, so they live on the member's row. The artist and artwork pages
    # read them at no extra query, and PUBLIC_FIELDS refreshes cached pages when they change.
    open_for_commissions = models.BooleanField(
        default=False,
        help_text=_("Whether the artist's page invites members to send a commission request."),
    )
    commission_text = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("Shown on the artist's page while open: what they take on, prices, delays."),
    )

    allow_comments = models.BooleanField(
        _("Allow comments on my work"),
        default=True,
        help_text=_("Members may comment on your works (each work can also turn them off)."),
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
        help_text=_("When the member asked for their account to be deleted."),
    )

    # How many of the member's works are published and listed, kept by
    # MemberManager.recount_listed_works() alone (see save() below): /artists/ lists members
    # with at least one by walking an index of them, instead of looking through the works.
    listed_work_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("How many of the member's works are published and listed."),
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

    # Django's hash, unchanged for members never deactivated (their sessions stay valid on
    # upgrade); the generation joins the password in it once a moderator has moved it. Both the
    # current secret's hash and the fallback secrets' (SECRET_KEY_FALLBACKS, while a key is
    # rotated) follow the same rule.
    def get_session_auth_hash(self):
        if not self.session_generation:
            return super().get_session_auth_hash()
        return self.generation_auth_hash()

    def get_session_auth_fallback_hash(self):
        if not self.session_generation:
            yield from super().get_session_auth_fallback_hash()
            return
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self.generation_auth_hash(secret)

    def generation_auth_hash(self, secret=None):
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
        return self.address_in(artists_index_url(), self.username)

    @classmethod
    def artist_page_urls(cls):
        """A function giving get_absolute_url() from a username, with the artists index's
        address looked up once: for lists of hundreds of members (social's Following)."""
        artists_url = artists_index_url()
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


def artists_index_url():
    """The artists index's address, from which every artist page's hangs. Imported when called:
    the page module builds on User, so importing it at the top would run in a circle."""
    from .pages import ArtistIndexPage

    return ArtistIndexPage.cached_url()
