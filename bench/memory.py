#!/usr/bin/env python
"""
Memory with work done (issue 16, goal 6), under production settings in a scratch folder:
gunicorn with ONE sync worker, the page cache on as production has it, and the task worker.

  - the gunicorn worker's RSS (the child process, not the master) after 10,000 mixed requests
    against its RSS after 100 (goal ≤ 1.3×): anonymous gallery pages, sorts, tags and searches,
    artwork and artist pages, feeds, the sitemap, a logged-in member's gallery, works,
    following and favourites, and some 404s, in a fixed random order
  - the task worker's RSS after 1,000 uploads through the upload endpoint, every rendition
    made, against its RSS after 10 (goal ≤ 1.3×); small real JPEGs (800×600, about 75 KB),
    so that the run takes minutes, not hours

Anonymous pages mostly come from the page cache, which hides what rendering them holds on to;
the logged-in pages, the searches (a new query each time) and the 404s are rendered every time,
and `--no-page-cache` renders everything.

Run: `.venv/bin/python bench/memory.py [--requests 10000] [--uploads 1000] [--no-page-cache]`,
or as step 8 of bench/speed.py. Figures, not pass/fail tests: the machine is shared and noisy.
"""

import argparse
import math
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.common import Member, Site, jpeg, print_row  # noqa: E402

HTTPS = {"X-Forwarded-Proto": "https"}
GOAL = 1.3
MEMBERS = 8
#: Works with their own image (and renditions); the rest of the gallery repeats their images.
SEEDED_WORKS = 24
WORKS = 300
UPLOAD = "/my/artworks/upload/"
UPLOAD_SIZE = (800, 600)
#: Under settings.ARTWORK_UPLOADS_PER_DAY (50, a seeded work included): uploads are spread over
#: enough members.
UPLOADS_PER_MEMBER = 40

# bench1 follows a few artists and favourites works by others, so that its pages list something.
SOCIAL_SCRIPT = r"""
from django.contrib.auth import get_user_model
from artworks.models import Artwork
from social import favourites, follows
member = get_user_model().objects.get(username="bench1")
for artist in get_user_model().objects.filter(username__in=["bench2", "bench3", "bench4"]):
    follows.follow(member, artist)
for work in Artwork.objects.public().exclude(artist=member).order_by("pk")[:30]:
    favourites.favourite(member, work)
"""


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def database(site):
    return sqlite3.connect(site.folder / "db.sqlite3", timeout=20)


def artwork_ids(site):
    with database(site) as connection:
        return [pk for (pk,) in connection.execute("SELECT id FROM artworks_artwork")]


def request_stream(site, count):
    """`count` (anonymous, path) pairs in a fixed random order; False: as bench1."""
    choice = random.Random(16)
    works = artwork_ids(site)
    words = ["Seed", "Bulk", "pattern", "test", "bench", "nothing-here"]

    def anonymous():
        return choice.choice(
            [
                "/",
                "/gallery/",
                f"/gallery/?page={choice.randint(1, 12)}",
                f"/gallery/?sort={choice.choice(['oldest', 'title', 'artist', 'favourites'])}",
                "/gallery/?tag=bench",
                "/gallery/tags/",
                f"/gallery/?q={choice.choice(words)}+{choice.randint(0, 999)}",
                f"/gallery/{choice.choice(works)}/",
                f"/gallery/{choice.choice(works)}/",
                "/artists/",
                f"/artists/bench{choice.randrange(MEMBERS)}/",
                "/feeds/artworks/",
                f"/feeds/artists/bench{choice.randrange(MEMBERS)}/",
                "/feeds/tags/bench/",
                "/sitemap.xml",
                "/sitemap-artworks.xml",
                f"/gallery/{10**6 + choice.randint(0, 999)}/",  # 404
                f"/no-such-page-{choice.randint(0, 999)}/",  # 404
            ]
        )

    def logged_in():
        return choice.choice(
            [
                "/gallery/",
                f"/gallery/?page={choice.randint(1, 12)}",
                f"/gallery/{choice.choice(works)}/",
                "/my/artworks/",
                "/my/following/",
                "/my/favourites/",
                "/my/notifications/",
            ]
        )

    for _ in range(count):
        member = choice.random() < 0.3
        yield (False, logged_in()) if member else (True, anonymous())


def measure_web_worker(site, count):
    """RSS of the only gunicorn worker after 100 requests and after `count`."""
    print(f"the gunicorn worker over {count:,} mixed requests", flush=True)
    (worker,) = site.worker_pids()
    member = Member(site, "bench1")
    session = requests.Session()
    statuses = {}
    readings = {}
    checkpoints = {100, 1000, count // 2, count}
    started = time.perf_counter()
    for number, (anonymous, path) in enumerate(request_stream(site, count), start=1):
        if anonymous:
            response = session.get(site.url + path, headers=HTTPS, timeout=60)
        else:
            response = member.get(path)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if number in checkpoints:
            readings[number] = rss_mb(worker)
            print(f"   after {number:,} requests: {readings[number]:.1f} MB", flush=True)
    took = time.perf_counter() - started
    print(f"   statuses {dict(sorted(statuses.items()))}, {took:.0f} s", flush=True)
    return readings[100], readings[count], took


def upload_files(count):
    """`count` different small photos (two patterns, a different tint and grain each)."""
    return [jpeg(number, UPLOAD_SIZE) for number in range(count)]


def tasks_waiting(site):
    with database(site) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]


def wait_for_tasks(site, limit=3600):
    started = time.perf_counter()
    while tasks_waiting(site) and time.perf_counter() - started < limit:
        time.sleep(0.5)
    if tasks_waiting(site):
        raise RuntimeError("the task worker did not finish")


def upload(member, token, content, title):
    response = member.post(
        UPLOAD,
        {"title": title, "alt_text": "A test pattern", "tags": "bench"},
        files={"image": ("photo.jpg", content, "image/jpeg")},
        token=token,
        headers={"Accept": "application/json"},
    )
    if response.status_code != 201:
        raise RuntimeError(f"upload refused ({response.status_code}): {response.text[:300]}")


def measure_task_worker(site, count, uploaders):
    """RSS of the task worker after 10 uploads' renditions and after `count` uploads'."""
    print(f"the task worker over {count:,} uploads", flush=True)
    worker = site.worker.pid
    files = upload_files(50)
    print(
        f"   {UPLOAD_SIZE[0]}×{UPLOAD_SIZE[1]} JPEGs of about "
        f"{sum(map(len, files)) / len(files) / 1024:.0f} KB",
        flush=True,
    )
    members = [Member(site, name) for name in uploaders]
    tokens = [member.csrf_token(UPLOAD) for member in members]
    wait_for_tasks(site)
    readings = {}
    checkpoints = sorted({10, count // 2, count})
    started = time.perf_counter()
    done = 0
    for checkpoint in checkpoints:
        while done < checkpoint:
            # Each member in turn, so none passes the daily allowance.
            turn = done % len(members)
            upload(members[turn], tokens[turn], files[done % len(files)], f"Upload {done}")
            done += 1
        wait_for_tasks(site)
        readings[checkpoint] = rss_mb(worker)
        print(f"   after {checkpoint:,} uploads: {readings[checkpoint]:.1f} MB", flush=True)
    took = time.perf_counter() - started
    print(f"   {count:,} uploads and their renditions in {took:.0f} s", flush=True)
    return readings[10], readings[count], took


def measure(requests_count=10_000, uploads=1_000, page_cache=True, row=None):
    row = row or print_row
    # Members of their own: the gallery's bulk works count as the first few members' uploads.
    uploaders = [
        f"bench{MEMBERS + number}" for number in range(math.ceil(uploads / UPLOADS_PER_MEMBER))
    ]
    site = Site(workers=1)
    # Enough upload attempts for the benchmark itself; the limits are tested in tests/.
    site.env["UPLOAD_ATTEMPT_RATE_LIMIT"] = "100000/h"
    site.env["UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS"] = "100000/h"
    if not page_cache:
        site.env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    cache = "page cache on" if page_cache else "page cache off"
    try:
        from bench.speed_pages import ADD_ARTWORKS

        site.prepare(members=MEMBERS + len(uploaders), artworks=SEEDED_WORKS)
        site.shell(ADD_ARTWORKS.format(target=WORKS))
        site.shell(SOCIAL_SCRIPT)
        site.start(with_worker=True)
        if requests_count:
            first, last, took = measure_web_worker(site, requests_count)
            row(
                f"gunicorn worker RSS after {requests_count:,} requests / after 100 ({cache})",
                f"≤ {GOAL}×",
                f"{last:.0f} MB / {first:.0f} MB in {took:.0f} s",
                last / first,
                last / first <= GOAL,
            )
        if uploads:
            first, last, took = measure_task_worker(site, uploads, uploaders)
            row(
                f"task worker RSS after {uploads:,} uploads / after 10",
                f"≤ {GOAL}×",
                f"{last:.0f} MB / {first:.0f} MB in {took:.0f} s",
                last / first,
                last / first <= GOAL,
            )
    finally:
        site.cleanup()


def main():
    parser = argparse.ArgumentParser(description="Memory with work done (see the docstring).")
    parser.add_argument("--requests", type=int, default=10_000, help="mixed requests")
    parser.add_argument("--uploads", type=int, default=1_000, help="uploads (≥ 10)")
    parser.add_argument("--no-page-cache", action="store_true", help="render every anonymous page")
    options = parser.parse_args()
    measure(options.requests, options.uploads, page_cache=not options.no_page_cache)


if __name__ == "__main__":
    main()
