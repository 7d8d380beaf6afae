"""`bench/run --scale 1m` (or `quick`): each page's median time on a site with 100 artworks
against the same page on a site with a million (or 20,000), on SQLite and on PostgreSQL.

Production settings, the Redis cache (a private redis-server started here) and the page
cache off, so every page is built. Each site is seeded by bench.scale_seed. A page that
fails, or takes more than 20 s, is reported as such in the table. A second table times the
searches in process on both sites (bench.scale_search_timing)."""

import contextlib
import re
import socket
import subprocess
import time
from urllib.parse import urlsplit

from bench.common import Site, free_port
from bench.scale_search_timing import measure_searches, print_search_table
from bench.scale_timing import measure_pages, print_table

SCALES = {"quick": 20_000, "200k": 200_000, "1m": 1_000_000}
SMALL = 100
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


# Each listing's last page as a visitor reaches it by Next: its number and the cursor naming
# the work just before it in the listing's order ("ANCHOR <listing> <page> <pk>").
LAST_PAGES = r"""
from django.conf import settings
from artworks.models import Artwork, GalleryPage
# The last full page: the listing's last ARTWORKS_PER_PAGE works, reached by a cursor as Next
# reaches it, so that both sites' pages show as many works (the real last page holds
# whatever is left over: 4 works of 100, 16 of a million).
def last_page(artworks):
    count = artworks.count()
    start = max(count - settings.ARTWORKS_PER_PAGE, 0)
    before = artworks.values_list("pk", flat=True)[start - 1] if start else 0
    return start // settings.ARTWORKS_PER_PAGE + 1, before
listed = Artwork.objects.listed()
for sort in GalleryPage.SORTS:
    print("ANCHOR", sort, *last_page(GalleryPage.sort_artworks(listed, sort)))
print("ANCHOR bench0", *last_page(listed.filter(artist__username="bench0").newest_first()))
"""


def build_site(database, artworks, redis_url):
    """A running site seeded with `artworks` public works; its session cookies by member, and
    the last pages of its listings (LAST_PAGES) by listing."""
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
    last_pages = {
        listing: f"page={page}&after={pk}" if int(page) > 1 else ""
        for listing, page, pk in re.findall(r"ANCHOR (\w+) (\d+) (\d+)", site.shell(LAST_PAGES))
    }
    site.start(with_worker=False)
    return site, cookies, last_pages


def pages(last_pages):
    """(figure, path, who) for every page the issue names; the last pages (reached by Next,
    so by cursor) are the site's own (build_site)."""
    listing = "/admin/snippets/artworks/artwork/"
    return [
        ("gallery page 1", "/gallery/", None),
        ("gallery last page", f"/gallery/?{last_pages['newest']}", None),
        *[(f"gallery sorted: {sort}", f"/gallery/?sort={sort}", None) for sort in SORTS],
        *[
            (
                f"gallery sorted: {sort}, last page",
                f"/gallery/?sort={sort}&{last_pages[sort]}",
                None,
            )
            for sort in SORTS
        ],
        ("search, a word in a quarter of titles", "/gallery/?q=sunset", None),
        ("search, a word in 3 titles", "/gallery/?q=quokka", None),
        ("gallery filtered by a common tag", "/gallery/?tag=landscape", None),
        ("/gallery/tags/", "/gallery/tags/", None),
        ("prolific artist, page 1", "/artists/bench0/", None),
        ("prolific artist, last page", f"/artists/bench0/?{last_pages['bench0']}", None),
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


def measure_database(database, artworks, redis_url):
    """Both sites up at once, each with a Redis database of its own, emptied first: nothing
    cached for an earlier site reaches these (page and collection keys)."""
    redis_command(redis_url, b"FLUSHALL")
    sites, last_pages = [], []
    try:
        for number, size in enumerate((SMALL, artworks)):
            print(f"  {database}, {size:,} artworks", flush=True)
            site, cookies, site_last_pages = build_site(database, size, f"{redis_url}/{number}")
            sites.append((site, cookies))
            last_pages.append(site_last_pages)
        print(f"    page: ms with {SMALL} / with {artworks:,}", flush=True)
        page_results = measure_pages(
            sites, *(pages(site_last_pages) for site_last_pages in last_pages)
        )
        return page_results, measure_searches(sites)
    finally:
        for site, _sessions in sites:
            site.cleanup()


def main(scale, databases):
    artworks = SCALES[scale]
    print(f"Scale: pages with {SMALL} and with {artworks:,} artworks", flush=True)
    tables = {}
    with redis_server() as redis_url:
        for database in databases:
            tables[database] = measure_database(database, artworks, redis_url)
    for database, (page_results, search_results) in tables.items():
        title = f"{database}: median ms, production settings, Redis cache, page cache off"
        print_table(title, SMALL, artworks, page_results)
        title = f"{database}: search in process (the backend's queries alone), median ms"
        print_search_table(title, SMALL, artworks, search_results)
