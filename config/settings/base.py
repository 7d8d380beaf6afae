"""
Settings shared by every environment. Safe by default: DEBUG is off and no secret lives here;
dev.py, test.py and production.py adjust only what differs.
"""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "home",
    "artworks",
    "members",
    "exhibitions",
    "reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "members.apps.MemberUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.AnonymousPageCacheMiddleware",
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

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so a locked-out login stops before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_artworks"
LOGOUT_REDIRECT_URL = "/"
SIGNUP_REDIRECT_URL = "artwork_upload"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

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
# Whether Django serves /media/images/ (renditions only) outside DEBUG: production.py.
SERVE_RENDITIONS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = "Artist Collective <noreply@artist-collective.invalid>"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4). Public pages allow only our own files; the Wagtail
# admin gets the relaxations it needs in config/urls.py's admin wrapper.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

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

# django-axes: lock out a username or an address after repeated failed log-ins. Counts live in
# the database, which every worker process shares.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "members/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "members.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "members.client_ip.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (production reads it
# from the environment); 0 means visitors connect directly and REMOTE_ADDR is their address.
TRUSTED_PROXY_COUNT = 0

# django-ratelimit counts in the default cache: Redis in production when REDIS_URL is set.
# Without Redis its counts are approximate (the database and local caches do not increment
# atomically), which still stops scanning; the check that insists on Redis is silenced.
SIGNUP_RATE_LIMIT = "10/h"
PASSWORD_RESET_RATE_LIMIT = "5/h"  # noqa: S105 - a rate, not a password
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Wagtail
WAGTAIL_SITE_NAME = "Artist Collective"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_USER_CUSTOM_FIELDS = ["display_name"]
# No avatars fetched from another host (and no editor's email hash sent to one).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# "Ink" and "ink" are one tag.
TAGGIT_CASE_INSENSITIVE = True
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "avif", "heic"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "avif": "avif", "bmp": "png"}

# Artworks: limits a member's upload form states and enforces (bytes and pixels).
ARTWORK_MAX_UPLOAD_SIZE = WAGTAILIMAGES_MAX_UPLOAD_SIZE
ARTWORK_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
# Lower pixel ceilings (every frame counted) where re-encoding is slow, measured on a 2-core
# machine so that the worst accepted upload costs at most 4 s of CPU and 600 MB in a gunicorn
# worker (figures in artworks/images.py and bench/uploads.py): re-encoding alone costs 2.2 s /
# 379 MB for an 8 MP AVIF at encoder speed 10, 2.3 s / 427 MB for a 16 MP WebP at method 2,
# about 3.6 s for a 40 MP PNG at zlib level 1; the request adds about 1 s (upload, header, hash).
ARTWORK_MAX_PIXELS_BY_FORMAT = {"PNG": 40_000_000, "WEBP": 16_000_000, "AVIF": 8_000_000}
ARTWORK_UPLOADS_PER_DAY = 50
# Attempts to upload or edit an artwork, or upload an avatar, that one member and one address
# may make (django-ratelimit, counted in the default cache); checked before anything else.
UPLOAD_ATTEMPT_RATE_LIMIT = "60/h"
UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = "120/h"
ARTWORKS_PER_PAGE = 24
# Whole public pages are kept this long for visitors who are not logged in (0: not at all);
# any change to public content makes them stale at once (artworks.public_cache).
PUBLIC_PAGE_CACHE_SECONDS = 600
ARTISTS_PER_PAGE = 24
HOME_LATEST_ARTWORKS = 8
ARTWORK_SEARCH_MAX_RESULTS = 1000
HOME_CURRENT_EXHIBITIONS = 3
TAGS_PAGE_MAX_TAGS = 200

# Reports: how many different members' open reports take a work out of public view until a
# moderator decides, and how often one member may report.
REPORTS_TO_HOLD = 3
REPORT_RATE_LIMIT = "10/h"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
