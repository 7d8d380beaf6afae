"""The follow service: every path that starts or ends a follow goes through here, with the
acting member passed explicitly."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.member_pages import member_content_changed

from .models import Follow


class FollowRefused(Exception):
    """A follow that cannot be made; the message is for the member."""


CANNOT_FOLLOW_YOURSELF = _("You cannot follow yourself.")
NOT_AN_ARTIST = _("This member cannot be followed.")


def follow(member, artist):
    """`member` follows `artist`; following twice is the same as once. Returns the follow."""
    if member.pk == artist.pk:
        raise FollowRefused(CANNOT_FOLLOW_YOURSELF)
    if not artist.is_active:
        raise FollowRefused(NOT_AN_ARTIST)
    try:
        # A savepoint: a second click racing the first meets the unique constraint, and the
        # surrounding transaction (ATOMIC_REQUESTS or a test's) stays usable.
        with transaction.atomic():
            return Follow.objects.get_or_create(follower=member, artist=artist)[0]
    except IntegrityError:
        return Follow.objects.get(follower=member, artist=artist)


def unfollow(member, artist):
    """`member` stops following `artist`; unfollowing someone not followed does nothing."""
    if Follow.objects.filter(follower=member, artist=artist).delete()[0]:
        member_content_changed(member.pk)


def is_following(member, artist):
    return (
        member.is_authenticated
        and Follow.objects.filter(follower=member, artist_id=artist.pk).exists()
    )


def follower_count(artist):
    """How many members follow `artist`: counted through the (artist, created_at) index, so
    the database finds only this artist's follows, never scanning the table. See README
    ("Following") for why this is a count and not a stored counter. A suspended follower
    still counts until their account is erased: filtering them out would join every row to
    the user table."""
    return Follow.objects.filter(artist_id=artist.pk).count()
