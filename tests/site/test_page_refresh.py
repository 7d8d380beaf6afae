"""A kept page built moments ago is still served once the content changes, while the process
builds it afresh (core.page_refresh): the next visitors get the new page without waiting for
it, nothing older than the grace is ever shown, and no shared cache keeps the old one."""

import time

import pytest
import requests

from django.test import Client

from artworks.models import Artwork
from core import public_cache
from core.page_cache import AnonymousPageCacheMiddleware, KeptPage
from core.page_refresh import BackgroundRefresh
from tests.factories import create_artwork
from tests.services import wait_until
from tests.site.test_front_cache import varnish  # noqa: F401 - a fixture

# The rebuild runs in a thread of its own, with a connection of its own: it must see
# committed rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def grace(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.PUBLIC_PAGE_GRACE_SECONDS = 5
    return settings


def served(client, path, shows):
    """Wait until `path` is served from the cache showing `shows`; the response."""
    return wait_until(
        lambda: (
            (response := client.get(path))["X-Page-Cache"] == "hit"
            and shows in response.content.decode()
            and response
        ),
        10,
        f"{path} kept with {shows!r}",
    )


def test_after_a_change_the_kept_page_is_served_while_the_new_one_is_built(grace):
    create_artwork(title="First light")
    visitor = Client()
    assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"

    create_artwork(title="Second light")
    response = visitor.get("/gallery/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert response["Cache-Control"] == "no-cache"  # no shared cache keeps it
    assert "First light" in response.content.decode()
    assert "Second light" not in response.content.decode()
    # Nobody asked for it to be built: the process did, and the next visitor gets it.
    fresh = served(visitor, "/gallery/", "Second light")
    assert "s-maxage=600" in fresh["Cache-Control"]


def test_a_page_out_of_date_for_longer_than_the_grace_is_built_for_the_visitor(grace):
    grace.PUBLIC_PAGE_GRACE_SECONDS = 0.5
    create_artwork(title="First light")
    visitor = Client()
    visitor.get("/gallery/")

    create_artwork(title="Second light")
    time.sleep(0.6)
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "miss"
    assert "Second light" in response.content.decode()


def test_a_page_built_long_ago_is_in_grace_when_its_version_was_replaced_just_now(grace):
    """Out of date since the change, not since it was built: during a run of changes, a page
    kept under the version before is served while it is rebuilt."""
    grace.PUBLIC_PAGE_GRACE_SECONDS = 0.5
    create_artwork(title="First light")
    visitor = Client()
    visitor.get("/gallery/")
    time.sleep(0.6)

    create_artwork(title="Second light")
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "stale"
    served(visitor, "/gallery/", "Second light")


@pytest.mark.parametrize(("moves_kept", "answer"), [(3, "stale"), (2, "miss")])
def test_a_page_whose_version_left_the_kept_moves_is_built_for_the_visitor(
    grace, monkeypatch, moves_kept, answer
):
    """A change moves the version twice (now, and once committed): with three moves kept,
    the page's version is still among them; with two, it is not, and how long the page has
    been out of date is known only from when it was built."""
    grace.PUBLIC_PAGE_GRACE_SECONDS = 0.5
    monkeypatch.setattr(public_cache, "MOVES_KEPT", moves_kept)
    create_artwork(title="First light")
    visitor = Client()
    visitor.get("/gallery/")
    time.sleep(0.6)

    public_cache.public_content_changed()

    assert visitor.get("/gallery/")["X-Page-Cache"] == answer


def test_a_process_whose_rebuilds_fell_behind_builds_for_the_visitor(grace, monkeypatch):
    monkeypatch.setattr(BackgroundRefresh, "WAITING_LIMIT", 0)
    create_artwork(title="First light")
    visitor = Client()
    visitor.get("/gallery/")

    create_artwork(title="Second light")
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "miss"
    assert "Second light" in response.content.decode()


def test_a_process_shutting_down_builds_for_the_visitor_and_leaves_nothing_waiting(grace):
    refresh = BackgroundRefresh(build=None)
    visitor_request = Client().get("/").wsgi_request
    assert refresh.rebuild_later("a-page", visitor_request)  # the thread is made
    refresh._executor.shutdown()

    assert refresh.rebuild_later("another-page", visitor_request) is False
    assert "another-page" not in refresh.waiting


def test_a_deleted_works_page_goes_with_its_rebuild(grace):
    artwork = create_artwork(title="Brief light")
    visitor = Client()
    path = artwork.get_absolute_url()
    assert visitor.get(path).status_code == 200

    Artwork.objects.get(pk=artwork.pk).delete()

    assert visitor.get(path)["X-Page-Cache"] == "stale"  # for the moment it takes to rebuild
    wait_until(lambda: visitor.get(path).status_code == 404, 10, "the page gone")
    assert visitor.get(path).status_code == 404


def test_a_page_kept_before_pages_carried_their_build_time_counts_as_built_long_ago(grace):
    older = KeptPage(f"{grace.RELEASE}-an-older-version", b"", (), b"", ())

    assert older.built_at == 0
    assert AnonymousPageCacheMiddleware.in_grace(older, None) is None


def test_a_page_built_under_a_version_already_replaced_is_out_of_date_since_then(grace):
    """Built slowly: it read its rows before the change, and was kept after it."""
    grace.PUBLIC_PAGE_GRACE_SECONDS = 0.5
    with public_cache.request_scope():
        old_version = public_cache.public_version()
    public_cache.public_content_changed()
    time.sleep(0.6)
    slow = KeptPage(old_version, b"", (), b"", (), time.time())

    with public_cache.request_scope():
        public_cache.public_version()
        assert AnonymousPageCacheMiddleware.in_grace(slow) is None


def test_a_page_of_another_release_is_never_served_stale(grace):
    """It names static files this node may not have (a deploy in progress)."""
    fresh = KeptPage("another-release-v1", b"", (), b"", (), time.time())

    assert AnonymousPageCacheMiddleware.in_grace(fresh) is None
    assert AnonymousPageCacheMiddleware.in_grace(fresh._replace(version=f"{grace.RELEASE}-v1"))


def test_the_front_cache_passes_the_stale_page_on_and_keeps_the_new_one(grace, varnish):  # noqa: F811
    create_artwork(title="First light")
    requests.get(f"{varnish}/gallery/", timeout=10)

    create_artwork(title="Second light")  # committed: the site purges the front cache
    stale = requests.get(f"{varnish}/gallery/", timeout=10)
    assert stale.headers["X-Page-Cache"] == "stale"
    assert "First light" in stale.text

    wait_until(
        lambda: "Second light" in requests.get(f"{varnish}/gallery/", timeout=10).text,
        10,
        "the new page through the front cache",
    )
    kept = requests.get(f"{varnish}/gallery/", timeout=10)
    assert kept.headers["X-Front-Cache"] == "hit"
    assert "Second light" in kept.text
