"""
One version number for everything visitors see. Cached public pages and fragments carry it in
their keys; any change to what a public page can show (an artwork saved, hidden or deleted,
its renditions made, a member renamed or deactivated, a page published) moves it on, and
every cached page is then out of date at once. Coarse, but never stale.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "public-content-version"

# The version as this request first read it (PublicVersionMiddleware opens the scope): read
# once per request from the shared cache, whichever node serves it, and the same for every
# cache key and remembered page URL the request uses.
_request_version: ContextVar[dict | None] = ContextVar("public_version", default=None)


@contextmanager
def request_scope():
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def public_version():
    """The shared content version, prefixed with this node's RELEASE: during a deploy, a node
    running the new code and static files never serves a page a node with the old ones
    cached (its HTML would name static files this node does not have), nor the reverse."""
    scope = _request_version.get()
    if scope is not None and "version" in scope:
        return scope["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    version = f"{settings.RELEASE}-{version}"
    if scope is not None:
        scope["version"] = version
    return version


def public_version_and(*keys):
    """The public version and what the cache holds under each of `keys`, read together in
    one round trip (a page cache's lookup costs one cache call); the version becomes this
    request's, as public_version() would have read it."""
    found = cache.get_many([VERSION_KEY, *keys])
    if found.get(VERSION_KEY) is None:
        # No version yet (a new or emptied cache): whatever is kept predates it.
        return public_version(), *(None for _ in keys)
    version = f"{settings.RELEASE}-{found[VERSION_KEY]}"
    scope = _request_version.get()
    if scope is not None:
        scope.setdefault("version", version)
        version = scope["version"]
    return version, *(found.get(key) for key in keys)


def _new_version():
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    scope = _request_version.get()
    if scope is not None:
        # What this request changed, it sees changed.
        scope["version"] = f"{settings.RELEASE}-{version}"


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
