"""Backpressure for uploads: a few decodes at once across the machine, in the order they came;
each waits, for a bounded time, while the rendition queue is long; past the bound the member
is told the site is busy, and nothing of the upload is kept."""

import threading
import time
from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from django.db import connections
from django.utils import timezone

from artworks import admission
from artworks.models import Artwork
from artworks.tasks import generate_full_size_renditions, generate_renditions, resign_renditions
from core.admission import NodeTurns
from tests.uploading import FIELDS, UPLOAD_URL, assert_nothing_stored, jpeg, upload, upload_json

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(task, status="READY", run_after=None):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=task.module_path,
        backend_name="default",
        run_after=run_after or get_date_max(),
    )


@pytest.fixture
def long_queue(settings):
    """Production's task queue, holding more rendition tasks than uploads wait behind, and
    a short bound on the wait."""
    settings.TASKS = DATABASE_TASKS
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = 2
    settings.UPLOAD_ADMISSION_WAIT = 0.3
    for _ in range(3):
        queued(generate_renditions)


# --- What the member sees ---------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_while_the_queue_stays_long_is_refused_as_busy_with_nothing_kept(
    client, member, long_queue, media_files
):
    started = time.monotonic()
    response = client.post(
        UPLOAD_URL,
        {**FIELDS, "image": jpeg()},
        headers={"Referer": "http://testserver/my/artworks/upload/"},
    )
    waited = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "The site is busy" in page
    assert "your file was not saved. Please try again in a minute." in page
    assert 'href="http://testserver/my/artworks/upload/"' in page  # "Try again"
    assert 0.3 <= waited < 5
    assert_nothing_stored(media_files)


@pytest.mark.django_db
def test_the_upload_pages_script_reads_the_busy_message_on_the_files_card(
    client, member, long_queue, media_files
):
    response = upload_json(client, jpeg())

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["message"] == admission.BUSY_MESSAGE
    assert response.json()["errors"] == {"__all__": [admission.BUSY_MESSAGE]}
    assert_nothing_stored(media_files)


@pytest.mark.django_db
def test_upload_is_taken_once_the_queue_is_short_again(client, member, settings, media_files):
    settings.TASKS = DATABASE_TASKS
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = 2
    for _ in range(2):
        queued(generate_renditions)

    response = upload(client, jpeg())

    assert response.status_code == 302
    assert response["Location"] == "/my/artworks/"
    assert Artwork.objects.get().title == FIELDS["title"]
    assert len(media_files()) == 1  # the original; its renditions wait in the queue


@pytest.mark.django_db
def test_a_refused_form_does_not_wait_for_a_turn(client, member, long_queue, media_files, settings):
    settings.UPLOAD_ADMISSION_WAIT = 3
    started = time.monotonic()
    response = upload(client, jpeg(), alt_text="")

    assert response.status_code == 200
    assert 'id="id_alt_text_error"' in response.content.decode()
    assert time.monotonic() - started < 3
    assert_nothing_stored(media_files)


# --- The rendition queue ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_counts_rendition_tasks_waiting_for_the_worker_now(settings):
    settings.TASKS = DATABASE_TASKS
    queued(generate_renditions)
    queued(generate_renditions)
    queued(generate_full_size_renditions)
    queued(generate_renditions, status="RUNNING")
    queued(generate_renditions, status="SUCCESSFUL")
    queued(resign_renditions)  # signing again, not an upload's renditions
    queued(generate_renditions, run_after=timezone.now() + timedelta(minutes=10))  # a retry

    assert admission.renditions_waiting() == (2, 1)


def test_without_a_task_queue_nothing_waits(settings):
    # The immediate backend (development, tests) makes renditions before the response.
    assert admission.renditions_waiting() == (0, 0)


def test_the_queue_is_short_when_both_kinds_are_within_their_limits(settings):
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = 2
    settings.UPLOAD_FULL_SIZE_QUEUE_LIMIT = 16
    Queue = admission.RenditionQueue
    assert Queue(pages=2, full_size=16).short()
    assert not Queue(pages=3, full_size=0).short()
    assert not Queue(pages=0, full_size=17).short()


def test_the_wait_ends_as_soon_as_the_queue_is_short(settings, monkeypatch):
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = 2
    monkeypatch.setattr(admission, "QUEUE_POLL_SECONDS", 0.01)
    lengths = iter([5, 4, 3, 2, 9])
    polls = []

    def waiting():
        polls.append(True)
        return admission.RenditionQueue(pages=next(lengths), full_size=0)

    admission.wait_for_short_queue(time.monotonic() + 10, waiting)
    assert len(polls) == 4


def test_the_wait_for_a_long_queue_is_bounded(settings, monkeypatch):
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = 2
    monkeypatch.setattr(admission, "QUEUE_POLL_SECONDS", 0.01)
    started = time.monotonic()

    with pytest.raises(TimeoutError):
        admission.wait_for_short_queue(
            started + 0.2, lambda: admission.RenditionQueue(pages=3, full_size=0)
        )
    assert 0.2 <= time.monotonic() - started < 1


# --- Turns across processes and threads -------------------------------------------------------


def run_together(count, work):
    threads = [threading.Thread(target=work, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)


@pytest.mark.parametrize("attempt", range(3))
def test_no_more_than_the_slots_hold_a_turn_at_once(tmp_path, attempt):
    turns = NodeTurns(tmp_path, slots=2)
    lock = threading.Lock()
    inside, most, done = [0], [0], []

    def work(number):
        with turns.turn(time.monotonic() + 10):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1
        done.append(number)

    run_together(16, work)
    assert most[0] == 2
    assert sorted(done) == list(range(16))
    assert list(tmp_path.glob("*.ticket")) == []  # every ticket removed


def test_turns_are_given_in_the_order_asked(tmp_path):
    turns = NodeTurns(tmp_path, slots=1)
    order = []
    first_inside, release = threading.Event(), threading.Event()

    def holder():
        with turns.turn(time.monotonic() + 10):
            first_inside.set()
            release.wait(10)

    def waiter(number):
        with turns.turn(time.monotonic() + 10):
            order.append(number)

    holding = threading.Thread(target=holder)
    holding.start()
    first_inside.wait(10)
    waiters = []
    for number in range(4):
        waiters.append(threading.Thread(target=waiter, args=(number,)))
        waiters[-1].start()
        time.sleep(0.02)  # each asks after the one before
    release.set()
    for thread in [holding, *waiters]:
        thread.join(timeout=10)
    assert order == [0, 1, 2, 3]


def test_a_turn_not_had_by_the_deadline_times_out_and_leaves_no_ticket(tmp_path):
    turns = NodeTurns(tmp_path, slots=1)
    with turns.turn(time.monotonic() + 10):
        started = time.monotonic()
        with pytest.raises(TimeoutError), turns.turn(started + 0.2):
            pass
        assert 0.2 <= time.monotonic() - started < 1
        assert len(list(tmp_path.glob("*.ticket"))) == 1  # the holder's own


def test_a_ticket_left_by_a_process_that_died_is_ignored_and_removed(tmp_path):
    # A killed process's ticket stays on disk, but its lock went with the process.
    stale = tmp_path / f"{0:020d}-999999-1.ticket"
    stale.touch()
    turns = NodeTurns(tmp_path, slots=1)

    with turns.turn(time.monotonic() + 0.5):
        assert not stale.exists()


def test_uploads_past_the_waiting_room_are_busy_at_once(settings):
    settings.UPLOAD_WAITING_PER_PROCESS = 1
    inside, release = threading.Event(), threading.Event()

    def first_upload():
        try:
            with admission.upload_admitted():
                inside.set()
                release.wait(10)
        finally:
            connections.close_all()  # the thread's own connection (it counted the queue)

    thread = threading.Thread(target=first_upload)
    thread.start()
    try:
        assert inside.wait(10)
        started = time.monotonic()
        with pytest.raises(admission.UploadsBusy), admission.upload_admitted():
            pass
        assert time.monotonic() - started < 0.2
    finally:
        release.set()
        thread.join(timeout=10)
    with admission.upload_admitted():  # the place is free again
        pass
