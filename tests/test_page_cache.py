"""The page cache for visitors who are not logged in (config.middleware): a page served from it
costs one cache call and no query, looks to the browser exactly like the page it kept, and is
never shown to a member or to anyone with a message waiting."""

import re

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from .factories import UserFactory, create_artwork
from .test_security import csp_directives, inline_code_the_policy_would_block, policy_nonce

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
    create_artwork(title="Kept work")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"
    cache_calls.clear()

    with CaptureQueriesContext(connection) as queries:
        response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "hit"
    assert "Kept work" in response.content.decode()
    assert cache_calls == ["get_many"]
    assert len(queries) == 0


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

    # Built for them (and kept for them alone: tests/test_member_page_cache.py).
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
    create_artwork(title="First work")
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
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
