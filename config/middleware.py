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

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        # The page is rendered without a request context: no context processor touches the
        # database that has just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
