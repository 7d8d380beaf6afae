#!/usr/bin/env python
"""
The framework floor: how close a page served from the site's own page cache comes to a bare
Django hello-world view (bench/hello_settings.py: no app, no middleware) served by the same
gunicorn (one sync worker) and the same Django. Requests per second with wrk, each page
measured next to the hello-world in the same minute, and reported as their ratio (goal ≥ 0.6):

  - the gallery from the page cache, production settings, Redis (a private redis-server)
  - the same with the database cache (SQLite), as a site without Redis runs
  - each of them asked as browsers ask (Accept-Encoding: gzip), answered with the page the
    cache compressed when it kept it
  - beside each, the "same bytes" ceiling: a bare Django view on the hello-world site answering
    exactly the cached gallery's response as the bench fetched it (bench/same_bytes.py), in the
    same turns: it over hello world is what the page's size costs any Django view, the gallery
    over it how far our stack is from the best a view of that size can do
  - what each middleware in front of the cache lookup costs, in microseconds per request:
    Django's WSGI handler called in-process for the cached gallery with the stack cut after
    each of them (the first row: the cache lookup and Django's own work, over hello-world's)

Run with `bench/run --floor`, or `.venv/bin/python bench/floor.py [--seconds N]`.
"""

import argparse
import contextlib
import io
import re
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench import same_bytes  # noqa: E402
from bench.common import Site  # noqa: E402
from bench.figures import HTTPS, print_table, row, wrk  # noqa: E402
from bench.scale import redis_server  # noqa: E402

GOAL = 0.6
PAGE = "/gallery/"
PAGE_CACHE_MIDDLEWARE = "core.page_cache.AnonymousPageCacheMiddleware"


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


#: What browsers (and Varnish) send: the page cache answers them with the page it compressed
#: when it kept it. Hello world's five bytes go uncompressed either way.
AS_BROWSERS_ASK_VALUE = "gzip, deflate, br"
AS_BROWSERS_ASK = [f"Accept-Encoding: {AS_BROWSERS_ASK_VALUE}"]


def requests_per_second(url, seconds, headers=()):
    served, errors = wrk(url, headers=headers, seconds=seconds)
    if errors:
        raise RuntimeError(f"{errors} errors from {url}")
    return served


class Turns(NamedTuple):
    """Medians of requests/s, and of the ratios taken turn by turn."""

    page: float
    hello: float
    same: float
    page_hello: float
    same_hello: float
    page_same: float


def against_hello(site, hello, seconds, rounds, headers=()):
    """The cached page's requests/s, hello-world's and the same-bytes view's, taken in turns."""
    pages, hellos, sames = [], [], []
    for _ in range(rounds):
        hellos.append(requests_per_second(hello.url + "/", seconds, headers))
        sames.append(requests_per_second(hello.url + same_bytes.PATH, seconds, headers))
        pages.append(requests_per_second(site.url + PAGE, seconds, headers))

    def ratio(tops, bottoms):
        return statistics.median(top / bottom for top, bottom in zip(tops, bottoms, strict=True))

    median = statistics.median
    return Turns(
        median(pages),
        median(hellos),
        median(sames),
        ratio(pages, hellos),
        ratio(sames, hellos),
        ratio(pages, sames),
    )


@contextlib.contextmanager
def answering_same_bytes(site, hello):
    """The hello site, started with its second URL answering the cached gallery's bytes as
    they are now; the sizes of the plain and the gzipped body."""
    bytes_file = hello.folder / "same-bytes.json"
    sizes = same_bytes.write(bytes_file, site.url + PAGE, AS_BROWSERS_ASK_VALUE)
    hello.env[same_bytes.ENVIRONMENT] = str(bytes_file)
    hello.start(with_worker=False)
    try:
        same_bytes.check(bytes_file, hello.url + same_bytes.PATH, AS_BROWSERS_ASK_VALUE)
        yield sizes
    finally:
        hello.stop()


def against_hello_both_ways(site, hello, options):
    """The turns without Accept-Encoding and as browsers ask, and the gallery's two sizes."""
    with answering_same_bytes(site, hello) as sizes:
        plain = against_hello(site, hello, options.seconds, options.rounds)
        zipped = against_hello(site, hello, options.seconds, options.rounds, AS_BROWSERS_ASK)
    return plain, zipped, sizes


def same_bytes_rows(backend, plain, zipped, sizes):
    """The ceiling's rows, beside the ratios to hello world of one cache backend."""
    plain_size, zipped_size = sizes
    row(
        f"bare Django view answering the cached gallery's bytes / hello world, {backend}",
        "figure",
        f"{plain.same:.0f} req/s ({plain_size} bytes)",
        plain.same_hello,
    )
    row(
        "the same, asked as browsers ask (Accept-Encoding: gzip)",
        "figure",
        f"{zipped.same:.0f} req/s ({zipped_size} bytes gzipped)",
        zipped.same_hello,
    )
    row(
        f"cached gallery / that bare view, {backend}",
        "figure",
        f"{plain.page:.0f} req/s",
        plain.page_same,
    )
    row(
        "the same, asked as browsers ask (Accept-Encoding: gzip)",
        "figure",
        f"{zipped.page:.0f} req/s",
        zipped.page_same,
    )


def handler_times(number=1000):
    """Run inside `manage.py shell`, under the site's production settings and its cache:
    microseconds per request of Django's own WSGI handler, called directly (no gunicorn, no
    network; the median of `number` requests, so the machine's other work hardly shows), for the
    hello-world view and for the cached gallery with the stack cut after each middleware
    in front of the cache. Prints "TIME <name> <µs>" lines."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    def environ(path):
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }

    def serve(handler, base):
        headers = {}
        response = handler(dict(base), lambda status, pairs: headers.update(pairs))
        b"".join(response)
        response.close()  # request_finished, as gunicorn does
        return headers

    def typical_time(handler, base):
        took = []
        for _ in range(number):
            started = time.perf_counter()
            serve(handler, base)
            took.append(time.perf_counter() - started)
        return statistics.median(took) * 1e6

    with override_settings(MIDDLEWARE=[], ROOT_URLCONF="bench.hello_urls"):
        print("TIME hello", typical_time(WSGIHandler(), environ("/")))
    cache_at = settings.MIDDLEWARE.index(PAGE_CACHE_MIDDLEWARE)
    front, behind = settings.MIDDLEWARE[:cache_at], settings.MIDDLEWARE[cache_at + 1 :]
    gallery = environ(PAGE)
    for kept in range(len(front) + 1):
        # The others move behind the cache, where a page from it never reaches them (they stay
        # installed: allauth, for one, insists on its own).
        stack = [*front[:kept], PAGE_CACHE_MIDDLEWARE, *front[kept:], *behind]
        with override_settings(MIDDLEWARE=stack):
            handler = WSGIHandler()
            serve(handler, gallery)
            if serve(handler, gallery).get("X-Page-Cache") != "hit":
                raise RuntimeError("the gallery was not served from the page cache")
            name = "cache" if kept == 0 else front[kept - 1]
            print("TIME", name, typical_time(handler, gallery))


def middleware_shares(site):
    output = site.shell("from bench.floor import handler_times; handler_times()")
    times = [
        (name, float(value)) for name, value in re.findall(r"^TIME (\S+) (\S+)$", output, re.M)
    ]
    (_, hello), *stack = times
    row("in-process: hello world", "reference", f"{hello:.0f} µs")
    previous = hello
    for name, took in stack:
        label = "cache lookup alone (over hello world)" if name == "cache" else f"+ {name}"
        row(f"in-process: cached gallery, {label}", "figure", f"{took - previous:+.0f} µs")
        previous = took
    row(
        "in-process: cached gallery / hello world", "figure", f"{previous:.0f} µs", hello / previous
    )


def measure(options):
    site = Site(workers=1)
    hello = Site(workers=1)
    hello.env["DJANGO_SETTINGS_MODULE"] = "bench.hello_settings"
    try:
        site.prepare(members=6, artworks=48)
        with redis_server() as redis_url:
            site.env["REDIS_URL"] = f"{redis_url}/0"
            print("the cached gallery against hello world, Redis", flush=True)
            with serving(site):
                cached(site)
                plain, zipped, sizes = against_hello_both_ways(site, hello, options)
            row("hello world (bare Django, no middleware)", "reference", f"{plain.hello:.0f} req/s")
            row(
                "cached gallery / hello world, Redis",
                f"≥ {GOAL}",
                f"{plain.page:.0f} req/s",
                plain.page_hello,
                plain.page_hello >= GOAL,
            )
            row(
                "the same, asked as browsers ask (Accept-Encoding: gzip)",
                f"≥ {GOAL}",
                f"{zipped.page:.0f} req/s (hello world {zipped.hello:.0f})",
                zipped.page_hello,
                zipped.page_hello >= GOAL,
            )
            same_bytes_rows("Redis", plain, zipped, sizes)
            print("what each middleware in front of the cache costs (Redis)", flush=True)
            middleware_shares(site)

        print("the cached gallery against hello world, database cache", flush=True)
        with serving(site, REDIS_URL=None):
            cached(site)
            plain, zipped, sizes = against_hello_both_ways(site, hello, options)
        row(
            "cached gallery / hello world, database cache",
            f"≥ {GOAL}",
            f"{plain.page:.0f} req/s",
            plain.page_hello,
            plain.page_hello >= GOAL,
        )
        row(
            "the same, asked as browsers ask (Accept-Encoding: gzip)",
            f"≥ {GOAL}",
            f"{zipped.page:.0f} req/s",
            zipped.page_hello,
            zipped.page_hello >= GOAL,
        )
        same_bytes_rows("database cache", plain, zipped, sizes)
    finally:
        hello.cleanup()
        site.cleanup()


def main():
    parser = argparse.ArgumentParser(description="The framework floor (see the docstring).")
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="turns for each ratio")
    # Stopped from outside, the servers and Redis it started are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    measure(parser.parse_args())
    print_table()


if __name__ == "__main__":
    main()
