"""The middlewares every request passes through before any app's view: the load balancers'
probes, the public content version's request scope, and the page for a database that is not
answering. The page caches' middlewares are in core.page_cache."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from . import health, public_cache

logger = logging.getLogger(__name__)


class HealthProbeMiddleware:
    """Load balancers probe each node by its own address (Host: 10.0.0.5:8000), which
    ALLOWED_HOSTS would refuse (400): /healthz/ and /readyz/ answer here, before anything
    reads the host; they say nothing that is not safe to say to anyone who can reach the node.
    (Plain HTTP is let through by SECURE_REDIRECT_EXEMPT.)"""

    def __init__(self, get_response):
        self.get_response = get_response
        self.probes = {"/healthz/": health.healthz, "/readyz/": health.readyz}

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class PublicVersionMiddleware:
    """Each request reads the public content version once, from the shared cache, and uses
    it throughout (core.public_cache): every node follows a change made on another at its
    next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with public_cache.request_scope():
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that is locked past its timeout, or unreachable, answers every request with
    a styled 503 page and Retry-After, instead of a 500: the visitor is told to retry, and
    nothing was half-saved because every write runs in a transaction."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    # What an unavailable database says (SQLite's lock, a PostgreSQL server gone away); other
    # OperationalErrors are bugs and stay 500s that get reported.
    UNAVAILABLE_HINTS = ("locked", "connect", "server closed", "terminat", "timeout", "timed out")

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError):
            message = str(exception).lower()
            if not any(hint in message for hint in self.UNAVAILABLE_HINTS):
                return None
        elif not isinstance(exception, InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        # The page is rendered without a request context: no context processor touches the
        # database that has just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
