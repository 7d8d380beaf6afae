"""The order in which a transaction locks an artist's row and their works' rows.

Whether a work is listed is counted on its artist's row (members' listed_work_count), in
the transaction that saves or deletes the work; and suspending or renaming a member locks
their row, then writes every one of their works. If a moderator's decision locked the work
first and its artist's row second, a suspension of that artist at the same moment would take
them the other way round: on PostgreSQL each would wait for the other until the deadlock
detector killed one. So every path takes the artist's row first, then their works': the
paths that lock a work to read it before changing it call lock_artist_of() before that, and
members.signal_handlers does it before any other save or delete of a work (which writes the
work's row) inside a transaction."""

from django.contrib.auth import get_user_model
from django.db import transaction


def lock_artist_of(artwork):
    """Lock the row of `artwork`'s artist until the transaction ends (nothing outside one:
    a lone statement's lock ends with it). A work never changes artist, so its `artist_id`
    says whose row to take."""
    if not transaction.get_connection().in_atomic_block:
        return
    artists = get_user_model().objects.select_for_update().filter(pk=artwork.artist_id)
    list(artists.values_list("pk", flat=True))
