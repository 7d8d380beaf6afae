"""The social app's part of a member's data (core.account_data gathers every app's): whom
they follow, which works they favourited and their collections. All are deleted with the
account (CASCADE); erasing also takes their favourites off the works' counters."""

from . import collections, favourites
from .models import Favourite, Follow


def export(member):
    return {
        "follows": [
            {"artist": follow.artist.username, "since": follow.created_at.isoformat()}
            for follow in Follow.objects.filter(follower=member)
            .select_related("artist")
            .order_by("created_at", "pk")
        ],
        # Every favourite, whatever the work's state now: it is the member's own record.
        "favourites": [
            {
                "artwork_id": row.artwork_id,
                "title": row.artwork.title,
                "url": row.artwork.get_absolute_url(),
                "since": row.created_at.isoformat(),
            }
            for row in Favourite.objects.filter(member=member)
            .select_related("artwork")
            .order_by("created_at", "pk")
        ],
        "collections": collections.export_collections(member),
    }


def files(member):
    """Follows, favourites and collections are rows only: no files."""
    return []


def erase(member):
    """What deleting the user row does not do by itself: take the member's favourites off the
    works' counters (the rows go with them). A pre_delete handler does the same for any
    deletion; running both is harmless."""
    favourites.forget_member(member)
