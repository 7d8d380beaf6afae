"""
Settings shared by every environment. Safe by default: DEBUG is off and no secret lives here;
dev.py, test.py and production.py adjust only what differs. This module holds Django's own
wiring; the settings of each concern live beside it and are gathered here, so that
`from .base import *` brings every setting.
"""

from pathlib import Path

from .accounts import *  # noqa: F403
from .caching import *  # noqa: F403
from .collective import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403
from .wagtail import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "core",
    "home",
    "artworks",
    "members",
    "exhibitions",
    "reports",
    "social",
    "comments",
    "commissions",
    "notifications",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "members.apps.MemberUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    # Wagtail's images app, deleting files with retries (core.apps.ImagesConfig).
    "core.apps.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_ratelimit",
    # django.contrib.admin is deliberately absent: the Wagtail admin is the only admin.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Load balancers' probes by the node's own address, before any host check.
    "core.middleware.HealthProbeMiddleware",
    "core.middleware.PublicVersionMiddleware",
    # Anonymous visitors' pages from the cache, as early as is safe: after the HTTPS redirect
    # and the probes, before anything that loads a session, counts log-ins or writes; the
    # page keeps the headers the middlewares below gave it (core.page_cache).
    "core.page_cache.AnonymousPageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.page_cache.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.StaffMFAMiddleware",
    # Members' own pages from the cache, once the session, CSRF, user, messages and allauth's
    # state are in place; the page keeps the headers the middlewares below gave it.
    "core.page_cache.MemberPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Busy (an upload that got no turn in time) becomes a 503 page with Retry-After.
    "core.admission.BusyMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' own advice).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wagtail.contrib.settings.context_processors.settings",
                "core.navigation.site_navigation",
            ],
        },
    },
]


def sqlite_database(path):
    """SQLite tuned for a web server: WAL lets readers work while one writer writes,
    IMMEDIATE transactions take the write lock up front (no "database is locked" half-way
    through a transaction), and the busy timeout waits for the lock instead of failing."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": sqlite_database(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The site's catalogues (`make messages` collects the English source one). One language is
# served: no LocaleMiddleware or i18n_patterns, so every address and cached page stays one.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Pico.css comes from the pinned npm package (package-lock.json), never copied in.
    ("pico", BASE_DIR / "node_modules" / "@picocss" / "pico" / "css"),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
# What code and static files this node runs; part of every cached page's key (a deploy never
# serves HTML naming static files a node lacks). production.py reads it from the environment
# or from the collected static files' manifest.
RELEASE = "dev"


def manifest_release(static_root):
    """The collected static files' manifest, hashed: it changes whenever a static file does."""
    import hashlib

    try:
        manifest = (Path(static_root) / "staticfiles.json").read_bytes()
    except OSError:
        return "uncollected"
    return hashlib.sha256(manifest).hexdigest()[:12]


TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = "Artist Collective <noreply@artist-collective.invalid>"

# /readyz/ answers 503 when a background task has waited longer than this (seconds).
READY_MAX_TASK_AGE = 120

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
