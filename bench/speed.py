#!/usr/bin/env python
"""
Speed figures for the site under production settings (gunicorn, one sync worker, SQLite, the
database cache, django-tasks-db's worker), each printed against its goal as measured in this
one run. Figures, not pass/fail tests: the machine is shared and noisy.

  1. queries per page, with 48 and with 4,800 artworks
  2. a gallery of 48 freshly uploaded 12 MP photos: first and second request against warm
  3. requests per second (wrk): anonymous and logged-in gallery against /healthz/
  4. the gallery's first load at 1280×800: bytes fetched, HTML gzipped, other hosts
  5. Lighthouse (mobile) on the home, gallery, artwork and artist pages, and the gallery's
     first load on a phone (Lighthouse's transfer size)
  6. gallery page 1 and page 4,000 with 100,000 artworks against page 1 with 100
  7. uploading a 24 MP JPEG against Pillow decoding it; time until its renditions exist (signed
     with Content Credentials), against the same upload with signing switched off
  8. memory with work done: one gunicorn worker's RSS after 10,000 mixed requests against
     after 100, the task worker's after 1,000 uploads against after 10 (bench/memory.py)
  9. 8 members uploading 12 MP photos for 60 s on 2 workers: errors, seconds until each
     upload's renditions exist, the anonymous gallery's p99 during against idle
     (bench/upload_load.py)

`--scale quick` or `--scale 1m` measures instead every page at scale (bench/scale.py).
"""

import argparse
import gzip
import io
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402
from PIL import Image  # noqa: E402

from bench import memory, upload_load  # noqa: E402
from bench.common import ROOT, Member, Site, jpeg  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
HTTPS = {"X-Forwarded-Proto": "https"}
ROWS = []


def row(figure, goal, measured, ratio=None, passed=None):
    ROWS.append((figure, goal, measured, "" if ratio is None else f"{ratio:.2f}", passed))
    verdict = "" if passed is None else ("pass" if passed else "SHORT")
    print(f"  {figure}: {measured} (goal {goal}) {verdict}", flush=True)


def timed_get(session, url, headers=None):
    started = time.perf_counter()
    response = session.get(url, headers={**HTTPS, **(headers or {})}, timeout=120)
    response.raise_for_status()
    return time.perf_counter() - started


def median_time(session, url, headers=None, repeat=15):
    timed_get(session, url, headers)
    return statistics.median(timed_get(session, url, headers) for _ in range(repeat))


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


def wrk(url, headers=(), seconds=10):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", "X-Forwarded-Proto: https"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return requests_per_second, int(non_2xx.group(1)) if non_2xx else 0


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


# --- 4. page weight -------------------------------------------------------------------------------


def measure_page_weight(site):
    print("4. the gallery's first load at 1280×800", flush=True)
    from playwright.sync_api import sync_playwright

    other_hosts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            args=["--disable-background-networking", "--disable-component-update"],
            chromium_sandbox=False,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on(
            "request",
            lambda request: (
                other_hosts.append(request.url)
                if not request.url.startswith(site.url) and not request.url.startswith("data:")
                else None
            ),
        )
        page.goto(f"{site.url}/gallery/", wait_until="networkidle")
        transferred = page.evaluate(
            """() => performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .reduce((sum, entry) => sum + entry.transferSize, 0)"""
        )
        html = page.content()
        browser.close()
    html_gzipped = len(gzip.compress(html.encode()))
    row(
        "first load, all bytes",
        "≤ 500 KB",
        f"{transferred / 1024:.0f} KB",
        transferred / 512_000,
        transferred <= 512_000,
    )
    row(
        "HTML gzipped",
        "≤ 15 KB",
        f"{html_gzipped / 1024:.1f} KB",
        html_gzipped / 15_360,
        html_gzipped <= 15_360,
    )
    row("requests to other hosts", "0", str(len(other_hosts)), passed=not other_hosts)


# --- 5. Lighthouse ------------------------------------------------------------------------------


def lighthouse(url):
    cli = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        completed = subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                "--disable-background-networking --disable-component-update",
            ],
            check=False,
            env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            capture_output=True,
            text=True,
        )
        if completed.returncode or not report.exists():
            print(f"    Lighthouse failed on {url}: {completed.stderr.strip()[-400:]}")
            return None
        data = json.loads(report.read_text())
    scores = {key: round(value["score"] * 100) for key, value in data["categories"].items()}
    cls = data["audits"]["cumulative-layout-shift"]["numericValue"]
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
        and audit["id"] in _category_audit_ids(data, ("accessibility", "best-practices", "seo"))
    ]
    transferred = data["audits"]["total-byte-weight"]["numericValue"]
    return scores, cls, failing, transferred


def _category_audit_ids(data, categories):
    return {ref["id"] for name in categories for ref in data["categories"][name]["auditRefs"]}


def measure_lighthouse(site, pages):
    print("5. Lighthouse (mobile)", flush=True)
    goals = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    for name, path in pages:
        result = lighthouse(site.url + path) or lighthouse(site.url + path)  # Chromium hiccups
        if result is None:
            row(f"Lighthouse {name}", "runs", "failed", passed=False)
            continue
        scores, cls, failing, transferred = result
        for category, goal in goals.items():
            row(
                f"Lighthouse {name}: {category}",
                f"≥ {goal}",
                str(scores[category]),
                passed=scores[category] >= goal,
            )
        row(f"Lighthouse {name}: CLS", "≤ 0.02", f"{cls:.3f}", passed=cls <= 0.02)
        if name == "gallery":
            row(
                "Lighthouse gallery: first load on a phone",
                "≤ 500 KB",
                f"{transferred / 1024:.0f} KB",
                transferred / 512_000,
                transferred <= 512_000,
            )
        if failing:
            print(f"    audits below full marks: {', '.join(failing)}")


# --- 6. scale -----------------------------------------------------------------------------------


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
        deep = median_time(session, f"{site.url}/gallery/?page=4000")
        row(
            "page 1 with 100,000 / with 100",
            "≤ 1.5×",
            f"{first * 1000:.0f} ms / {small * 1000:.0f} ms",
            first / small,
            first / small <= 1.5,
        )
        row(
            "page 4,000 with 100,000 / page 1 with 100",
            "≤ 1.5×",
            f"{deep * 1000:.0f} ms",
            deep / small,
            deep / small <= 1.5,
        )
    finally:
        site.cleanup()


# --- 7. upload ----------------------------------------------------------------------------------


# What artworks.tasks.generate_renditions makes, in two steps (importing artworks.renditions
# here would need Django set up): the 9 renditions the pages show (CARD, DETAIL, SHARE), then
# the full-size view's, 2 for an original larger than 2560 pixels (VIEWER, VIEWER_LARGE).
RENDITIONS_PER_IMAGE = 9
VIEWER_RENDITIONS_PER_LARGE_IMAGE = 2


# Of those, the large ones the upload task signs (artworks.credentials): DETAIL's four and
# SHARE in the page's step, then VIEWER and VIEWER_LARGE. A signed file's name holds ".c2pa.".
SIGNED_FOR_THE_PAGE = 5
SIGNED_IN_ALL = 7
ALL_FOR_THE_PAGE = RENDITIONS_PER_IMAGE
ALL = RENDITIONS_PER_IMAGE + VIEWER_RENDITIONS_PER_LARGE_IMAGE


def upload_big(member, photo, title):
    """Upload `photo` as a new work; when the upload's answer arrived."""
    response = member.post(
        "/my/artworks/upload/",
        {"title": title, "alt_text": "A big photo", "tags": ""},
        files={"image": ("big.jpg", photo, "image/jpeg")},
    )
    assert response.status_code == 302, response.status_code
    return time.perf_counter()


def has_renditions(site, title, made, signed):
    return renditions_of(site, title) >= made and (
        not signed or renditions_of(site, title, signed=True) >= signed
    )


def seconds_until(since, condition, limit=60):
    while not condition() and time.perf_counter() - since < limit:
        time.sleep(0.05)
    return time.perf_counter() - since


def renditions_of(site, title, signed=False):
    with sqlite3.connect(site.folder / "db.sqlite3", timeout=5) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM wagtailimages_rendition AS r "
            "JOIN artworks_artwork AS a ON a.image_id = r.image_id "
            "WHERE a.title LIKE ? AND r.file LIKE ?",
            (title, "%.c2pa.%" if signed else "%"),
        ).fetchone()[0]


def signed_bytes(site, title):
    """The signed renditions' files and their sizes, by filter spec."""
    with sqlite3.connect(site.folder / "db.sqlite3", timeout=5) as connection:
        rows = connection.execute(
            "SELECT r.filter_spec, r.file FROM wagtailimages_rendition AS r "
            "JOIN artworks_artwork AS a ON a.image_id = r.image_id WHERE a.title LIKE ?",
            (title,),
        ).fetchall()
    media = site.folder / "media"
    return {spec: (media / name).stat().st_size for spec, name in rows if (media / name).exists()}


SIGNING_SWITCH = r"""
from artworks.models import ContentCredentialsSettings
settings = ContentCredentialsSettings.load()
settings.sign_renditions = {on}
settings.save()
"""


def measure_upload(site, member):
    print("7. uploading a 24 MP JPEG", flush=True)
    photo = jpeg(3, (6000, 4000))

    def decode():
        started = time.perf_counter()
        with Image.open(io.BytesIO(photo)) as image:
            image.load()
        return time.perf_counter() - started

    decode_time = statistics.median(decode() for _ in range(5))
    upload_times, ready_times, full_size_times = [], [], []
    for attempt in range(3):
        title = f"Big upload {attempt}"
        started = time.perf_counter()
        returned = upload_big(member, photo, title)
        upload_times.append(returned - started)
        # The page's renditions count as ready once its large ones are signed.
        ready_times.append(
            seconds_until(
                returned,
                lambda t=title: has_renditions(site, t, ALL_FOR_THE_PAGE, SIGNED_FOR_THE_PAGE),
            )
        )
        full_size_times.append(
            seconds_until(returned, lambda t=title: has_renditions(site, t, ALL, SIGNED_IN_ALL))
        )
    upload = statistics.median(upload_times)
    ready = statistics.median(ready_times)
    full_size = statistics.median(full_size_times)
    row(
        "upload / Pillow decode of the same file",
        "≤ 4×",
        f"{upload * 1000:.0f} ms / {decode_time * 1000:.0f} ms",
        upload / decode_time,
        upload / decode_time <= 4,
    )
    row(
        "renditions ready after the upload returns",
        "≤ 3 s",
        f"{ready:.2f} s",
        ready / 3,
        ready <= 3,
    )
    # No goal of its own: the page works without it (no "View full size" until then).
    row("full-size view ready after the upload returns", "figure", f"{full_size:.2f} s")
    measure_signing_cost(site, member, photo, full_size)


def measure_signing_cost(site, member, photo, signed_full_size):
    """The same upload with signing switched off (Settings → Content Credentials): what
    Content Credentials add to the time until every rendition is ready, and to each file."""
    site.shell(SIGNING_SWITCH.format(on=False))
    times = []
    try:
        for attempt in range(3):
            title = f"Unsigned upload {attempt}"
            returned = upload_big(member, photo, title)
            times.append(seconds_until(returned, lambda t=title: has_renditions(site, t, ALL, 0)))
    finally:
        site.shell(SIGNING_SWITCH.format(on=True))
    unsigned = statistics.median(times)
    row(
        "all renditions ready, signed / unsigned",
        "≤ 1.25×",
        f"{signed_full_size:.2f} s / {unsigned:.2f} s",
        signed_full_size / unsigned,
        signed_full_size / unsigned <= 1.25,
    )
    signed_sizes = signed_bytes(site, "Big upload 0")
    unsigned_sizes = signed_bytes(site, "Unsigned upload 0")
    added = [
        signed_sizes[spec] - unsigned_sizes[spec]
        for spec in signed_sizes
        if spec in unsigned_sizes and signed_sizes[spec] != unsigned_sizes[spec]
    ]
    most = max(added, default=0)
    row(
        "bytes Content Credentials add to a signed file (largest)",
        "≤ 40 KB",
        f"{most / 1024:.1f} KB over {len(added)} files",
        most / 40960,
        bool(added) and most <= 40960,
    )


def print_table():
    print("\n| figure | goal | measured | ratio | result |")
    print("| --- | --- | --- | --- | --- |")
    for figure, goal, measured, ratio, passed in ROWS:
        verdict = "" if passed is None else ("pass" if passed else "short")
        print(f"| {figure} | {goal} | {measured} | {ratio} | {verdict} |")


def main():
    parser = argparse.ArgumentParser(description="Speed figures (see the module docstring).")
    parser.add_argument("--skip", nargs="*", default=[], help="numbers of measures to skip")
    parser.add_argument(
        "--scale",
        choices=["quick", "200k", "1m"],
        help="instead: every page with 100 artworks against 20,000 (quick) or 1,000,000",
    )
    parser.add_argument(
        "--database", nargs="*", default=["sqlite", "postgres"], help="with --scale"
    )
    options = parser.parse_args()
    if options.scale:
        from bench import scale

        scale.main(options.scale, options.database)
        return
    site = Site(workers=1)
    site.env["SERVE_RENDITIONS"] = "true"
    try:
        site.prepare(members=6, artworks=48)
        site.start(with_worker=True)
        member = Member(site, "bench0")
        gallery = requests.get(f"{site.url}/gallery/", headers=HTTPS, timeout=60).text
        lighthouse_pages = [
            ("home", "/"),
            ("gallery", "/gallery/"),
            ("artwork", re.search(r'href="(/gallery/\d+/[^"]+)"', gallery).group(1)),
            ("artist", re.search(r'href="(/artists/[^/"]+/)"', gallery).group(1)),
        ]
        steps = {
            "3": lambda: measure_throughput(site, member, lighthouse_pages),
            "4": lambda: measure_page_weight(site),
            "5": lambda: measure_lighthouse(site, lighthouse_pages),
            "7": lambda: measure_upload(site, member),
            "2": lambda: measure_cold_gallery(site, member),
            "1": lambda: measure_queries(site),
        }
        for number, step in steps.items():
            if number not in options.skip:
                step()
    finally:
        site.cleanup()
    if "6" not in options.skip:
        measure_scale()
    if "8" not in options.skip:
        print("8. memory with work done", flush=True)
        memory.measure(row=row)
    if "9" not in options.skip:
        print("9. uploads at scale", flush=True)
        upload_load.measure(row=row)
    print_table()


if __name__ == "__main__":
    main()
