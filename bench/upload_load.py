#!/usr/bin/env python
"""
Uploads at scale (issue 16, goal 7), under production settings in a scratch folder (SQLite,
the database cache, the page cache on): gunicorn with 2 workers of 16 threads, as the README
deploys the site, and the task worker.

8 members upload 12 MP photos (made here with Pillow, each upload's bytes different) one
after another for 60 s, while a visitor (a process of its own) asks for the anonymous gallery
every 0.1 s. Printed:
uploads done and errors; the seconds from each upload's response until its page renditions
exist (signed), mean and max, with every upload of the run waited for (goal ≤ 10 s on
average); the gallery's p99 latency during the run against its p99 while idle (goal ≤ 3×).
Every new public work moves the public content version, so during the run the gallery is
rendered anew more often than while idle: how the page cache answered is printed (kept, kept
in its grace while the process rebuilt it, or built for the request). The idle gallery and
then the uploads start once the task worker has done what seeding queued: its renditions move
the version as uploads do, and uploads wait while the rendition queue is long
(artworks.admission), a queue of the bench's own making.
An upload answered "busy" (503) counts as an error.

Run: `.venv/bin/python bench/upload_load.py [--seconds 60] [--task-workers 1]`, or as step 9
of bench/speed.py. Figures, not pass/fail tests: the machine is shared and noisy.
"""

import argparse
import multiprocessing
import sqlite3
import statistics
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.common import Member, Site, jpeg, print_row  # noqa: E402

HTTPS = {"X-Forwarded-Proto": "https"}
UPLOAD = "/my/artworks/upload/"
UPLOADERS = 8
#: gunicorn threads a worker, as deploy/systemd runs it: uploads waiting their turn hold at
#: most half of them (UPLOAD_WAITING_PER_PROCESS), so the gallery always finds a thread.
THREADS = 16
PHOTO_SIZE = (4243, 2828)  # 12 megapixels, 3:2
IDLE_REQUESTS = 200
GALLERY_PAUSE = 0.1
#: How long after the start the page renditions of the run's last uploads are waited for, and
#: then how much longer their full-size view's.
BACKLOG_LIMIT = 900
FULL_SIZE_LIMIT = 120

# What the page of a new work needs (as bench/speed.py step 7 counts it): its 9 renditions, 5
# of them signed; then the full-size view's two more, both signed.
PAGE_RENDITIONS, PAGE_SIGNED = 9, 5
ALL_RENDITIONS, ALL_SIGNED = 11, 7


def p99(latencies):
    return statistics.quantiles(latencies, n=100, method="inclusive")[98]


def varied(photo, number):
    """The photo with a JPEG comment (COM segment) naming the upload: no two uploads send the
    same bytes, at no cost of encoding."""
    text = f"upload {number}".encode()
    return photo[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + photo[2:]


class Run:
    """What the threads record."""

    def __init__(self, site):
        self.site = site
        self.lock = threading.Lock()
        self.returned = {}  # artwork id → when its upload's response arrived
        self.page_ready = {}  # artwork id → when its page renditions existed
        self.all_ready = {}
        self.errors = []
        self.gallery = []  # (seconds, served from the page cache)
        self.uploading = threading.Event()

    def upload_loop(self, member, photo, first_number, deadline):
        token = member.csrf_token(UPLOAD)
        number = first_number
        while time.perf_counter() < deadline:
            try:
                response = member.post(
                    UPLOAD,
                    {"title": f"Photo {number}", "alt_text": "A big photo", "tags": "bench"},
                    files={"image": ("photo.jpg", varied(photo, number), "image/jpeg")},
                    token=token,
                    headers={"Accept": "application/json"},
                )
            except requests.RequestException as error:
                with self.lock:
                    self.errors.append(type(error).__name__)
                continue
            returned = time.perf_counter()
            with self.lock:
                if response.status_code == 201:
                    self.returned[response.json()["id"]] = returned
                else:
                    self.errors.append(f"{response.status_code} {response.text[:120]}")
            number += UPLOADERS

    def gallery_loop(self, requests_count=None, deadline=None):
        """The visitor's requests for the anonymous gallery, made from a process of their own
        (as a visitor is not one of the uploaders): timed in this process, among the
        uploaders' threads, they also measured how long the prober waited for this
        process's GIL. `requests_count` requests, or until `deadline` (time.monotonic())."""
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as visitor:
            latencies, errors = visitor.submit(
                visit_gallery, self.site.url, requests_count, deadline
            ).result()
        with self.lock:
            self.errors.extend(errors)
        return latencies

    def poll_renditions(self, until):
        """Note when each upload's renditions exist, from the database every 0.1 s."""
        with sqlite3.connect(self.site.folder / "db.sqlite3", timeout=20) as connection:
            while not until():
                with self.lock:
                    waiting = [pk for pk in self.returned if pk not in self.all_ready]
                if waiting:
                    self._note_ready(connection, waiting)
                time.sleep(0.1)

    def _note_ready(self, connection, waiting):
        counts = connection.execute(
            "SELECT a.id, COUNT(r.id), SUM(r.file LIKE '%.c2pa.%') "
            "FROM artworks_artwork AS a JOIN wagtailimages_rendition AS r "
            "ON r.image_id = a.image_id WHERE a.id >= ? GROUP BY a.id",
            (min(waiting),),
        ).fetchall()
        now = time.perf_counter()
        with self.lock:
            for pk, made, signed in counts:
                if pk not in self.returned:
                    continue
                if made >= PAGE_RENDITIONS and signed >= PAGE_SIGNED:
                    self.page_ready.setdefault(pk, now)
                if made >= ALL_RENDITIONS and signed >= ALL_SIGNED:
                    self.all_ready.setdefault(pk, now)

    def waits(self, ready):
        return [ready[pk] - self.returned[pk] for pk in self.returned if pk in ready]


def visit_gallery(site_url, requests_count=None, deadline=None):
    """Ask for the anonymous gallery every GALLERY_PAUSE seconds: `requests_count` times, or
    until `deadline` (time.monotonic()). Each response's seconds and how the page cache
    answered (X-Page-Cache); and the errors."""
    session = requests.Session()
    latencies, errors = [], []
    while (
        len(latencies) < requests_count
        if requests_count is not None
        else time.monotonic() < deadline
    ):
        started = time.perf_counter()
        response = session.get(f"{site_url}/gallery/", headers=HTTPS, timeout=60)
        took = time.perf_counter() - started
        if response.status_code != 200:
            errors.append(f"gallery {response.status_code}")
        latencies.append((took, response.headers.get("X-Page-Cache", "built")))
        time.sleep(GALLERY_PAUSE)
    return latencies, errors


def waited_for(ready, uploads, deadline):
    while len(ready) < len(uploads) and time.perf_counter() < deadline:
        time.sleep(0.5)


def queue_emptied(site, limit=600):
    """Wait until the task worker has done what seeding queued (tasks for works whose
    renditions the seed made already, and their full-size view's), so that the uploads start
    behind no queue of the bench's own making: they wait while the queue is long."""
    deadline = time.perf_counter() + limit
    with sqlite3.connect(site.folder / "db.sqlite3", timeout=20) as connection:
        while time.perf_counter() < deadline:
            (waiting,) = connection.execute(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()
            if not waiting:
                return
            time.sleep(0.5)


def photos():
    """One 12 MP photo per uploader, each of its own tint and grain (about 3 MB)."""
    return [jpeg(number, PHOTO_SIZE) for number in range(UPLOADERS)]


def measure(seconds=60, task_workers=1, row=None):
    row = row or print_row
    print(f"making {UPLOADERS} photos of 12 MP…", flush=True)
    pool = photos()
    print(f"   {statistics.mean(map(len, pool)) / 1e6:.1f} MB each", flush=True)
    site = Site(workers=2, threads=THREADS, task_workers=task_workers)
    # Enough upload attempts for the benchmark itself (every member uploads from one
    # address); the limits are tested in tests/.
    site.env["UPLOAD_ATTEMPT_RATE_LIMIT"] = "100000/h"
    site.env["UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS"] = "100000/h"
    try:
        site.prepare(members=UPLOADERS, artworks=48)
        site.start(with_worker=True)
        run = Run(site)
        members = [Member(site, f"bench{number}") for number in range(UPLOADERS)]
        # Idle is idle: the seed's renditions, which move the public version as uploads do,
        # are made first.
        print("waiting for the seed's rendition tasks", flush=True)
        queue_emptied(site)
        print(f"the gallery idle ({IDLE_REQUESTS} requests)", flush=True)
        idle = run.gallery_loop(requests_count=IDLE_REQUESTS)
        print(f"{UPLOADERS} members uploading for {seconds} s", flush=True)
        started = time.perf_counter()
        deadline = started + seconds
        uploaders = [
            threading.Thread(target=run.upload_loop, args=(member, photo, number, deadline))
            for number, (member, photo) in enumerate(zip(members, pool, strict=True))
        ]
        backlog_over = threading.Event()
        poller = threading.Thread(target=run.poll_renditions, args=(backlog_over.is_set,))
        poller.start()
        for thread in uploaders:
            thread.start()
        during = run.gallery_loop(deadline=time.monotonic() + seconds)
        for thread in uploaders:
            thread.join()
        uploading_took = time.perf_counter() - started
        print(f"   {len(run.returned)} uploads in {uploading_took:.0f} s; waiting for renditions")
        waited_for(run.page_ready, run.returned, started + BACKLOG_LIMIT)
        # The full-size view's renditions come last (their task's priority is the lowest):
        # they are waited for a little longer, and counted as far as they got.
        waited_for(run.all_ready, run.returned, time.perf_counter() + FULL_SIZE_LIMIT)
        backlog_over.set()
        poller.join()
        report(row, run, idle, during, time.perf_counter() - started)
    finally:
        site.cleanup()


def report(row, run, idle, during, took):
    page_waits, all_waits = run.waits(run.page_ready), run.waits(run.all_ready)
    missing = len(run.returned) - len(page_waits)
    row(
        "uploads done, errors",
        "0 errors",
        f"{len(run.returned)} uploads, {len(run.errors)} errors",
        passed=not run.errors,
    )
    for error in sorted(set(run.errors))[:5]:
        print(f"    {error}")
    mean = statistics.mean(page_waits) if page_waits else float("inf")
    row(
        "page renditions after the upload's response, mean (max)",
        "≤ 10 s",
        f"{mean:.1f} s ({max(page_waits, default=0):.1f} s)"
        + (f", {missing} never within {BACKLOG_LIMIT} s" if missing else ""),
        mean / 10,
        mean <= 10 and not missing,
    )
    row(
        "full-size view's renditions too, mean (max)",
        "figure",
        f"{statistics.mean(all_waits or [0]):.1f} s ({max(all_waits, default=0):.1f} s) for "
        f"{len(all_waits)} of {len(run.returned)}, {took:.0f} s after the start",
    )
    idle_p99 = p99([seconds for seconds, _ in idle])
    during_p99 = p99([seconds for seconds, _ in during])
    row(
        "anonymous gallery p99, during / idle",
        "≤ 3×",
        f"{during_p99 * 1000:.0f} ms / {idle_p99 * 1000:.0f} ms "
        f"({len(during)} requests: {served_how(during)}; idle: {served_how(idle)})",
        during_p99 / idle_p99,
        during_p99 / idle_p99 <= 3,
    )


def served_how(requests):
    """How the page cache answered (its X-Page-Cache), each with its share and its slowest
    response: kept, kept in its grace while being rebuilt (core.page_refresh), or built for
    the request."""
    answers = {"kept": [], "in grace": [], "built": []}
    for seconds, answer in requests:
        answers[{"hit": "kept", "stale": "in grace"}.get(answer, "built")].append(seconds)
    return ", ".join(
        f"{len(times) / len(requests):.0%} {how}"
        + (f" (slowest {max(times) * 1000:.0f} ms)" if times else "")
        for how, times in answers.items()
    )


def main():
    parser = argparse.ArgumentParser(description="Uploads at scale (see the docstring).")
    parser.add_argument("--seconds", type=int, default=60, help="how long the members upload")
    parser.add_argument(
        "--task-workers", type=int, default=1, help="db_worker processes (the README: one a core)"
    )
    options = parser.parse_args()
    measure(options.seconds, options.task_workers)


if __name__ == "__main__":
    main()
