import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

from artworks import public_cache
from artworks.public_cache import public_version

logger = logging.getLogger(__name__)


class HealthProbeMiddleware:
    """Load balancers probe each node by its own address (Host: 10.0.0.5:8000), which
    ALLOWED_HOSTS would refuse (400): /healthz/ and /readyz/ answer here, before anything
    reads the host; they say nothing that is not safe to say to anyone who can reach the node.
    (Plain HTTP is let through by SECURE_REDIRECT_EXEMPT.)"""

    def __init__(self, get_response):
        from . import views

        self.get_response = get_response
        self.probes = {"/healthz/": views.healthz, "/readyz/": views.readyz}

    def __call__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class PublicVersionMiddleware:
    """Each request reads the public content version once, from the shared cache, and uses
    it throughout (artworks.public_cache): every node follows a change made on another at its
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


class AnonymousPageCacheMiddleware:
    """Whole public pages for visitors who are not logged in, served from the cache.

    Only GET requests without a session or messages cookie, outside the admin, accounts and
    members' pages, and only 200 responses that set no cookie are kept. Keys carry the public
    content version (artworks.public_cache), so a change anywhere makes every kept page
    stale at once: a new artwork is visible as soon as its upload returns."""

    EXCLUDED_PREFIXES = (
        "/admin/", "/accounts/", "/my/", "/reports/", "/healthz/", "/readyz/", "/static/",
        "/media/",
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE_SECONDS
            and request.method == "GET"
            and not request.path.startswith(self.EXCLUDED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    def key(self, request):
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"public-page:{public_version()}:{digest}"

    @staticmethod
    def shareable(response):
        """What Django keeps for visitors, a front cache (Varnish, a CDN) may keep as long,
        purged on every public change (artworks.public_cache); browsers ask again each time.
        The same address gives a logged-in member another page: caches key on the cookie."""
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_CACHE_SECONDS
        )
        patch_vary_headers(response, ["Cookie"])

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            self.shareable(response)
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
            self.shareable(response)
        return response


class PrivatePagesMiddleware:
    """A page built for a logged-in member (their name in the header, their own work, their
    messages) is theirs alone: `Cache-Control: private` keeps it out of any shared cache or
    CDN in front of the site, whatever the view said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            cache_control = response.get("Cache-Control", "")
            if "public" in cache_control or "s-maxage" in cache_control:
                del response["Cache-Control"]
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
