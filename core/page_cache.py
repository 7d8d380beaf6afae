"""Whole pages kept in the cache: for visitors who are not logged in
(AnonymousPageCacheMiddleware, under the public content version of core.public_cache) and for
ordinary members (MemberPageCacheMiddleware, under that version and the member's own of
core.member_pages); PrivatePagesMiddleware keeps any page built for a member out of shared
caches."""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from csp.constants import HEADER, HEADER_REPORT_ONLY

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from wagtail.models import PageViewRestriction

from . import member_pages, public_cache
from .navigation import SiteNavigation
from .page_refresh import BackgroundRefresh


def can_enter_admin(user):
    """Whether the user may open the Wagtail admin (members.middleware's second-factor rule
    asks the same): such a member's pages carry the userbar and admin links, never kept."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


class AnonymousPageCacheMiddleware:
    """Whole public pages for visitors who are not logged in, served from the cache.

    Only GET requests without a session or messages cookie, outside the admin, accounts and
    members' pages, and only 200 responses that set no cookie are kept. A page is kept with
    the public content version it was built under (core.public_cache), and a page of an
    older version is out of date: a change anywhere makes every kept page stale at once. Such
    a page out of date by less than PUBLIC_PAGE_GRACE_SECONDS is still served while the
    process rebuilds it (core.page_refresh); one out of date for longer is built for the
    visitor.

    It sits right after the security middleware, the health probes and the version's request
    scope (settings.MIDDLEWARE), so a page served from it passes through nothing else: the
    choice is made on cookies alone, without loading a session; the kept page carries every
    header the rest of the stack gave it (Content-Security-Policy, X-Frame-Options, Vary,
    Content-Length…), and the version and the page are read in one cache call. Nothing is
    written on a hit, which matters with the database cache.

    Each process also keeps its own copies of the pages it served last (LocalPageCopies): a
    page it holds under the current version costs a read of the version alone, a few bytes
    instead of the whole page from the shared cache, and with Redis not even that: the
    process hears of each new version (core.version_channel)."""

    # The script catalogue (/jsi18n/) is left to browsers: it changes only with a release, and
    # its own headers let them keep it for an hour where a kept page must be asked for again.
    EXCLUDED_PREFIXES = (
        "/admin/", "/accounts/", "/my/", "/reports/", "/healthz/", "/readyz/", "/static/",
        "/media/", "/jsi18n/",
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response
        self.copies = LocalPageCopies(settings.PUBLIC_PAGE_LOCAL_COPIES_BYTES)
        self.refresh = BackgroundRefresh(self.build)

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
        # stale one instead of leaving it in the cache until it expires. The prefix names
        # KeptPage's form: during a rolling deploy, a node of a release that kept pages in
        # another form never reads one (it could not unpickle it).
        address = f"{request.get_host()}{request.get_full_path()}"
        return f"public-page-{KEPT_PAGE_FORM}:{hashlib.sha256(address.encode()).hexdigest()}"

    @staticmethod
    def shareable(response):
        """What Django keeps for visitors, a front cache (Varnish, a CDN) may keep as long,
        purged on every public change (core.public_cache); browsers ask again each time.
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
        copy = self.copies.get(key)
        if copy is not None and copy.version == public_cache.public_version():
            return self.served(copy, request)
        version, kept = public_cache.public_version_and(key)
        if not isinstance(kept, KeptPage):
            kept = None
        if kept is not None and kept.version == version:
            self.copies.put(key, kept, settings.PUBLIC_PAGE_CACHE_SECONDS)
            return self.served(kept, request)
        recent = self.in_grace(copy, kept)
        if recent is not None and self.refresh.rebuild_later(key, request):
            return self.served(recent, request, stale=True)
        return self.build(request, key, version, replacing=copy is not None or kept is not None)

    def build(self, request, key, version, replacing=True):
        """The page built afresh, kept if it may be; if it may not (a work deleted, say), the
        page it was `replacing` is dropped."""
        response = self.get_response(request)
        if self.keepable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            self.shareable(response)
            kept = KeptPage.of(version, response)
            cache.set(key, kept, settings.PUBLIC_PAGE_CACHE_SECONDS)
            self.copies.put(key, kept, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        elif replacing:
            cache.delete(key)
            self.copies.discard(key)
        return response

    @staticmethod
    def in_grace(*pages):
        """The newest of these kept pages (None where there is none) that is of this release
        and out of date by less than PUBLIC_PAGE_GRACE_SECONDS (core.page_refresh): since its
        version was replaced, where the version's kept moves say when; otherwise since it
        was built."""
        grace = settings.PUBLIC_PAGE_GRACE_SECONDS
        release = f"{settings.RELEASE}-"
        kept = [page for page in pages if page is not None and page.version.startswith(release)]
        for page in sorted(kept, key=lambda page: page.built_at, reverse=True):
            out_of_date = public_cache.out_of_date_for(page.version)
            if out_of_date is None:
                out_of_date = time.time() - page.built_at
            if out_of_date < grace:
                return page
        return None

    @staticmethod
    def served(kept, request, stale=False):
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(kept.gzipped, headers=kept.gzip_headers)
        else:
            response = HttpResponse(kept.content, headers=kept.headers)
        if stale:
            # Seconds old at most, and about to be replaced: no shared cache may keep it
            # (deploy/varnish passes such a page on for a second, then asks again).
            response["Cache-Control"] = "no-cache"
            response["X-Page-Cache"] = "stale"
        else:
            response["X-Page-Cache"] = "hit"
        return response


ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding


#: Moves on whenever KeptPage's fields change (the page cache's keys carry it).
KEPT_PAGE_FORM = 2


class KeptPage(NamedTuple):
    """A page as the cache keeps it: the version it was built under, its body and headers,
    and the same compressed once with gzip, for the browsers (and front caches) that accept it:
    a sixth of the bytes to send, and no compression per response in nginx. A kept page holds
    no secret to guess by its compressed length (BREACH): it set no cookie, so it carries no
    CSRF token and nothing of a session."""

    version: str
    content: bytes
    headers: tuple
    gzipped: bytes
    gzip_headers: tuple
    # When the request that built it read its version (time.time(), compared across nodes):
    # it shows every change made before then.
    built_at: float = 0.0

    @classmethod
    def of(cls, version, response):
        # Both forms of the page say they vary with Accept-Encoding, so that no shared cache
        # serves one to a client that asked for the other.
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = shared_headers(response)
        gzipped = compress_string(response.content)
        unchanged = [(n, v) for n, v in headers if n.lower() not in GZIP_REPLACED_HEADERS]
        gzip_headers = (
            *unchanged,
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(gzipped))),
        )
        return cls(
            version,
            response.content,
            headers,
            gzipped,
            gzip_headers,
            public_cache.version_read_at(),
        )


# A strong ETag names the uncompressed bytes; the compressed copy goes without one.
GZIP_REPLACED_HEADERS = {"content-length", "content-encoding", "etag"}


class LocalPageCopies:
    """The pages this process served last, up to a size in bytes, the least recently served
    dropped first. A copy is only ever served under the version it was built with (or in its
    grace, core.page_refresh), so a change made on any node is seen at once; the copy
    saves moving the page itself from the shared cache (in wrk's floor bench, the Redis round
    trip of a 30 KB page was most of what a hit cost over a bare Django view)."""

    def __init__(self, limit):
        self.limit = limit
        self.pages = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # gunicorn's threaded workers share the process

    def get(self, key):
        """The KeptPage, if this process holds it and it has not
        outlived the shared cache's timeout."""
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            expires, kept = found
            if expires < time.monotonic():
                self.drop(key)
                return None
            self.pages.move_to_end(key)
            return kept

    def put(self, key, kept, seconds):
        size = len(kept.content) + len(kept.gzipped)
        if size > self.limit:
            return
        with self.lock:
            self.drop(key)
            self.pages[key] = (time.monotonic() + seconds, kept)
            self.size += size
            while self.size > self.limit:
                self.drop(next(iter(self.pages)))

    def discard(self, key):
        with self.lock:
            self.drop(key)

    def drop(self, key):
        found = self.pages.pop(key, None)
        if found is not None:
            _, kept = found
            self.size -= len(kept.content) + len(kept.gzipped)


class MemberPageCacheMiddleware:
    """The pages members open most, kept whole for each ordinary member: their home page,
    gallery (every query), works, follows and favourites. A hit costs the session and user
    lookups and one cache call.

    A page is kept per member, host and full path, with the public content version and the
    member's own (core.member_pages) it was built under; it is served while both stand,
    read with the page in one cache call. Only for an active member who is neither staff nor
    an editor (the Wagtail userbar and admin links are theirs alone: can_enter_admin is asked
    on a miss, and joining a group or gaining a permission moves the member's version), only
    GET requests with no message waiting (in the cookie or the session), and only 200,
    non-streaming responses that set no cookie and showed no message. A suspended member, or
    one whose deletion is pending, is not logged in at all (the auth backend refuses an
    inactive user).

    It sits after StaffMFAMiddleware (settings.MIDDLEWARE): everything above it runs for a hit
    as for a page built afresh, which is what makes a hit look the same to the browser:
    SessionMiddleware and AuthenticationMiddleware find the member, CsrfViewMiddleware sets
    the CSRF cookie for the token put in the page, PrivatePagesMiddleware marks the page
    private, MessageMiddleware lets us see waiting messages, allauth's AccountMiddleware and
    StaffMFAMiddleware (which acts on /admin/ only) keep their request state. What is below it
    (clickjacking, CSP, Wagtail's redirects, the database-unavailable page, axes) acts on the
    built response, whose headers are kept with it (the CSP nonce taken out, as for visitors:
    shared_headers below); none of them changes a 200 page."""

    # The member's own listings, and the home page and the gallery wherever editors have put
    # them (core.navigation: their remembered URLs, no query).
    OWN_PATHS = frozenset({"/my/artworks/", "/my/following/", "/my/favourites/"})
    # What in the session changes a page without moving a version: messages waiting, and the
    # password-protected pages the member has opened (Wagtail's view restrictions), whose
    # password form may have been kept. Either is rare; such a member's pages are built.
    SESSION_KEYS = (
        SessionStorage.session_key,
        PageViewRestriction.passed_view_restrictions_session_key,
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        """What the request says without loading its session."""
        return (
            settings.PUBLIC_PAGE_CACHE_SECONDS
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.COOKIES.get("messages")  # emptied once shown
            and self.kept_path(request)
        )

    def kept_path(self, request):
        if request.path_info in self.OWN_PATHS:
            return True
        navigation = SiteNavigation(request)
        return request.path_info in (navigation.home_url, navigation.urls.get("gallery"))

    def ordinary_member(self, request):
        user = request.user
        return (
            user.is_authenticated
            and user.is_active
            and not user.is_staff
            and not user.is_superuser
            and not any(key in request.session for key in self.SESSION_KEYS)
        )

    def keepable(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A message added while building the page, or shown on it, is for this once.
            and not get_messages(request).used
            and not len(get_messages(request))
            and not can_enter_admin(request.user)
        )

    def __call__(self, request):
        if not (self.cacheable_request(request) and self.ordinary_member(request)):
            return self.get_response(request)
        member_id = request.user.pk
        key = member_pages.page_key(member_id, f"{request.get_host()}{request.get_full_path()}")
        version, own_version, kept = public_cache.public_version_and(
            member_pages.version_key(member_id), key
        )
        if kept is not None and own_version is not None and kept[:2] == (version, own_version):
            content = member_pages.with_csrf_token(kept[2], get_token(request))
            response = HttpResponse(content, headers=kept[3])
            response["X-Page-Cache"] = "hit"
            return response
        if own_version is None:
            own_version = member_pages.member_version(member_id)
        response = self.get_response(request)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()  # before asking whether it showed a message
        if self.keepable(request, response):
            content = member_pages.without_csrf_tokens(response.content)
            headers = shared_headers(response)
            cache.set(
                key, (version, own_version, content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS
            )
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


# A nonce as a source in a policy header: "'nonce-…'" after a space.
NONCE_SOURCE = re.compile(r" 'nonce-[^']*'")
POLICY_HEADERS = {HEADER.lower(), HEADER_REPORT_ONLY.lower()}


def shared_headers(response):
    """A response's headers, for copies served to other visitors (the page cache), as
    (name, value) pairs. A nonce is good for one response only: repeated on every copy, it
    would let a script that learnt it run on all of them, so the copies' policies carry none.
    Public pages mark only JSON-LD blocks with it, which are data and run under no policy."""
    return tuple(
        (name, NONCE_SOURCE.sub("", value) if name.lower() in POLICY_HEADERS else value)
        for name, value in response.items()
    )
