"""Every path that changes an artist's works and their member row takes the member's row
first (artworks.locking): a moderator's decision on a work and a suspension of its artist at
the same moment are applied one after the other, where in the opposite order PostgreSQL
would kill one of them as a deadlock."""

import threading
import time

import pytest

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from artworks import moderation
from artworks.models import Artwork
from members.moderation import set_member_active
from tests.factories import UserFactory, create_artwork


def first_row_locked_of(queries, tables):
    """Which of `tables` the first of `queries` reading one of them reads."""
    for query in queries:
        sql = query["sql"]
        for table in tables:
            if sql.startswith("SELECT") and f'FROM "{table}"' in sql:
                return table
    return None


@pytest.mark.django_db
def test_a_decision_reads_the_artist_row_before_the_work_row():
    artwork = create_artwork()
    editor = UserFactory(is_superuser=True)
    with CaptureQueriesContext(connection) as queries:
        moderation.decide(artwork, Artwork.Status.HIDDEN, by=editor)
    tables = ["members_user", "artworks_artwork"]
    assert first_row_locked_of(queries.captured_queries, tables) == "members_user"
    if connection.vendor == "postgresql":
        first_member_read = next(
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and 'FROM "members_user"' in query["sql"]
        )
        assert first_member_read.endswith("FOR UPDATE")


def wait_for_a_lock_wait(seconds=5):
    """Until another connection waits for a row lock (the deciding thread, blocked)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Statistics views are read once per transaction unless told to look again.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_decision_during_a_suspension_of_its_artist_waits_and_both_succeed():
    artist = UserFactory()
    artwork = create_artwork(artist)
    editor = UserFactory(is_superuser=True)
    suspension_holds_the_member = threading.Event()
    errors = []

    def pause_while_holding_the_member(sender, instance, **kwargs):
        # Inside set_member_active: the member's row is locked, the works not yet written.
        if instance.pk == artist.pk and threading.current_thread().name == "suspension":
            suspension_holds_the_member.set()
            assert wait_for_a_lock_wait(), "the decision never waited"

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)
            finally:
                connections.close_all()

        return run

    def decide():
        assert suspension_holds_the_member.wait(5)
        moderation.decide(Artwork.objects.get(pk=artwork.pk), Artwork.Status.HIDDEN, by=editor)

    def suspend():
        member = get_user_model().objects.get(pk=artist.pk)
        set_member_active(member, False, by=editor)

    pre_save.connect(pause_while_holding_the_member, sender=get_user_model())
    try:
        threads = [
            threading.Thread(target=in_thread(suspend), name="suspension"),
            threading.Thread(target=in_thread(decide), name="decision"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        pre_save.disconnect(pause_while_holding_the_member, sender=get_user_model())

    assert errors == []
    artwork.refresh_from_db()
    artist.refresh_from_db()
    assert artwork.status == Artwork.Status.HIDDEN and not artwork.artist_active
    assert not artist.is_active
    assert artist.listed_work_count == 0
