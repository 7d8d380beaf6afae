"""
Kept public pages rebuilt behind the visitor's back, for a moment after the content changed.

Every visible change moves the public version (core.public_cache), and the next visitor of
each kept page used to wait while it was built again. While members upload, the version
moves several times a second, and the gallery's slowest requests were all such rebuilds.

A kept page out of date by less than PUBLIC_PAGE_GRACE_SECONDS is still served after the
version moved: out of date since its version was replaced, which the version's last moves
say (core.public_cache.out_of_date_for), or else since the request that built it read its
version. The process builds the page afresh in a thread of its own meanwhile, once per page
however many visitors ask, and the next visitor gets the new one. A page out of date for
longer, one of another release, or one asked for while the process's rebuilds have fallen
behind, is built for the visitor as before. The bound is the same as for the front cache,
which every change purges within a second; a page served in grace says so
(`X-Page-Cache: stale`) and tells shared caches not to keep it.
"""

import io
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.core.handlers.wsgi import WSGIRequest
from django.db import connections

from . import public_cache

logger = logging.getLogger(__name__)


class BackgroundRefresh:
    #: Pages waiting for a rebuild in one process: beyond that, visitors build them.
    WAITING_LIMIT = 8

    def __init__(self, build):
        self.build = build  # build(request, key, version) stores the page it builds
        self.waiting = set()
        self.lock = threading.Lock()
        self._executor = None

    def rebuild_later(self, key, request):
        """Queue a rebuild of the page kept under `key`, as `request` asked for it; False if
        this process cannot take another now (the visitor's request should build it)."""
        with self.lock:
            if key in self.waiting:
                return True
            if len(self.waiting) >= self.WAITING_LIMIT:
                return False
            self.waiting.add(key)
            if self._executor is None:
                # Made on first use, so each forked worker has its own thread.
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="page-refresh")
        try:
            self._executor.submit(self._rebuild, key, self.detached(request))
        except RuntimeError:  # the process is shutting down
            with self.lock:
                self.waiting.discard(key)
            return False
        return True

    @staticmethod
    def detached(request):
        """A request of its own for the rebuild, from the visitor's WSGI environment: the
        visitor's request ends with their response (it asked with no body and no cookie)."""
        environ = {name: value for name, value in request.META.items() if isinstance(value, str)}
        environ["wsgi.input"] = io.BytesIO()
        environ["CONTENT_LENGTH"] = "0"
        return environ

    def _rebuild(self, key, environ):
        try:
            with public_cache.request_scope():
                self.build(WSGIRequest(environ), key, public_cache.public_version())
        except Exception:
            logger.exception("Could not rebuild the kept page %s", environ.get("PATH_INFO"))
        finally:
            # The thread lives on between rebuilds; its connection does not.
            connections.close_all()
            with self.lock:
                self.waiting.discard(key)
