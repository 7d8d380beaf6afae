"""Caches: the shared cache (Redis in production: redis_cache, which production.py calls) and
how long whole public pages are kept."""

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_cache(url):
    """Redis as the shared cache, optional at request time: a Redis that is down or gone
    answers within a second, and every read then misses and every write is dropped
    (django-redis IGNORE_EXCEPTIONS, logged), so pages render uncached, uploads and log-ins
    work, rate limits let requests through, and /readyz/ says the cache is unusable."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }


# Each read or write the cache could not make is logged (logger "django_redis.cache").
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Whole public pages are kept this long for visitors who are not logged in (0: not at all);
# any change to public content makes them stale at once (core.public_cache).
PUBLIC_PAGE_CACHE_SECONDS = 600
# Each web process keeps copies of the public pages it served last, up to this many bytes
# (core.page_cache.LocalPageCopies): some 250 pages of 30 KB.
PUBLIC_PAGE_LOCAL_COPIES_BYTES = 8 * 1024 * 1024
# Where each web process hears of changes to the public version (core.version_channel):
# production's Redis; None asks the cache for the version on every request.
PUBLIC_VERSION_CHANNEL_URL = None
# A kept public page built less than this many seconds ago is still served once the public
# version has moved, while the process builds it afresh (core.page_refresh); 0: never.
PUBLIC_PAGE_GRACE_SECONDS = 1
