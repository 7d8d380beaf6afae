from csp.constants import SELF, UNSAFE_INLINE
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
