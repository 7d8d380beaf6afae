"""Each web process hears of changes to the public version through Redis (core.version_channel)
instead of reading it on every request: a page from the process's own copy then costs no cache
call, and a change made anywhere is still seen by the very next request, also when Redis
restarts and a change's message is lost."""

import signal
import threading
import time

import pytest
import redis

from django.core.cache import caches
from django.test import Client

from config.settings.caching import redis_cache
from core import public_cache
from core.version_channel import VersionChannel
from tests.factories import create_artwork
from tests.services import Redis, ServiceMissing, wait_until
from tests.site.test_page_cache import count_cache_calls, next_request_sees_a_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path):
    try:
        server = Redis(tmp_path).start()
    except ServiceMissing as reason:
        pytest.skip(str(reason))
    yield server
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server):
    """The site as production runs it with Redis: the shared cache and the channel."""
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    settings.PUBLIC_VERSION_CHANNEL_URL = redis_server.url
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    yield redis_server
    caches["default"].clear()


@pytest.fixture
def cache_calls(site_on_redis, monkeypatch):
    return count_cache_calls(monkeypatch)


def another_node_changes_the_version(server):
    """What a node's public_content_changed() does, from a connection of its own."""
    caches["default"].set(public_cache.VERSION_KEY, "another-nodes-version", None)
    other = redis.Redis.from_url(server.url)
    other.publish(caches["default"].make_key(public_cache.VERSION_KEY), b"")
    other.close()


def test_a_page_from_the_process_copy_costs_no_cache_call(site_on_redis, cache_calls):
    create_artwork(title="Kept work")
    visitor = Client()
    assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"
    cache_calls.clear()

    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "hit"
    assert "Kept work" in response.content.decode()
    assert cache_calls == []


def test_a_change_made_on_another_node_is_seen_by_the_next_request(site_on_redis):
    create_artwork(title="Kept work")
    visitor = Client()
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"

    another_node_changes_the_version(site_on_redis)
    response = visitor.get("/gallery/")

    assert response["X-Page-Cache"] == "miss"
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"


def test_a_change_made_here_is_seen_by_the_next_request(
    site_on_redis, django_capture_on_commit_callbacks
):
    next_request_sees_a_change(Client(), django_capture_on_commit_callbacks)


def test_after_redis_restarts_a_change_whose_message_was_lost_is_still_seen(site_on_redis):
    """The restart drops the subscription: the process asks Redis again on every request until
    it has subscribed anew, so a version written while no message could reach it counts."""
    create_artwork(title="Kept work")
    visitor = Client()
    visitor.get("/gallery/")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "hit"

    site_on_redis.stop()
    site_on_redis.start()
    # Redis came back empty, and the new version arrives without a message.
    caches["default"].set(public_cache.VERSION_KEY, "written-while-away", None)

    response = visitor.get("/gallery/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert "Kept work" in response.content.decode()


def test_with_redis_down_pages_are_built_and_nothing_waits_for_the_channel(site_on_redis):
    create_artwork(title="Kept work")
    visitor = Client()
    visitor.get("/gallery/")
    site_on_redis.stop()

    started = time.monotonic()
    statuses = [visitor.get("/gallery/").status_code for _ in range(5)]

    assert statuses == [200] * 5
    # A refused connection answers at once; only the first request tries the channel again.
    assert time.monotonic() - started < 5


# --- The channel itself ---------------------------------------------------------------------


@pytest.fixture
def channel(redis_server):
    return VersionChannel(redis_server.url, "test-version")


def publish(server):
    redis.Redis.from_url(server.url).publish("test-version", b"")


def test_a_version_read_before_a_message_is_not_remembered_after_it(channel, redis_server):
    known, ticket = channel.current()
    assert known is None and ticket is not None

    publish(redis_server)  # the version moves while this request reads the old one
    wait_until(lambda: channel.current()[1] != ticket, 5, "the message")
    channel.remember("old", ticket, time.monotonic())

    assert channel.current()[0] is None


def test_a_remembered_version_stands_until_a_message_or_its_recheck(
    channel, redis_server, monkeypatch
):
    _, ticket = channel.current()
    channel.remember("v1", ticket, time.monotonic())
    assert channel.current()[0] == "v1"

    publish(redis_server)
    wait_until(lambda: channel.current()[0] is None, 5, "the message")

    _, ticket = channel.current()
    channel.remember("v2", ticket, time.monotonic() - VersionChannel.RECHECK_SECONDS)
    assert channel.current()[0] is None  # read too long ago: asked again


def test_a_forked_process_subscribes_for_itself(channel, monkeypatch):
    _, ticket = channel.current()
    channel.remember("v1", ticket, time.monotonic())
    monkeypatch.setattr("os.getpid", lambda: -1)

    assert channel.current()[0] is None


def test_the_process_that_moves_the_version_forgets_its_own_at_once(channel):
    _, ticket = channel.current()
    channel.remember("v1", ticket, time.monotonic())

    channel.announce()

    assert channel.current()[0] is None


def test_a_version_found_moved_without_a_message_makes_the_subscription_anew(channel, monkeypatch):
    """A connection dropped without a word, or a publish that failed: the recheck finds the
    version moved though no message came, and the subscription is not trusted again."""
    _, ticket = channel.current()
    channel.remember("v1", ticket, time.monotonic())
    monkeypatch.setattr(VersionChannel, "RECHECK_SECONDS", 0)

    _, ticket = channel.current()
    channel.remember("v2", ticket, time.monotonic())

    assert channel.current() == (None, None)  # asking Redis each time until subscribed anew


def test_a_redis_that_hangs_holds_up_one_request_not_every_thread(channel, redis_server):
    redis_server.signal(signal.SIGSTOP)
    try:
        subscribing = threading.Thread(target=channel.current)
        subscribing.start()
        time.sleep(0.1)  # that thread is waiting for Redis to answer

        started = time.monotonic()
        assert channel.current() == (None, None)
        assert time.monotonic() - started < 0.5
    finally:
        redis_server.signal(signal.SIGCONT)
        subscribing.join()
