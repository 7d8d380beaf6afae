"""
Turns at work that costs more CPU than a machine has to spare, shared by every process of the
site on that machine (gunicorn's workers and their threads, the management commands): at most
`slots` holders at once, first come first served, each waiting a bounded time. Past that the
request is answered "busy, try again in a minute" (BusyMiddleware) rather than queued without
end: a site under more load than its CPUs stays responsive and says so.

The turns are files in one directory. Each waiter makes a ticket numbered in the order of
arrival and holds an exclusive flock on it while it waits and while it works; a waiter whose
ticket is among the `slots` lowest-numbered live tickets has its turn. flock locks belong to an open
file, not to a process, so two threads of one process compete as two processes do; and a
process that dies loses its locks, so its tickets become lockable (stale) and the next waiter
removes them: nothing is left to clean up by hand.
"""

import contextlib
import hashlib
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from fcntl import LOCK_EX, LOCK_NB, flock
from pathlib import Path

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

#: How often a waiter looks again: a few system calls per waiting ticket, no database.
POLL_SECONDS = 0.05
TICKET_SUFFIX = ".ticket"
COUNT_FILE = "count"


class Busy(Exception):
    """The machine is too busy to take this request now; nothing it sent was kept."""

    def __init__(self, message, retry_after=60):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def node_directory(name):
    """A directory for `name`'s tickets, shared by this site's processes on this machine: in
    settings.ADMISSION_DIR when set, otherwise in the temporary directory under a name taken
    from the database, so another copy of the site on the same machine (staging, a benchmark)
    keeps turns of its own."""
    if settings.ADMISSION_DIR:
        return Path(settings.ADMISSION_DIR) / name
    database = settings.DATABASES["default"]
    site = "|".join(str(database.get(key, "")) for key in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(site.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"artist-collective-{digest}" / name


class NodeTurns:
    """At most `slots` holders at once among every thread of every process using
    `directory`, in the order they asked."""

    def __init__(self, directory, slots):
        self.directory = Path(directory)
        self.slots = max(1, slots)

    @contextmanager
    def turn(self, deadline):
        """Wait for a turn until `deadline` (time.monotonic()), then hold it for the block.
        Raises TimeoutError, holding nothing, when the deadline passes first."""
        ticket, descriptor = self._take_ticket()
        try:
            while self._ahead_of(ticket.name) >= self.slots:
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"no turn in {self.directory}")
                time.sleep(POLL_SECONDS)
            yield
        finally:
            # Unlinked while still locked: no one can take the name for a stale ticket.
            with contextlib.suppress(FileNotFoundError):
                ticket.unlink()
            os.close(descriptor)

    def _take_ticket(self):
        """The next number in the directory's count, as a ticket locked before it gets its
        name (a ticket that can be seen is either held or stale). Numbers are given, and
        tickets made, under a lock on the count: a ticket is on disk before any later
        number is given, so no waiter can miss one that comes before its own."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        count = os.open(self.directory / COUNT_FILE, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            flock(count, LOCK_EX)
            number = int(os.pread(count, 32, 0) or b"0") + 1
            os.pwrite(count, f"{number:020d}".encode(), 0)
            arrival = f"{number:020d}-{os.getpid()}-{threading.get_native_id()}"
            draft = self.directory / f".{arrival}"
            descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            flock(descriptor, LOCK_EX)
            ticket = draft.with_name(arrival + TICKET_SUFFIX)
            draft.rename(ticket)
        finally:
            os.close(count)  # and with it the lock on the count
        return ticket, descriptor

    def _ahead_of(self, name):
        """How many live tickets came before `name` (stale ones are removed on the way)."""
        earlier = sorted(
            other
            for other in os.listdir(self.directory)
            if other.endswith(TICKET_SUFFIX) and other < name
        )
        return sum(self._held(other) for other in earlier)

    def _held(self, name):
        path = self.directory / name
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            flock(descriptor, LOCK_EX | LOCK_NB)
        except BlockingIOError:
            return True
        else:
            # Its holder is gone without removing it (the process was killed).
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return False
        finally:
            os.close(descriptor)


class WaitingRoom:
    """At most `size` requests of one process inside at once; one more is refused at once
    (returns False) rather than waiting, so waiting requests never take every thread."""

    def __init__(self, size):
        self.size = size
        self._places = threading.BoundedSemaphore(size)

    @contextmanager
    def place(self):
        entered = self._places.acquire(blocking=False)
        try:
            yield entered
        finally:
            if entered:
                self._places.release()


class BusyMiddleware:
    """Busy raised by a view (or the form it validates) becomes a 503 with Retry-After: the
    page says what happened and that nothing was kept; a script asking for JSON gets the same
    message in the shape the upload page reads (`message`, and `errors` by field)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Busy):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            response = JsonResponse(
                {"message": exception.message, "errors": {"__all__": [exception.message]}},
                status=503,
            )
        else:
            response = TemplateResponse(
                request,
                "core/busy.html",
                {"message": exception.message, "again_url": self.page_before(request)},
                status=503,
            ).render()
        response["Retry-After"] = str(exception.retry_after)
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def page_before(request):
        """The page the form was posted from (the form again, empty), if it is ours."""
        referer = request.headers.get("Referer", "")
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return referer
        return "/"
