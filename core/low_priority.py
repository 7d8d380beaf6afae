"""
CPU-heavy work a request waits for but visitors should not: run in a thread kept for it at a
lower CPU priority (a higher niceness), so that when every core is busy the operating system
gives one first to the threads answering pages.

An upload's decode and rebuild (artworks.images) take about a second of CPU for a 12 MP photo.
In the request's own thread they competed on equal terms with the pages gunicorn's other
threads were answering, and on a small machine taking uploads without pause the anonymous
gallery's slowest responses waited for them (bench/upload_load.py).

Linux weighs a thread's niceness against the other threads of its scheduling group: with
autogroups (or systemd's cgroups), the processes of one session or service. So this orders
the web service's own work, pages before decodes, and leaves alone how the CPU is shared
with the task worker, another service: uploads and their renditions share it as before.
Raising a thread's niceness is always allowed, lowering it back is not (for an unprivileged
process): hence threads kept for this, made low once, rather than the request's thread
lowered and restored. Elsewhere than Linux the work runs at the process's priority.
"""

import contextlib
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from django.utils import translation


class LowPriorityThreads:
    """`run(function, *args)` calls `function(*args)` in one of this process's `threads`
    threads at `niceness` above the process's, in the caller's context (its active language:
    messages made there read as the caller's would), waits, and returns its result or raises
    its exception. The threads are made on first use in each process (gunicorn forks after
    import). For work on what the caller hands over (bytes, files), not the database: a
    connection opened in these threads would outlive every request."""

    def __init__(self, threads, niceness):
        self.threads = threads
        self.niceness = niceness
        self._lock = threading.Lock()
        self._executor = None
        self._pid = None

    def run(self, function, *args):
        # Django keeps the active language per thread (asgiref's Local), not in a context
        # variable that a copied context would carry: it is handed over by name.
        language = translation.get_language()
        work = self._executor_of_this_process().submit(in_language, language, function, *args)
        return work.result()

    def _executor_of_this_process(self):
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = ThreadPoolExecutor(
                    self.threads,
                    thread_name_prefix="low-priority",
                    initializer=self._lower_this_thread,
                )
                self._pid = os.getpid()
            return self._executor

    def _lower_this_thread(self):
        if not sys.platform.startswith("linux"):
            return  # elsewhere niceness belongs to the whole process
        # A sandbox that forbids it: the work runs as before (a failure here would break the
        # pool, and every upload with it).
        with contextlib.suppress(OSError):
            thread = threading.get_native_id()
            niceness = min(os.getpriority(os.PRIO_PROCESS, thread) + self.niceness, 19)
            os.setpriority(os.PRIO_PROCESS, thread, niceness)


def in_language(language, function, *args):
    with translation.override(language):
        return function(*args)
