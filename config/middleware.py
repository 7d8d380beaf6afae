import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

from artworks import public_cache

from .csp import shared_headers

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
    members' pages, and only 200 responses that set no cookie are kept. A page is kept with
    the public content version it was built under (artworks.public_cache), and a page of an
    older version is a miss: a change anywhere makes every kept page stale at once, and a new
    artwork is visible as soon as its upload returns.

    It sits right after the security middleware, the health probes and the version's request
    scope (settings.MIDDLEWARE), so a page served from it passes through nothing else: the
    choice is made on cookies alone, without loading a session; the kept page carries every
    header the rest of the stack gave it (Content-Security-Policy, X-Frame-Options, Vary,
    Content-Length…), and the version and the page are read in one cache call. Nothing is
    written on a hit, which matters with the database cache."""

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

    @staticmethod
    def key(request):
        # The address only, not the version: a page rebuilt after a change replaces the
        # stale one instead of leaving it in the cache until it expires.
        address = f"{request.get_host()}{request.get_full_path()}"
        return f"public-page:{hashlib.sha256(address.encode()).hexdigest()}"

    @staticmethod
    def shareable(response):
        """What Django keeps for visitors, a front cache (Varnish, a CDN) may keep as long,
        purged on every public change (artworks.public_cache); browsers ask again each time.
        The same address gives a logged-in member another page: caches key on the cookie."""
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_CACHE_SECONDS
        )
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def keepable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        version, kept = public_cache.public_version_and(key)
        if kept is not None and kept[0] == version:
            _, content, headers = kept
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.keepable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            self.shareable(response)
            headers = shared_headers(response)
            cache.set(key, (version, response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
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
