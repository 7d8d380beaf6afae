"""`bench/run --scale 1m` (or `quick`): each page's median time on a site with 100 artworks
against the same page on a site with a million (or 20,000), on SQLite and on PostgreSQL.

Production settings, the Redis cache (a private redis-server started here) and the page
cache off, so every page is built. Each site is seeded by bench.scale_seed. A page that
fails, or takes more than 20 s, is reported as such in the table."""

import contextlib
import math
import re
import socket
import statistics
import subprocess
import time
from urllib.parse import urlsplit

import requests

from bench.common import Site, free_port

SCALES = {"quick": 20_000, "1m": 1_000_000}
SMALL = 100
GOAL = 1.5
TIMEOUT = 20
HTTPS = {"X-Forwarded-Proto": "https"}
PER_PAGE = 24  # settings.ARTWORKS_PER_PAGE and ARTISTS_PER_PAGE


@contextlib.contextmanager
def redis_server():
    """A redis-server of the bench's own, without persistence, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with contextlib.suppress(OSError):
                if ping_redis(port):
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def ping_redis(port):
    return redis_command(f"redis://127.0.0.1:{port}", b"PING").startswith(b"+PONG")


def redis_command(url, command):
    """One inline command to the bench's redis-server; its reply's first bytes."""
    with socket.create_connection(("127.0.0.1", urlsplit(url).port), timeout=5) as sock:
        sock.sendall(command + b"\r\n")
        return sock.recv(64)


LOG_IN = r"""
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
User = get_user_model()
admin = User.objects.create_superuser("benchadmin", "benchadmin@example.com", "unused-Pass-1")
# Staff need a second factor to open the admin; the bench logs in by session, not by form.
Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
for name in ("bench1", "benchadmin"):
    client = Client()
    client.force_login(User.objects.get(username=name))
    print("SESSION", name, client.cookies[settings.SESSION_COOKIE_NAME].value)
"""


def build_site(database, artworks, redis_url):
    """A running site seeded with `artworks` public works; its session cookies by member."""
    site = Site(database=database, workers=1)
    site.env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    site.env["REDIS_URL"] = redis_url
    site.prepare(members=2, artworks=1)
    seeding = site.manage(
        "shell",
        "-c",
        f"from bench.scale_seed import seed_scale; seed_scale({artworks})",
        check=False,
    )
    if seeding.returncode:
        site.cleanup()
        raise RuntimeError(f"seeding failed: {seeding.stderr[-3000:]}")
    print("   ", re.search(r"SEEDED.*", seeding.stdout).group(0), flush=True)
    cookies = dict(re.findall(r"SESSION (\w+) (\S+)", site.shell(LOG_IN)))
    site.start(with_worker=False)
    return site, cookies


def pages(artworks):
    """(figure, path, who) for every page the issue names; the last pages follow the size."""
    prolific = min(5_000, artworks // 4)
    gallery_last = math.ceil(artworks / PER_PAGE)
    artist_last = math.ceil(prolific / PER_PAGE)
    listing = "/admin/snippets/artworks/artwork/"
    return [
        ("gallery page 1", "/gallery/", None),
        ("gallery last page", f"/gallery/?page={gallery_last}", None),
        *[(f"gallery sorted: {sort}", f"/gallery/?sort={sort}", None) for sort in SORTS],
        ("search, a word in 10% of titles", "/gallery/?q=sunset", None),
        ("search, a word in 3 titles", "/gallery/?q=quokka", None),
        ("gallery filtered by a common tag", "/gallery/?tag=landscape", None),
        ("/gallery/tags/", "/gallery/tags/", None),
        ("prolific artist, page 1", "/artists/bench0/", None),
        ("prolific artist, last page", f"/artists/bench0/?page={artist_last}", None),
        ("/artists/", "/artists/", None),
        ("home", "/", None),
        ("/my/following/ (500 followed)", "/my/following/", "bench1"),
        ("/my/favourites/ (~500)", "/my/favourites/", "bench1"),
        ("/feeds/artworks/", "/feeds/artworks/", None),
        ("admin Artworks listing", listing, "benchadmin"),
        ("admin Artworks, filtered by status", f"{listing}?status=published", "benchadmin"),
        ("admin Artworks, searched", f"{listing}?q=sunset", "benchadmin"),
        ("moderation queue", f"{listing}?status=awaiting_review", "benchadmin"),
        ("reports listing", "/admin/snippets/reports/report/", "benchadmin"),
    ]


SORTS = ("oldest", "title", "artist", "favourites")


def fetch(site, path, session):
    """(seconds, body) for a 200 answer, else (None, what went wrong)."""
    headers = {**HTTPS, **({"Cookie": f"sessionid={session}"} if session else {})}
    started = time.perf_counter()
    try:
        response = requests.get(
            site.url + path, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.Timeout:
        wait_until_idle(site)
        return None, f"> {TIMEOUT} s"
    except requests.RequestException as error:
        wait_until_idle(site)
        return None, f"failed ({type(error).__name__})"
    if response.status_code != 200:
        return None, f"error {response.status_code}"
    return time.perf_counter() - started, response.text


def wait_until_idle(site):
    """The one sync worker goes on with a request the bench gave up on: wait for it, so the
    next page is not timed behind it."""
    for _ in range(60):
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{site.url}/healthz/", timeout=120).status_code == 200:
                return
        time.sleep(1)


def median_time(site, path, session):
    """The median of a few requests after a first one (fewer for slow pages), or what went
    wrong; and the first answer's body."""
    first, body = fetch(site, path, session)
    if first is None:
        return body, ""
    repeat = 9 if first < 0.3 else 5 if first < 2 else 3
    times = []
    for _ in range(repeat):
        seconds, failure = fetch(site, path, session)
        if seconds is None:
            return failure, body
        times.append(seconds)
    return statistics.median(times), body


def measure_site(site, artworks, sessions):
    """{figure: seconds or what went wrong} for every page, the sitemap's files included."""
    results = {}
    for figure, path, who in pages(artworks):
        results[figure], _ = median_time(site, path, sessions.get(who))
        print(f"    {figure}: {shown(results[figure])}", flush=True)
    results["/sitemap.xml"], sitemap = median_time(site, "/sitemap.xml", None)
    print(f"    /sitemap.xml: {shown(results['/sitemap.xml'])}", flush=True)
    if "<sitemapindex" in sitemap:
        files = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
        for name, part in (("first", files[0]), ("last", files[-1])):
            figure = f"sitemap index's {name} file"
            path = part.path + (f"?{part.query}" if part.query else "")
            results[figure], _ = median_time(site, path, None)
            print(f"    {figure}: {shown(results[figure])}", flush=True)
    return results


def shown(result):
    return f"{result * 1000:.0f}" if isinstance(result, float) else result


def table_rows(small, large):
    """(figure, ms small, ms large, ratio, verdict); a sitemap file is held against the
    small site's whole sitemap."""
    rows = []
    for figure, result in large.items():
        reference = small.get(figure, small.get("/sitemap.xml"))
        if isinstance(result, float) and isinstance(reference, float):
            ratio = result / reference
            verdict = "pass" if ratio <= GOAL else "SHORT"
            rows.append((figure, shown(reference), shown(result), f"{ratio:.2f}", verdict))
        else:
            rows.append((figure, shown(reference), shown(result), "–", "SHORT"))
    return rows


def print_table(database, artworks, rows):
    print(f"\n{database}, {SMALL} against {artworks:,} artworks (median ms, page cache off)\n")
    print(f"| figure | goal | ms at {SMALL} | ms at {artworks:,} | ratio | result |")
    print("| --- | --- | --- | --- | --- | --- |")
    for figure, small, large, ratio, verdict in rows:
        print(f"| {figure} | ≤ {GOAL}× | {small} | {large} | {ratio} | {verdict} |")


def measure_database(database, artworks, redis_url):
    results = []
    for size in (SMALL, artworks):
        print(f"  {database}, {size:,} artworks", flush=True)
        site = None
        try:
            # Nothing cached for one site may reach the next (page and collection keys).
            redis_command(redis_url, b"FLUSHALL")
            site, sessions = build_site(database, size, redis_url)
            results.append(measure_site(site, size, sessions))
        finally:
            if site:
                site.cleanup()
    return table_rows(*results)


def main(scale, databases):
    artworks = SCALES[scale]
    print(f"Scale: pages with {SMALL} and with {artworks:,} artworks", flush=True)
    tables = {}
    with redis_server() as redis_url:
        for database in databases:
            tables[database] = measure_database(database, artworks, redis_url)
            print_table(database, artworks, tables[database])
    for database, rows in tables.items():
        print_table(database, artworks, rows)
