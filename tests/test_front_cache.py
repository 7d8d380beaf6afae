"""A real Varnish, started from deploy/varnish/artist-collective.vcl in front of the live test
server: it keeps anonymous visitors' pages, never members', and every public change purges
it through Wagtail's frontend_cache."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .factories import UserFactory, create_artwork

VCL = Path(__file__).resolve().parents[1] / "deploy" / "varnish" / "artist-collective.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    if not Path(VARNISHD).exists():
        pytest.skip("Varnish is not installed (Debian's varnish package; .ci/run installs it)")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "site.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own test server
        [
            VARNISHD, "-F", "-j", "none", "-a", f"127.0.0.1:{port}", "-f", str(vcl),
            "-n", str(tmp_path / "varnish"), "-s", "malloc,32m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/healthz/", timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"varnishd did not start: {server.stderr.read()[-2000:]!r}")
                time.sleep(0.2)
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600
        settings.SITE_URL = url
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": url,
            }
        }
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_anonymous_pages_come_from_the_front_cache_until_a_change_purges_it(varnish):
    create_artwork(title="First light")
    first = requests.get(f"{varnish}/gallery/", timeout=10)
    second = requests.get(f"{varnish}/gallery/", timeout=10)
    assert first.status_code == second.status_code == 200
    assert second.headers["X-Front-Cache"] == "hit"
    assert "s-maxage=600" in second.headers["Cache-Control"]
    assert "First light" in second.text

    changed = time.monotonic()
    create_artwork(title="Second light")  # committed: the site purges the front cache
    after = requests.get(f"{varnish}/gallery/", timeout=10)
    shown = time.monotonic() - changed
    assert after.headers["X-Front-Cache"] == "miss"
    assert "Second light" in after.text
    assert shown < 1  # from the publish to the page that shows it


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_members_pages_never_come_from_the_front_cache(varnish, client):
    member = UserFactory(username="ines")
    client.force_login(member)
    session = {"sessionid": client.cookies["sessionid"].value}
    for _ in range(2):
        response = requests.get(f"{varnish}/gallery/", cookies=session, timeout=10)
        assert response.status_code == 200
        assert response.headers["X-Front-Cache"] == "miss"
        assert "private" in response.headers["Cache-Control"]
        assert "My artworks" in response.text
    # Their own pages are never kept either.
    for _ in range(2):
        response = requests.get(f"{varnish}/my/artworks/", cookies=session, timeout=10)
        assert response.headers["X-Front-Cache"] == "miss"
