"""Helpers shared by the multi-node tests: fetching, uploading and reading the cluster's rows and
renditions."""

import io
import secrets
import time

import requests
from PIL import Image

from django.utils.text import slugify

from artworks.renditions import ALL_SPECS
from tests.html import csrf_token, select
from tests.services import wait_until

PASSWORD = "quiet-Harbour-lights-2026"  # noqa: S105 - a scratch cluster's member


RENDITIONS_AFTER_RECOVERY = 60  # seconds


def fetch(url, timeout=30):
    return requests.get(url, timeout=timeout)


def photo(seed, size=(1600, 1200)):
    image = Image.effect_noise(size, 40 + seed % 20).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


class Person:
    """Someone with a browser. Production cookies are Secure and this test speaks plain HTTP to
    the machines, so cookies are carried by hand, to whichever node is asked."""

    def __init__(self):
        self.http = requests.Session()
        self.cookies = {}

    def request(self, method, url, **options):
        response = self.http.request(
            method,
            url,
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
            allow_redirects=False,
            timeout=options.pop("timeout", 90),
            **options,
        )
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, url):
        return self.request("GET", url)

    def submit(self, url, data, files=None, form_url=None):
        """Open the form's page, then post `data` with its CSRF token."""
        page = self.get(form_url or url)
        assert page.status_code == 200, (form_url or url, page.status_code)
        token = csrf_token(page)
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": token}, files=files)


def upload(cluster, person, node, title=None, image=None):
    title = title or f"Harbour {secrets.token_hex(3)}"
    response = person.submit(
        f"{cluster.node_url(node)}/my/artworks/upload/",
        {"title": title, "alt_text": "Boats at dusk", "tags": "harbour, dusk"},
        files={"image": ("harbour.jpg", image or photo(len(title)), "image/jpeg")},
    )
    return response, title


def form_errors(response):
    """What the page says went wrong: its alerts and field errors."""
    found = select(response, '[role="alert"], .errorlist')
    return " | ".join(node.get_text(" ", strip=True) for node in found) or response.text[-500:]


def artwork_row(cluster, title):
    """(id, slug, image id) of the work with this title, or None."""
    rows = cluster.sql("SELECT id, image_id FROM artworks_artwork WHERE title = %s", [title])
    return (rows[0][0], slugify(title)[:60], rows[0][1]) if rows else None


def renditions_made(cluster, image_id):
    (count,) = cluster.sql(
        "SELECT count(*) FROM wagtailimages_rendition WHERE image_id = %s", [image_id]
    )[0]
    return count == len(ALL_SPECS)


def wait_for_renditions(cluster, title, timeout=RENDITIONS_AFTER_RECOVERY):
    _, _, image_id = artwork_row(cluster, title)
    started = time.monotonic()
    wait_until(lambda: renditions_made(cluster, image_id), timeout, f"renditions of {title!r}")
    return time.monotonic() - started
