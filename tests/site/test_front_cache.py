"""A real Varnish, started from deploy/varnish/artist-collective.vcl in front of the live test
server: it keeps anonymous visitors' pages, never members', and every public change purges
it through Wagtail's frontend_cache."""

import time

import pytest
import requests

from tests.factories import UserFactory, create_artwork
from tests.services import ServiceMissing, Varnish


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    backend = ("127.0.0.1", live_server.url.rsplit(":", 1)[1])
    try:
        server = Varnish(tmp_path, backends=[backend, backend])
    except ServiceMissing as reason:
        pytest.skip(str(reason))
    try:
        server.start()
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600
        settings.SITE_URL = server.url
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": server.url,
            }
        }
        yield server.url
    finally:
        server.kill()


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
