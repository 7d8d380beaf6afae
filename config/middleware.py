import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


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
