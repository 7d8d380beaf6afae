"""
Backpressure for image uploads: a machine sent more uploads than its CPUs can take stays
responsive, and keeps its promise that a new work's renditions follow within seconds, by
making uploads wait their turn and, past a bound, telling the member to try again in a
minute, rather than taking everything and falling minutes behind (bench/upload_load.py).

Before an upload is decoded (`images.rebuild_when_valid`, the one expensive step of taking a
file; every cheaper refusal has been made by then):

1. at most UPLOAD_WAITING_PER_PROCESS uploads wait or work at once in one web process; one
   more is answered busy at once, so waiting uploads never hold all of gunicorn's threads
   (deploy runs 16 a process: half of them are always left for visitors);
2. it waits for its turn among the machine's uploads, first come first served: at most
   UPLOAD_PROCESSING_SLOTS are decoded at once across every process (core.admission), which
   leaves CPU for visitors' pages and for the task worker;
3. holding its turn, it waits while more than UPLOAD_RENDITION_QUEUE_LIMIT tasks making
   renditions for pages wait for the task worker, or more than UPLOAD_FULL_SIZE_QUEUE_LIMIT
   making the full-size view's (which wait behind every other task): the queue never grows
   past a few seconds of the worker's work for pages, so the renditions of every upload
   taken follow it within seconds, and the full-size view's later, in bounded time.

All of it within UPLOAD_ADMISSION_WAIT seconds of arriving, holding no database transaction
and using no CPU (it polls); past that UploadsBusy is raised, before anything was stored, and
the member reads that the site is busy and the file was not saved (core.admission's
BusyMiddleware: 503 with Retry-After).
"""

import threading
import time
from contextlib import ExitStack, contextmanager
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admission import Busy, NodeTurns, WaitingRoom, node_directory

BUSY_MESSAGE = _(
    "The site is busy with other uploads just now, so your file was not saved. "
    "Please try again in a minute."
)
RETRY_AFTER_SECONDS = 60
#: How often a turn holder counts the rendition queue again (one indexed query).
QUEUE_POLL_SECONDS = 0.2


class UploadsBusy(Busy):
    def __init__(self):
        super().__init__(BUSY_MESSAGE, retry_after=RETRY_AFTER_SECONDS)


class RenditionQueue(NamedTuple):
    """Rendition tasks waiting for the task worker: for pages (a new work's grid, page and
    share images; avatars, banners), and for the full-size view, which wait behind every
    other task (tasks.FULL_SIZE_PRIORITY)."""

    pages: int
    full_size: int

    def short(self):
        return (
            self.pages <= settings.UPLOAD_RENDITION_QUEUE_LIMIT
            and self.full_size <= settings.UPLOAD_FULL_SIZE_QUEUE_LIMIT
        )


def rendition_task_paths():
    """The module paths of the page renditions' tasks and of the full-size view's."""
    from . import tasks  # the tasks import this app's image code, which imports this module

    pages = [
        task.module_path
        for task in (
            tasks.generate_renditions,
            tasks.generate_avatar_renditions,
            tasks.generate_banner_renditions,
        )
    ]
    return pages, tasks.generate_full_size_renditions.module_path


def renditions_waiting():
    """The rendition tasks waiting for the task worker now (django-tasks-db's queue; retries
    deferred to later do not count), in one query. With the immediate backend (dev, tests)
    there is no queue: renditions are made before the upload's response."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return RenditionQueue(0, 0)
    from django_tasks_db.models import DBTaskResult

    pages, full_size = rendition_task_paths()
    counts = dict(
        DBTaskResult.objects.ready()
        .filter(task_path__in=[*pages, full_size])
        .values_list("task_path")
        .annotate(Count("pk"))
        .order_by()
    )
    return RenditionQueue(
        pages=sum(counts.get(path, 0) for path in pages), full_size=counts.get(full_size, 0)
    )


def wait_for_short_queue(deadline, waiting=renditions_waiting):
    """Return once the rendition queue is short (RenditionQueue.short); raise TimeoutError if
    `deadline` (time.monotonic()) passes first."""
    while not waiting().short():
        if time.monotonic() >= deadline:
            raise TimeoutError("the rendition queue stayed long")
        time.sleep(QUEUE_POLL_SECONDS)


_rooms_lock = threading.Lock()
_rooms = {}


def waiting_room():
    """This process's room for uploads (one per size, so a test may change the setting)."""
    size = settings.UPLOAD_WAITING_PER_PROCESS
    with _rooms_lock:
        if size not in _rooms:
            _rooms[size] = WaitingRoom(size)
        return _rooms[size]


def node_turns():
    return NodeTurns(node_directory("upload-turns"), settings.UPLOAD_PROCESSING_SLOTS)


@contextmanager
def upload_admitted():
    """Hold one of the machine's upload turns for the block, once the rendition queue is
    short; raise UploadsBusy, having taken nothing, when that cannot be had in time."""
    deadline = time.monotonic() + settings.UPLOAD_ADMISSION_WAIT
    with waiting_room().place() as entered, ExitStack() as turn:
        if not entered:
            raise UploadsBusy
        try:
            turn.enter_context(node_turns().turn(deadline))
            wait_for_short_queue(deadline)
        except TimeoutError as error:
            raise UploadsBusy from error
        yield
