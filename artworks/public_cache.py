"""
One version number for everything visitors see. Cached public pages and fragments carry it in
their keys; any change to what a public page can show (an artwork saved, hidden or deleted,
its renditions made, a member renamed or deactivated, a page published) moves it on, and
every cached page is then out of date at once. Coarse, but never stale.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "public-content-version"


def public_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def public_content_changed():
    """Call when something a visitor can see changes. The version moves now, and again once
    the transaction commits, so a page rendered from the old rows in between is not kept."""
    _new_version()
    transaction.on_commit(_new_version, robust=True)
