import re

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

from django.conf import settings

# The Wagtail admin's own templates use inline scripts and styles and preview pages in frames,
# so it gets a wider policy than the public site. Nothing members upload is ever rendered
# unescaped there; the public pages keep the strict, nonce-based policy from settings.
ADMIN_POLICY_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy chosen by path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            site_images = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
            parts.replace = {
                **(parts.replace or {}),
                **ADMIN_POLICY_REPLACEMENTS,
                "img-src": [*site_images, "blob:"],
            }
            parts.nonce = None
        return parts


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
