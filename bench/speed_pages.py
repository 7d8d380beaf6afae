"""Speed figures 1, 2, 3 and 6 (bench/speed.py): queries per page, a cold gallery, throughput
with wrk, and the gallery at 100,000 artworks."""

import re
import time

import requests

from bench.common import Site
from bench.figures import median_time, row, timed_get, wrk
from bench.speed_upload import RENDITIONS_PER_IMAGE, renditions_of

# --- 1. queries -----------------------------------------------------------------------------

# Database queries only: the cache is held in memory here, as Redis holds it in production
# (with the database cache, every cache read would count as a query too).
QUERY_SCRIPT = r"""
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from artworks.models import Artwork
memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
with override_settings(CACHES=memory, PUBLIC_PAGE_CACHE_SECONDS=0):
    artwork = Artwork.objects.public().order_by("pk").first()
    artist = artwork.artist.username
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.get("/")
    pages = [("home", "/"), ("gallery", "/gallery/"), ("artist", f"/artists/{artist}/"),
             ("artwork", artwork.get_absolute_url())]
    for name, url in pages:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        print("QUERIES", name, status, len(queries))
    # The same pages for a member who follows, favourites and has notifications: the header's
    # bell, the hearts and the Follow button are what a logged-in page adds.
    from comments import services as comments
    from social import collections, favourites, follows
    member = get_user_model().objects.get(username="bench1")
    follows.follow(member, artwork.artist)
    collection = collections.create_collection(member, "Bench", is_public=True)
    for work in Artwork.objects.public().exclude(artist=member).order_by("pk")[:12]:
        favourites.favourite(member, work)
        collections.add_work(member, collection, work)
        comments.post(member, artwork, f"A comment on {work.title}")
    client.force_login(member)
    client.get("/")
    for name, url in pages:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        print("QUERIES", "member_" + name, status, len(queries))
"""

ADD_ARTWORKS = r"""
from artworks.models import Artwork
template = list(Artwork.objects.select_related("artist").order_by("pk")[:6])
target = {target}
existing = Artwork.objects.count()
batch = []
for number in range(existing, target):
    source = template[number % len(template)]
    batch.append(Artwork(title=f"Bulk {{number}}", image_id=source.image_id,
                         artist_id=source.artist_id, alt_text="A bulk work"))
    if len(batch) == 5000:
        Artwork.objects.bulk_create(batch); batch = []
Artwork.objects.bulk_create(batch)
print("ARTWORKS", Artwork.objects.count())
"""


def query_counts(site):
    output = site.shell(QUERY_SCRIPT)
    return {
        name: int(count) for name, status, count in re.findall(r"QUERIES (\w+) (\d+) (\d+)", output)
    }


def measure_queries(site):
    print("1. queries per page", flush=True)
    few = query_counts(site)
    site.shell(ADD_ARTWORKS.format(target=4800))
    many = query_counts(site)
    # As tests/site/performance/test_query_counts.py pins them; the artwork page's 14 are its
    # work, tags, exhibitions, extra images, the "More by this artist" strip (constant in the
    # works) and its comments; the artist page's 11 include the artist's public collections.
    limits = {"gallery": 9, "artist": 11, "artwork": 14, "home": 10}
    # For a logged-in member, within 1.2× of what these pages cost before members could
    # favourite, collect, comment and be notified (home 13, gallery 11, artist 15, artwork 18).
    limits |= {"member_home": 15, "member_gallery": 13, "member_artist": 18, "member_artwork": 21}
    for name, limit in limits.items():
        row(
            f"database queries, {name.replace('member_', 'logged-in ')} page (48 / 4,800 artworks)",
            f"≤ {limit}, equal",
            f"{few[name]} / {many[name]}",
            passed=few[name] <= limit and few[name] == many[name],
        )


# --- 2. cold gallery --------------------------------------------------------------------------


def measure_cold_gallery(site, member):
    print("2. a gallery of 48 freshly uploaded 12 MP photos", flush=True)
    site.seed(members=6, artworks=48, size=(4000, 3000), renditions_now=False, prefix="Fresh")
    # The task worker makes the renditions after each upload; the gallery has not been asked
    # for since, so its first request renders every card (no page or fragment cached).
    deadline = time.monotonic() + 300
    while renditions_of(site, "Fresh %") < 48 * RENDITIONS_PER_IMAGE:
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    url = f"{site.url}/gallery/"
    first = timed_get(member.http, url, {"Cookie": member._cookie_header()})
    second = timed_get(member.http, url, {"Cookie": member._cookie_header()})
    warm = median_time(member.http, url, {"Cookie": member._cookie_header()})
    row(
        "first request / warm",
        "≤ 3×",
        f"{first * 1000:.0f} ms / {warm * 1000:.0f} ms",
        first / warm,
        first / warm <= 3,
    )
    row(
        "second request / warm",
        "≤ 1.2×",
        f"{second * 1000:.0f} ms",
        second / warm,
        second / warm <= 1.2,
    )


# --- 3. throughput ------------------------------------------------------------------------------


def measure_throughput(site, member, pages):
    print("3. throughput (wrk, one gunicorn sync worker)", flush=True)
    health, _ = wrk(f"{site.url}/healthz/")
    # The artwork and artist pages, anonymous: from the page cache like the gallery.
    for name, path in pages:
        if name in ("artwork", "artist"):
            served, errors = wrk(f"{site.url}{path}")
            row(
                f"anonymous {name} page / healthz",
                "≥ 50%",
                f"{served:.0f} req/s, {errors} errors",
                served / health,
                served / health >= 0.5 and not errors,
            )
    anonymous, errors_a = wrk(f"{site.url}/gallery/")
    logged_in, errors_l = wrk(
        f"{site.url}/gallery/", headers=[f"Cookie: {member._cookie_header()}"]
    )
    row("/healthz/", "reference", f"{health:.0f} req/s")
    row(
        "anonymous gallery / healthz",
        "≥ 50%",
        f"{anonymous:.0f} req/s, {errors_a} errors",
        anonymous / health,
        anonymous / health >= 0.5 and not errors_a,
    )
    row(
        "logged-in gallery / healthz",
        "≥ 20%",
        f"{logged_in:.0f} req/s, {errors_l} errors",
        logged_in / health,
        logged_in / health >= 0.2 and not errors_l,
    )
    # A member's own listings: their works, the artists they follow, their favourites.
    site.shell(MEMBER_LISTINGS)
    for path in ("/my/artworks/", "/my/following/", "/my/favourites/"):
        served, errors = wrk(f"{site.url}{path}", headers=[f"Cookie: {member._cookie_header()}"])
        row(
            f"{path} / healthz",
            "≥ 15%",
            f"{served:.0f} req/s, {errors} errors",
            served / health,
            served / health >= 0.15 and not errors,
        )


# The bench member follows every other member and favourites the first 24 public works of
# theirs, so the two pages show a full page of work.
MEMBER_LISTINGS = r"""
from artworks.models import Artwork
from members.models import User
from social import favourites, follows
member = User.objects.get(username="bench0")
for artist in User.objects.exclude(pk=member.pk).filter(username__startswith="bench"):
    follows.follow(member, artist)
for artwork in Artwork.objects.listed().exclude(artist=member)[:24]:
    favourites.favourite(member, artwork)
"""


# --- 6. scale -----------------------------------------------------------------------------------

DEEP_PAGE_CURSOR = """
from django.conf import settings
from artworks.models import Artwork, GalleryPage
listing = GalleryPage.sort_artworks(Artwork.objects.listed(), None)
print(listing.values_list("pk", flat=True)[({page} - 1) * settings.ARTWORKS_PER_PAGE - 1])
"""


def measure_scale():
    print("6. gallery with 100 and with 100,000 artworks (page cache off)", flush=True)
    site = Site(workers=1)
    site.env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    try:
        site.prepare(members=6, artworks=6)
        site.shell(ADD_ARTWORKS.format(target=100))
        site.start(with_worker=False)
        session = requests.Session()
        small = median_time(session, f"{site.url}/gallery/")
        site.stop()
        site.shell(ADD_ARTWORKS.format(target=100_000))
        site.start(with_worker=False)
        first = median_time(session, f"{site.url}/gallery/")
        # Page 4,000 as Next reaches it: the cursor names the work just before it.
        after = site.shell(DEEP_PAGE_CURSOR.format(page=4000)).split()[-1]
        deep = median_time(session, f"{site.url}/gallery/?page=4000&after={after}")
        row(
            "page 1 with 100,000 / with 100",
            "≤ 1.5×",
            f"{first * 1000:.0f} ms / {small * 1000:.0f} ms",
            first / small,
            first / small <= 1.5,
        )
        row(
            "page 4,000 (Next's cursor) with 100,000 / page 1 with 100",
            "≤ 1.5×",
            f"{deep * 1000:.0f} ms",
            deep / small,
            deep / small <= 1.5,
        )
    finally:
        site.cleanup()
