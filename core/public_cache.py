"""
One version number for everything visitors see. Cached public pages and fragments carry it in
their keys; any change to what a public page can show (an artwork saved, hidden or deleted,
its renditions made, a member renamed or deactivated, a page published) moves it on, and
every cached page is then out of date at once. Coarse, but never stale by more than the page
cache's grace, a second (core.page_refresh).
"""

import threading
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .version_channel import VersionChannel

VERSION_KEY = "public-content-version"

# The version as this request first read it (PublicVersionMiddleware opens the scope): read
# once per request, from the shared cache or from what this process's channel heard of it
# (version_channel), whichever node serves it, and the same for every cache key and
# remembered page URL the request uses.
_request_version: ContextVar[dict | None] = ContextVar("public_version", default=None)


@contextmanager
def request_scope():
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def version_channel():
    """This process's VersionChannel (core.version_channel), which hears of every change to
    the version instead of asking for it each request; None where settings name no Redis for
    it (the database cache, tests)."""
    global _channel
    url = settings.PUBLIC_VERSION_CHANNEL_URL
    if not url:
        return None
    with _channel_lock:
        if _channel is None or _channel.url != url:
            _channel = VersionChannel(url, cache.make_key(VERSION_KEY))
        return _channel


_channel = None
_channel_lock = threading.Lock()


def _shared_version(*keys):
    """The shared version (None if the cache holds none) and what the cache holds under
    `keys`: one cache call, and none for the version where this process's channel knows it."""
    channel = version_channel()
    known, ticket = channel.current() if channel else (None, None)
    if known is not None:
        return known, cache.get_many(keys) if keys else {}
    read_at = time.monotonic()
    if keys:
        found = cache.get_many([VERSION_KEY, *keys])
        version = found.pop(VERSION_KEY, None)
    else:
        version, found = cache.get(VERSION_KEY), {}
    if channel:
        channel.remember(version, ticket, read_at)
    return version, found


def public_version():
    """The shared content version, prefixed with this node's RELEASE: during a deploy, a node
    running the new code and static files never serves a page a node with the old ones
    cached (its HTML would name static files this node does not have), nor the reverse."""
    return public_version_and()[0]


def public_version_and(*keys):
    """The public version and what the cache holds under each of `keys`, read together in
    one round trip (a page cache's lookup costs one cache call, or none beyond the page where
    the version is known); the version becomes this request's."""
    scope = _request_version.get()
    if scope is not None and "version" in scope:
        found = cache.get_many(keys) if keys else {}
        return scope["version"], *(found.get(key) for key in keys)
    read_at = time.time()
    stored, found = _shared_version(*keys)
    if stored is None:
        # No version yet (a new or emptied cache): whatever is kept predates it.
        if cache.add(VERSION_KEY, ((uuid.uuid4().hex, time.time()),), None):
            _announce()
        stored, found = cache.get(VERSION_KEY), {}
    moves = _moves(stored)
    version = f"{settings.RELEASE}-{moves[0][0]}"
    if scope is not None:
        if "version" not in scope:
            scope.update(version=version, moves=moves, read_at=read_at)
        version = scope["version"]
    return version, *(found.get(key) for key in keys)


def version_read_at():
    """When this request read its version (time.time()): what it builds shows every change
    made before then."""
    return (_request_version.get() or {}).get("read_at", time.time())


def out_of_date_for(version):
    """How long, in seconds, a page kept under `version` has been out of date at most: since
    the version after it replaced it, if that was among the last MOVES_KEPT moves; None if not
    known."""
    moves = (_request_version.get() or {}).get("moves", ())
    prefix = f"{settings.RELEASE}-"
    versions = [kept for kept, _ in moves]
    if not version.startswith(prefix) or version.removeprefix(prefix) not in versions[1:]:
        return None
    replaced_by = moves[versions.index(version.removeprefix(prefix)) - 1]
    return time.time() - replaced_by[1]


#: What the cache holds under VERSION_KEY: the latest versions and when each was set, newest
#: first, so that how long a kept page has been out of date is known (core.page_refresh).
MOVES_KEPT = 16


def _moves(stored):
    """((version, time.time() it was set), …), newest first, from what the cache holds under
    VERSION_KEY; a bare version was stored before versions kept their history."""
    if isinstance(stored, tuple) and stored and isinstance(stored[0], tuple):
        return stored
    return ((stored, 0.0),)


def _new_version():
    version = uuid.uuid4().hex
    moves = ((version, time.time()), *_moves(cache.get(VERSION_KEY))[: MOVES_KEPT - 1])
    cache.set(VERSION_KEY, moves, None)
    _announce()
    scope = _request_version.get()
    if scope is not None:
        # What this request changed, it sees changed.
        scope.update(version=f"{settings.RELEASE}-{version}", moves=moves, read_at=moves[0][1])


def _announce():
    if channel := version_channel():
        channel.announce()


def purge_front_cache():
    """Drop the front cache's pages (Varnish, a CDN) through Wagtail's frontend_cache, when
    one is configured (WAGTAILFRONTENDCACHE): the site's VCL (deploy/varnish/) bans the whole
    host on any purge, as coarse as this module's version."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

        # Wagtail's own purge task, queued ahead of any renditions waiting for the worker:
        # visitors see a change within a second (bench/front_cache.py).
        purge_urls_from_cache_task.using(priority=PURGE_PRIORITY).enqueue(
            [f"{settings.SITE_URL.rstrip('/')}/"], None, None
        )


#: django-tasks' highest priority: the worker takes front-cache purges first.
PURGE_PRIORITY = 100


def _committed_change():
    _new_version()
    purge_front_cache()


def public_content_changed():
    """Call when something a visitor can see changes. The version moves now, and again once
    the transaction commits, so a page rendered from the old rows in between is not kept;
    the front cache is purged once the change is committed."""
    _new_version()
    transaction.on_commit(_committed_change, robust=True)
