"""The favourite service: every path that adds or removes a favourite goes through here, with
the acting member passed explicitly. It also keeps the artwork's denormalised counters
(Artwork.favourite_count and favourites_this_week) right, in the same transaction as the row,
so no page ever counts the favourites table."""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from artworks.models import Artwork
from core.member_pages import member_content_changed

from .models import Favourite
from .signals import favourite_added

#: The window of the gallery's "Most favourited this week" order.
WEEK = timedelta(days=7)

NOT_PUBLIC = _("This work cannot be favourited.")


class FavouriteRefused(Exception):
    """A favourite that cannot be made; the message is for the member."""


def week_start(now=None):
    return (now or timezone.now()) - WEEK


def favourite(member, artwork):
    """`member` adds `artwork` to their favourites; twice is the same as once. Only public
    work (published, by an active member) can be favourited. A member may favourite their
    own work: it counts once, like anyone's. Returns the favourite."""
    if not Artwork.objects.public().filter(pk=artwork.pk).exists():
        raise FavouriteRefused(NOT_PUBLIC)
    if not member.is_active:
        # The counters count active members' favourites only (member_active_changed).
        raise FavouriteRefused(NOT_PUBLIC)
    with transaction.atomic():
        try:
            # A savepoint: a second click racing the first meets the unique constraint, and
            # only the request that wrote the row moves the counters.
            with transaction.atomic():
                row = Favourite.objects.create(member=member, artwork=artwork)
        except IntegrityError:
            return Favourite.objects.get(member=member, artwork=artwork)
        Artwork.objects.filter(pk=artwork.pk).update(
            favourite_count=F("favourite_count") + 1,
            favourites_this_week=F("favourites_this_week") + 1,
        )
        favourite_added.send(sender=Favourite, member=member, artwork=artwork, favourite=row)
    return row


def unfavourite(member, artwork):
    """`member` removes `artwork` from their favourites; removing one that is not there does
    nothing. Whichever of two racing requests deletes the row moves the counters."""
    with transaction.atomic():
        row = Favourite.objects.filter(member=member, artwork_id=artwork.pk).first()
        if row is None or not Favourite.objects.filter(pk=row.pk).delete()[0]:
            return
        member_content_changed(member.pk)
        if not member.is_active:
            return  # already off the counters since the member was deactivated
        counters = {"favourite_count": Greatest(F("favourite_count") - 1, 0)}
        if row.created_at >= week_start():
            counters["favourites_this_week"] = Greatest(F("favourites_this_week") - 1, 0)
        Artwork.objects.filter(pk=artwork.pk).update(**counters)


def _move_counters(member, step):
    """Add `step` (1 or -1) to the counters of every work `member` favourited (the weekly
    figure too for this week's favourites). Two queries whatever the number of favourites."""
    theirs = Favourite.objects.filter(member=member)
    Artwork.objects.filter(pk__in=theirs.values("artwork_id")).update(
        favourite_count=Greatest(F("favourite_count") + step, 0)
    )
    Artwork.objects.filter(
        pk__in=theirs.filter(created_at__gte=week_start()).values("artwork_id")
    ).update(favourites_this_week=Greatest(F("favourites_this_week") + step, 0))


def member_active_changed(member):
    """`member` was deactivated (by moderators, or asking to delete their account) or
    reactivated: their favourites leave the public counts with them, and come back with them,
    as their comments do. The rows stay for the grace period; the counters only count active
    members' favourites (as `refresh_favourite_counts --all` recounts them)."""
    with transaction.atomic():
        _move_counters(member, 1 if member.is_active else -1)


def forget_member(member):
    """Remove every favourite of `member` and take them off the works' counters: for an
    account's erasure, and before a user row is deleted (the cascade would drop the rows
    without touching the counters). An inactive member's favourites already left the
    counters when they were deactivated (member_active_changed), so only the rows go."""
    with transaction.atomic():
        if get_user_model().objects.filter(pk=member.pk, is_active=True).exists():
            _move_counters(member, -1)
        if Favourite.objects.filter(member=member).delete()[0]:
            member_content_changed(member.pk)


def favourited_ids(member, artwork_ids):
    """Which of `artwork_ids` `member` has favourited, as a set: one query through the
    unique constraint's index (none for a visitor or an empty list)."""
    artwork_ids = [pk for pk in artwork_ids if pk is not None]
    if not member.is_authenticated or not artwork_ids:
        return set()
    return set(
        Favourite.objects.filter(member=member, artwork_id__in=artwork_ids).values_list(
            "artwork_id", flat=True
        )
    )


class FavouriteState:
    """Which of a page's works the member looking at it has favourited, found in one query
    (favourited_ids) outside any cache. Cards read it for their hearts.

    `cache_key` names the variant of a cached grid that fits this state: one for every
    visitor, and for members one per set of favourited works *on that page* (most members
    share the variant with none), so a cached grid holds hearts but never who pressed them.
    Nothing else about the member goes into the grid: the form's CSRF token and `next` are
    rendered outside it by {% favourite_fields %} and tied to each form by its id. The key
    also names the works on the page: the weekly order changes without the public content
    version moving, and a grid kept from before would not match the fields rendered now."""

    def __init__(self, member, artwork_ids, favourited):
        self.member = member
        self.artwork_ids = artwork_ids
        self.ids = favourited

    @classmethod
    def of(cls, member, artwork_ids):
        """The state of these works for `member`: one query, none for a visitor."""
        return cls(member.is_authenticated, artwork_ids, favourited_ids(member, artwork_ids))

    @classmethod
    def for_all(cls, artworks):
        """Every work listed is a favourite (the member's own Favourites page): no query."""
        ids = [artwork.pk for artwork in artworks]
        return cls(True, ids, set(ids))

    @property
    def cache_key(self):
        works = ",".join(str(pk) for pk in self.artwork_ids)
        favourited = ",".join(str(pk) for pk in sorted(self.ids))
        state = f"{works}|{favourited}" if self.member else f"{works}|visitor"
        return hashlib.sha256(state.encode()).hexdigest()[:24]
