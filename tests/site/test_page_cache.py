"""The page cache for visitors who are not logged in (core.page_cache): a page served from it
costs one cache call and no query, looks to the browser exactly like the page it kept, and is
never shown to a member or to anyone with a message waiting."""

import gzip
import re
import time

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, create_artwork
from tests.site.security.helpers import (
    csp_directives,
    inline_code_the_policy_would_block,
    policy_nonce,
)

pytestmark = pytest.mark.django_db

CACHE_CALLS = (
    "get", "get_many", "set", "set_many", "add", "get_or_set", "has_key", "delete",
    "delete_many", "touch", "incr", "decr", "clear",
)  # fmt: skip


@pytest.fixture
def visitor(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    return Client()


@pytest.fixture
def cache_calls(monkeypatch):
    return count_cache_calls(monkeypatch)


def count_cache_calls(monkeypatch):
    """The calls made to the default cache from outside it (a backend's get_many may call its
    own get: one call is counted once)."""
    backend = caches["default"]
    calls = []
    depth = [0]

    def counted(name, method):
        def call(*args, **kwargs):
            if depth[0] == 0:
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in CACHE_CALLS:
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    return calls


def without_page_cache_header(response):
    return {name: value for name, value in response.items() if name != "X-Page-Cache"}


def test_a_page_from_the_cache_costs_one_cache_call_and_no_query(visitor, cache_calls):
    """From the shared cache, the version and the page in one call; from the process's own
    copy (the same server again), the version alone."""
    create_artwork(title="Kept work")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"
    another_process = Client()
    for client, calls in ((another_process, ["get_many"]), (another_process, ["get"])):
        cache_calls.clear()

        with CaptureQueriesContext(connection) as queries:
            response = client.get("/gallery/")

        assert response["X-Page-Cache"] == "hit"
        assert "Kept work" in response.content.decode()
        assert cache_calls == calls
        assert len(queries) == 0


def test_a_process_serves_its_own_copy_only_under_the_current_version(
    visitor, django_capture_on_commit_callbacks
):
    """A change made through another server moves the shared version: this server's copy of
    the page is then out of date, and the next request builds the page afresh."""
    create_artwork(title="First work")
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(title="Second work")  # as another node would: the shared version moves
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "miss"
    assert "Second work" in response.content.decode()


def test_a_process_keeps_copies_up_to_its_limit_in_bytes(visitor, settings):
    settings.PUBLIC_PAGE_LOCAL_COPIES_BYTES = 1  # smaller than any page: none is kept
    create_artwork(title="Kept work")
    fresh = Client()
    fresh.get("/gallery/")
    handler_copies = [
        middleware for middleware in _middleware_chain(fresh) if hasattr(middleware, "copies")
    ]
    assert handler_copies and handler_copies[0].copies.size == 0
    assert fresh.get("/gallery/")["X-Page-Cache"] == "hit"  # from the shared cache still


def _middleware_chain(client):
    """The middleware instances a test client's handler built, outermost first."""
    chain, current = [], client.handler._middleware_chain
    while current is not None:
        chain.append(current)
        current = getattr(current, "get_response", None)
    return chain


@pytest.mark.parametrize("url", ["/", "/gallery/", "/artists/", "/gallery/?sort=title"])
def test_a_page_from_the_cache_has_the_headers_of_the_page_it_kept(visitor, url):
    create_artwork(title="Kept work")
    miss = visitor.get(url)
    hit = visitor.get(url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert without_page_cache_header(hit) == without_page_cache_header(miss)
    assert hit.content == miss.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
        "Content-Type",
    ):
        assert header in hit, header
    assert "Cookie" in hit["Vary"]
    assert "s-maxage=600" in hit["Cache-Control"]
    assert not hit.cookies


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_once(visitor):
    """Browsers and front caches ask for gzip: the kept page was compressed when it was kept,
    and says so; a client that does not ask gets the same bytes as before."""
    create_artwork(title="Kept work")
    miss = visitor.get("/gallery/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    compressed = visitor.get("/gallery/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = visitor.get("/gallery/")

    assert "Content-Encoding" not in miss
    assert compressed["X-Page-Cache"] == plain["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(miss.content) / 3
    assert gzip.decompress(compressed.content) == miss.content == plain.content
    assert "Content-Encoding" not in plain
    for response in (miss, compressed, plain):
        assert "Accept-Encoding" in response["Vary"] and "Cookie" in response["Vary"]
    assert compressed["Content-Security-Policy"] == plain["Content-Security-Policy"]


def test_a_page_with_a_nonce_is_served_again_without_one(visitor):
    """A CSP nonce is good for one response: the artwork page's JSON-LD block carries one, and
    its copies from the cache send a policy without it, under which nothing on the page is
    refused."""
    artwork = create_artwork(title="Structured")
    miss = visitor.get(artwork.get_absolute_url())
    hit = visitor.get(artwork.get_absolute_url())

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    nonce = policy_nonce(csp_directives(miss), "script-src")
    assert nonce and f'nonce="{nonce}"' in miss.content.decode()
    assert policy_nonce(csp_directives(hit), "script-src") is None
    assert policy_nonce(csp_directives(hit), "style-src") is None
    assert inline_code_the_policy_would_block(hit) == []
    assert (
        re.sub(r" 'nonce-[^']*'", "", miss["Content-Security-Policy"])
        == (hit["Content-Security-Policy"])
    )
    others = {k: v for k, v in without_page_cache_header(miss).items() if "Security" not in k}
    assert {k: v for k, v in without_page_cache_header(hit).items() if "Security" not in k} == (
        others
    )


def test_a_member_never_gets_the_visitors_page(visitor):
    create_artwork(title="Kept work")
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"
    member = UserFactory(username="grace", display_name="Grace Hopper")
    visitor.force_login(member)

    response = visitor.get("/gallery/")

    # Built for them (and kept for them alone: tests/site/test_member_page_cache.py).
    assert response["X-Page-Cache"] == "miss"
    assert "private" in response["Cache-Control"]
    assert "Log out" in response.content.decode()


def test_a_visitor_with_a_message_waiting_never_gets_the_kept_page(visitor):
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"
    visitor.cookies["messages"] = "anything"

    response = visitor.get("/gallery/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_change_to_public_content_makes_the_next_request_a_miss(
    visitor, django_capture_on_commit_callbacks
):
    next_request_sees_a_change(visitor, django_capture_on_commit_callbacks)


def next_request_sees_a_change(visitor, capture_on_commit_callbacks):
    create_artwork(title="First work")
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"

    with capture_on_commit_callbacks(execute=True):
        create_artwork(title="Second work")
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "miss"
    assert "Second work" in response.content.decode()
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"


def test_with_the_database_cache_a_page_from_it_is_one_read_and_no_write(visitor):
    database_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_page_cache",
        }
    }
    create_artwork(title="Kept work")
    with override_settings(CACHES=database_cache):
        call_command("createcachetable", verbosity=0)
        assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"

        with CaptureQueriesContext(connection) as queries:
            response = visitor.get("/gallery/")

        assert response["X-Page-Cache"] == "hit"
        assert "Kept work" in response.content.decode()
        statements = [query["sql"] for query in queries.captured_queries]
        assert len(statements) == 1
        assert statements[0].startswith("SELECT")
        caches["default"].clear()


def test_a_members_gallery_with_its_grid_kept_loads_no_work(
    visitor, django_capture_on_commit_callbacks
):
    """A member's page is built every time, but the page of works it lists is kept by key
    under the public version: with the grid from the fragment cache, no work, image or
    rendition is read, and a new work shows at once."""
    create_artwork(title="First work")
    visitor.force_login(UserFactory(username="grace"))
    first = visitor.get("/gallery/")
    assert "First work" in first.content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = visitor.get("/gallery/")

    assert again.content.decode().count("First work") == first.content.decode().count("First work")
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "artworks_artwork" not in read
    assert "wagtailimages_rendition" not in read

    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(title="Second work")
    assert "Second work" in visitor.get("/gallery/").content.decode()


def test_local_copies_drop_the_least_recently_served_and_the_expired(monkeypatch):
    from core.page_cache import KeptPage, LocalPageCopies

    copies = LocalPageCopies(limit=20)
    page = KeptPage("v1", b"x" * 6, (), b"z" * 2, ())
    copies.put("first", page, 600)
    copies.put("second", page, 600)
    assert copies.get("first") is not None  # served: now the most recent
    copies.put("third", page, 600)

    assert copies.get("second") is None
    assert copies.get("first") is not None and copies.get("third") is not None
    assert copies.size == 16

    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 601)
    assert copies.get("first") is None
    assert copies.size == 8
