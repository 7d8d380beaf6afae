#!/usr/bin/env python
"""
The framework floor: how close a page served from the site's own page cache comes to a bare
Django hello-world view (bench/hello_settings.py: no app, no middleware) served by the same
gunicorn (one sync worker) and the same Django. Requests per second with wrk, each page
measured next to the hello-world in the same minute, and reported as their ratio (goal ≥ 0.6):

  - the gallery from the page cache, production settings, Redis (a private redis-server)
  - the same with the database cache (SQLite), as a site without Redis runs
  - what each middleware in front of the cache lookup costs: the cached gallery with the
    stack cut after each of them (bench/floor_settings.py), in microseconds per request

Run with `bench/run --floor`, or `.venv/bin/python bench/floor.py [--seconds N]`.
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.common import Site, free_port  # noqa: E402
from bench.speed import HTTPS, print_table, row, wrk  # noqa: E402

GOAL = 0.6
PAGE = "/gallery/"


@contextlib.contextmanager
def private_redis():
    """A Redis of our own on a free port, keeping nothing on disk; the URL to reach it."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],  # noqa: S607
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def serving(site, **env):
    """The site's gunicorn with these environment variables (None removes one)."""
    for name, value in env.items():
        if value is None:
            site.env.pop(name, None)
        else:
            site.env[name] = value
    site.start(with_worker=False)
    try:
        yield
    finally:
        site.stop()


def cached(site):
    """Fill the page cache and check that the next request is answered from it."""
    requests.get(site.url + PAGE, headers=HTTPS, timeout=60).raise_for_status()
    response = requests.get(site.url + PAGE, headers=HTTPS, timeout=60)
    if response.headers.get("X-Page-Cache") != "hit":
        raise RuntimeError(f"{PAGE} was not served from the page cache: {response.headers}")


def requests_per_second(url, seconds):
    served, errors = wrk(url, seconds=seconds)
    if errors:
        raise RuntimeError(f"{errors} errors from {url}")
    return served


def against_hello(site, hello, seconds, rounds):
    """The cached page's requests/s and hello-world's, taken in turns; their median ratio."""
    pages, hellos = [], []
    for _ in range(rounds):
        hellos.append(requests_per_second(hello.url + "/", seconds))
        pages.append(requests_per_second(site.url + PAGE, seconds))
    ratio = statistics.median(page / base for page, base in zip(pages, hellos, strict=True))
    return statistics.median(pages), statistics.median(hellos), ratio


def front_middleware(site):
    """The middlewares a cached page passes through before the cache answers, in order."""
    output = site.shell(
        "from django.conf import settings; print('\\n'.join(settings.FRONT_MIDDLEWARE))"
    )
    return [line.strip() for line in output.splitlines() if line.strip()]


def measure(options):
    site = Site(workers=1)
    hello = Site(workers=1)
    hello.env["DJANGO_SETTINGS_MODULE"] = "bench.hello_settings"
    try:
        site.prepare(members=6, artworks=48)
        site.env["DJANGO_SETTINGS_MODULE"] = "bench.floor_settings"
        hello.start(with_worker=False)
        with private_redis() as redis_url:
            site.env["REDIS_URL"] = redis_url
            front = front_middleware(site)
            print("the cached gallery against hello world, Redis", flush=True)
            with serving(site, FLOOR_FRONT_MIDDLEWARE=None):
                cached(site)
                page, base, ratio = against_hello(site, hello, options.seconds, options.rounds)
            row("hello world (bare Django, no middleware)", "reference", f"{base:.0f} req/s")
            row(
                "cached gallery / hello world, Redis",
                f"≥ {GOAL}",
                f"{page:.0f} req/s",
                ratio,
                ratio >= GOAL,
            )

            print("each middleware in front of the cache lookup (Redis)", flush=True)
            previous = None
            for kept in range(len(front) + 1):
                with serving(site, FLOOR_FRONT_MIDDLEWARE=str(kept)):
                    cached(site)
                    page, _, ratio = against_hello(site, hello, options.seconds, 1)
                cost = "" if previous is None else f", {1e6 / page - 1e6 / previous:+.0f} µs"
                name = "cache lookup alone" if kept == 0 else f"+ {front[kept - 1]}"
                row(f"cached gallery, {name}", "figure", f"{page:.0f} req/s{cost}", ratio)
                previous = page

        print("the cached gallery against hello world, database cache", flush=True)
        with serving(site, REDIS_URL=None, FLOOR_FRONT_MIDDLEWARE=None):
            cached(site)
            page, _, ratio = against_hello(site, hello, options.seconds, options.rounds)
        row(
            "cached gallery / hello world, database cache",
            f"≥ {GOAL}",
            f"{page:.0f} req/s",
            ratio,
            ratio >= GOAL,
        )
    finally:
        hello.cleanup()
        site.cleanup()


def main():
    parser = argparse.ArgumentParser(description="The framework floor (see the docstring).")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="turns for each ratio")
    measure(parser.parse_args())
    print_table()


if __name__ == "__main__":
    main()
