"""Production settings with fewer middlewares in front of the page cache, for bench/floor.py:
FLOOR_FRONT_MIDDLEWARE=N keeps only the first N of those a cached page passes through before
the cache answers, and moves the others behind it, where a page from the cache never reaches
them (they stay installed: allauth, for one, insists on its own). Unset: the site as deployed."""

import os

from config.settings.production import *  # noqa: F403

PAGE_CACHE_MIDDLEWARE = "config.middleware.AnonymousPageCacheMiddleware"

_cache_at = MIDDLEWARE.index(PAGE_CACHE_MIDDLEWARE)  # noqa: F405
FRONT_MIDDLEWARE = MIDDLEWARE[:_cache_at]  # noqa: F405
if os.environ.get("FLOOR_FRONT_MIDDLEWARE"):
    kept = int(os.environ["FLOOR_FRONT_MIDDLEWARE"])
    MIDDLEWARE = [
        *FRONT_MIDDLEWARE[:kept],
        PAGE_CACHE_MIDDLEWARE,
        *FRONT_MIDDLEWARE[kept:],
        *MIDDLEWARE[_cache_at + 1 :],  # noqa: F405
    ]
