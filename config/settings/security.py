"""Security: headers and cookies, the Content Security Policy, lock-outs after failed log-ins
(django-axes), the client's address behind proxies and django-ratelimit's behaviour."""

from csp.constants import NONCE, NONE, SELF

SECURE_CONTENT_TYPE_NOSNIFF = True
# Load balancers probe over plain HTTP (core.middleware.HealthProbeMiddleware).
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"


# Content Security Policy (django-csp 4). Public pages allow only our own files; the Wagtail
# admin gets the relaxations it needs from config.csp.SiteCSPMiddleware, chosen by path.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],  # blob: the upload form previews the chosen file
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    },
}

# django-axes: after repeated failed log-ins, lock out one username *on one address*. Keying
# on the pair means that failures from elsewhere never lock a member out of their own
# address; allauth's "login_failed" limit stops one address guessing across usernames.
# Counts live in the database, which every worker process shares; every authenticate() call
# is watched, whichever view makes it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "members/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "members.client_ip.login_username"
AXES_CLIENT_IP_CALLABLE = "members.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "members.client_ip.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (production reads it
# from the environment); 0 means visitors connect directly and REMOTE_ADDR is their address.
# allauth, axes and django-ratelimit all take the client address from members.client_ip.
TRUSTED_PROXY_COUNT = 0

# django-ratelimit (members' reports, profile saves) counts in the default cache: Redis in
# production when REDIS_URL is set. Without Redis its counts are approximate (the database and
# local caches do not increment atomically); the check that insists on Redis is silenced.
# Saving one's profile (each save that changes something public refreshes cached pages).
PROFILE_SAVE_RATE_LIMIT = "30/h"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# When the cache is down these limits let requests through rather than refuse everyone: what
# they guard is bounded elsewhere too (the daily upload limit is counted in the database, a
# report once per member and work). allauth's limits (sign-up, log-in, reset, account emails)
# fail closed instead: without the cache they answer 429 and send nothing.
RATELIMIT_FAIL_OPEN = True
