"""Speed figure 7 (bench/speed.py): uploading a 24 MP JPEG against Pillow decoding it, the time
until its renditions exist (signed with Content Credentials), and what signing costs."""

import io
import sqlite3
import statistics
import time

from PIL import Image

from bench.common import jpeg
from bench.figures import row

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
