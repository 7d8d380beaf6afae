"""
Settings shared by every environment. Safe by default: DEBUG is off and no secret lives here;
dev.py, test.py and production.py adjust only what differs.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

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
    # Django's ModelBackend (permissions included) that also tells allauth when the password
    # was right for a deactivated account, so it can say "suspended" instead of "wrong".
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_artworks"

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


# Whether Django serves /media/images/ (renditions only) outside DEBUG: production.py.
SERVE_RENDITIONS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage(bucket_name, *, endpoint_url=None, region_name=None, custom_domain=None):
    """Media in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, SeaweedFS). The bucket
    is private: originals are only ever read by the site with its keys. A bucket that refuses,
    is down or hangs answers within seconds (3 s to connect, 10 s to read, 2 attempts), well
    inside gunicorn's timeout: the member is told the file could not be stored."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "custom_domain": custom_domain,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "client_config": Config(
                connect_timeout=3, read_timeout=10, retries={"max_attempts": 2}
            ),
        },
    }


def s3_rendition_storage(media_storage):
    """Renditions in the same bucket, under `images/`, which the bucket policy publishes
    (`manage.py setup_bucket`): plain URLs without signatures, the same on every render and
    on every machine, so og:image, feeds and caches keep working. Kept a year by browsers;
    shared caches ask again within a minute, as a work that leaves public view has its
    renditions moved to new names."""
    options = dict(media_storage["OPTIONS"])
    options["querystring_auth"] = False
    options["object_parameters"] = {"CacheControl": RENDITION_CACHE_CONTROL}
    return {"BACKEND": media_storage["BACKEND"], "OPTIONS": options}


#: What a rendition response says, from Django, nginx (deploy/) or the bucket.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, s-maxage=60"

# Uploaded files larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_cache(url):
    """Redis as the shared cache, optional at request time: a Redis that is down or gone
    answers within a second, and every read then misses and every write is dropped
    (django-redis IGNORE_EXCEPTIONS, logged), so pages render uncached, uploads and log-ins
    work, rate limits let requests through, and /readyz/ says the cache is unusable."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def search_backend(url):
    """Wagtail's search backend for a cluster named by one URL, for instance
    `opensearch3+https://user:password@search.internal:9200/artist_collective`: the scheme is
    Wagtail's backend module (elasticsearch7/8/9, opensearch2/3) with `+https` for TLS, the
    path the prefix of the index names (several sites may share a cluster). The client
    library the backend imports (elasticsearch or opensearch-py) is installed beside the
    site; the database backend needs none."""
    engines = ["elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"]
    parts = urlsplit(url)
    engine, _, transport = parts.scheme.partition("+")
    if engine not in engines or transport not in ("", "http", "https"):
        raise ImproperlyConfigured(
            f"SEARCH_URL: {parts.scheme}:// is none of {', '.join(engines)} (each with an "
            "optional +https)."
        )
    prefix = parts.path.strip("/")
    return {
        "BACKEND": f"wagtail.search.backends.{engine}",
        "URLS": [urlunsplit((transport or "http", parts.netloc, "", "", ""))],
        "INDEX_PREFIX": f"{prefix}_" if prefix else "",
        # A search waits no longer than a page should; indexing runs in the task worker.
        "TIMEOUT": 5,
    }


# Each read or write the cache could not make is logged (logger "django_redis.cache").
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = "Artist Collective <noreply@artist-collective.invalid>"

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

# Accounts: django-allauth (sign-up, log-in, email verification and change, password flows)
# with allauth.mfa for staff. Members log in with their username; email is verified before
# they can upload or report (core.verification).
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Sign-up, log-in and password reset answer alike whether or not an account exists; the owner
# of a registered address gets a "you already have an account" email instead.
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address nobody uses sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Artist Collective: "
ACCOUNT_SIGNUP_REDIRECT_URL = "artwork_upload"
# The old address hears when the email is changed, and a member when their password is
# (templates/account/email/); these notices are never held back by the mail limits below.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's rate limits ("amount/period/per", per = ip, user or key), counted in the default
# cache (Redis in production). Only failures count towards "login_failed", and only per
# address: a per-username limit would let anyone lock a member out (django-axes below locks
# a username on one address). Password reset requests are limited per network here; the
# emails they send are capped by members.adapter with the three "mail_*" limits: per inbox
# and network (so one network cannot use up a member's own resets), per inbox whatever the
# network, and for the whole site.
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "login": "30/m/ip",
    "login_failed": "20/15m/ip",
    "reset_password": "20/h/ip",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "mail_per_address_and_ip": "3/h/key",
    "mail_per_address": "10/d/key",
    "mail_total": "300/h/key",
}
# Staff (anyone who can enter /admin/) must set up a second factor before the admin opens
# (members.middleware.StaffMFAMiddleware): an authenticator app (TOTP) or a security key
# (WebAuthn), with recovery codes. allauth's WebAuthn scripts are its own static files, loaded
# from this site, and read their settings from JSON data blocks, so the strict CSP stays as it
# is (templates/mfa/). Security keys are a second factor only: no passwordless log-in with
# passkeys (MFA_PASSKEY_LOGIN_ENABLED stays off). The relying party is the request's host, and
# browsers allow WebAuthn only over https (or on http://localhost).
STAFF_MFA_REQUIRED = True
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Artist Collective"
# Where a suspended member writes to appeal (shown when they log in).
MODERATION_CONTACT_EMAIL = "moderators@artist-collective.invalid"

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

# Wagtail
WAGTAIL_SITE_NAME = "Artist Collective"
# The site's one public origin: links in emails, and the default Site's hostname and port
# (which the sitemap, feeds and canonical URLs use), set from it by `manage.py set_site_url`.
SITE_URL = "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = SITE_URL
# The database's own full-text search (core.search_backend); production.py points it at an
# Elasticsearch or OpenSearch cluster when SEARCH_URL names one (search_backend below).
# PostgreSQL stems English words whatever the server's default_text_search_config, and a
# named configuration makes to_tsquery() a constant the planner works out once, not once a
# row (a ranked search for a word in 20,000 titles: 0.45 s without it, 0.28 s with it).
# SQLite's FTS5 has no configurations and ignores it. A ranked search ranks the newest
# RANKED_CANDIDATES matches (core.ranked_search): its cost stops growing with the matches.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "core.search_backend",
        "SEARCH_CONFIG": "english",
        "RANKED_CANDIDATES": 1000,
    }
}
# Staff log in through allauth (its rate limits, lock-outs and second factor) and reset their
# password there: Wagtail's own reset mails any active account and has no rate limit.
# /admin/login/ is members.views.admin_login, which sends visitors on to allauth's log-in.
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# The admin never asks releases.wagtail.org for new versions: nothing the site serves fetches
# from another host (the CSP's connect-src would refuse it anyway, with a violation on every
# dashboard load). Upgrades are pinned in requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars fetched from another host (and no editor's email hash sent to one).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# "Ink" and "ink" are one tag.
TAGGIT_CASE_INSENSITIVE = True
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "avif", "heic"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "avif": "avif", "bmp": "png"}
# Every file uploaded in the admin is cleaned as a member's upload is, and a member's image
# keeps its file there (artworks/admin_images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "artworks.admin_images.LibraryImageForm"

# Artworks: limits a member's upload form states and enforces (bytes and pixels).
ARTWORK_MAX_UPLOAD_SIZE = WAGTAILIMAGES_MAX_UPLOAD_SIZE
ARTWORK_MAX_IMAGE_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
# Lower pixel ceilings (every frame counted) where re-encoding is slow, measured on a 2-core
# machine so that the worst accepted upload costs at most 4 s of CPU and 600 MB in a gunicorn
# worker (figures in core/image_cleaning.py and bench/uploads.py): re-encoding alone costs 2.2 s /
# 379 MB for an 8 MP AVIF at encoder speed 10, 2.3 s / 427 MB for a 16 MP WebP at method 2,
# about 3.6 s for a 40 MP PNG at zlib level 1; the request adds about 1 s (upload, header, hash).
ARTWORK_MAX_PIXELS_BY_FORMAT = {"PNG": 40_000_000, "WEBP": 16_000_000, "AVIF": 8_000_000}
ARTWORK_UPLOADS_PER_DAY = 50
# Attempts to upload or edit an artwork, or upload an avatar, that one member and one address
# may make (django-ratelimit, counted in the default cache); checked before anything else.
UPLOAD_ATTEMPT_RATE_LIMIT = "60/h"
UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = "120/h"
# Backpressure when uploads arrive faster than the machine can take them (artworks.admission):
# at most UPLOAD_PROCESSING_SLOTS images are decoded at once across the machine's processes
# (half its cores: the rest is for visitors' pages and the task worker), in the order they
# came. Each first waits while more than UPLOAD_RENDITION_QUEUE_LIMIT tasks making pages'
# renditions wait for the task worker (a second or two each for 12 MP photos), so renditions
# follow every upload within seconds, or more than UPLOAD_FULL_SIZE_QUEUE_LIMIT making the
# full-size view's (behind every other task, about a second each on a quiet machine: the view
# follows within a minute or two, and a burst of uploads is taken at decoding speed). An
# upload that gets no turn within UPLOAD_ADMISSION_WAIT seconds is answered "busy, try again
# in a minute" (503), nothing stored: well inside nginx's 90 s (deploy/nginx).
# At most UPLOAD_WAITING_PER_PROCESS uploads wait at once in one web process (half of
# gunicorn's --threads), so visitors always find a thread.
UPLOAD_PROCESSING_SLOTS = max(1, len(os.sched_getaffinity(0)) // 2)
UPLOAD_RENDITION_QUEUE_LIMIT = 1
UPLOAD_FULL_SIZE_QUEUE_LIMIT = 30
UPLOAD_ADMISSION_WAIT = 40
UPLOAD_WAITING_PER_PROCESS = 8
# Where the machine's processes keep their turns (lock files, core.admission); empty: a
# directory in the system's temporary directory named after the database.
ADMISSION_DIR = ""
ARTWORKS_PER_PAGE = 24
# Whole public pages are kept this long for visitors who are not logged in (0: not at all);
# any change to public content makes them stale at once (core.public_cache).
PUBLIC_PAGE_CACHE_SECONDS = 600
# Each web process keeps copies of the public pages it served last, up to this many bytes
# (core.page_cache.LocalPageCopies): some 250 pages of 30 KB.
PUBLIC_PAGE_LOCAL_COPIES_BYTES = 8 * 1024 * 1024
ARTISTS_PER_PAGE = 24
HOME_LATEST_ARTWORKS = 12
ARTWORK_SEARCH_MAX_RESULTS = 1000
HOME_CURRENT_EXHIBITIONS = 3
TAGS_PAGE_MAX_TAGS = 200
# Addresses per sitemap file (sitemaps.org's limit); /sitemap.xml indexes the files.
SITEMAP_PAGE_SIZE = 50_000

# Reports: how many different members' open reports take a work out of public view until a
# moderator decides, and how often one member may report.
REPORTS_TO_HOLD = 3
REPORT_RATE_LIMIT = "10/h"
# Follows and unfollows one member may make in an hour (social.views).
FOLLOW_RATE_LIMIT = "120/h"
# Commission requests: how many one member may send in 24 hours (counted in the database; one
# a day to the same artist), how many times an hour they may press "Send" (django-ratelimit,
# invalid forms included), and how often an artist may change their settings or blocks.
COMMISSION_REQUESTS_PER_DAY = 5
COMMISSION_REQUEST_RATE_LIMIT = "20/h"
COMMISSION_SETTINGS_RATE_LIMIT = "60/h"
# Collections (social.collections): how many one member may keep, how many works each holds,
# how many changes (create, rename, add, move, note, remove, delete) a member may make in an
# hour, and how many public collections the artist page shows.
COLLECTIONS_PER_MEMBER = 200
COLLECTION_MAX_WORKS = 500
COLLECTION_RATE_LIMIT = "300/h"
ARTIST_PAGE_COLLECTIONS = 12
# Favourites and unfavourites one member may make in an hour (social.views): enough to heart
# a gallery page after page, too few to script the "Most favourited this week" order.
FAVOURITE_RATE_LIMIT = "300/h"

# Members' control of their account (members.exports, members.deletion). A data export is
# kept this long, and a member may ask for so many a day (each one copies all their files).
DATA_EXPORT_LIFETIME = timedelta(days=7)
DATA_EXPORT_RATE_LIMIT = "3/d"
# An export still being prepared (or failed) after this long is cleared by the same command.
DATA_EXPORT_STALE_AFTER = timedelta(days=1)
# Where export zips are kept: a STORAGES alias and a folder in it. The default storage is
# private (a local folder nginx does not serve; an S3 bucket whose policy publishes only
# images/), and the site streams a zip to its owner itself.
DATA_EXPORT_STORAGE = "default"
DATA_EXPORT_FOLDER = "account-exports"
# A deleted account is deactivated at once and erased this long after (`manage.py
# erase_deleted_accounts`); logging in before then offers to cancel.
MEMBER_DELETION_GRACE = timedelta(days=14)
# Attempts at the deletion form (each checks the password) and at cancelling one.
MEMBER_DELETION_RATE_LIMIT = "10/h"
# Notifications (notifications app): how members hear about them by email unless they choose
# ("immediate", "daily" or "off"); what the daily digest lists (unread, not yet emailed, from
# the last days, at most so many); how long notifications are kept (read ones, and unread ones
# of members who never come back), pruned daily; rows written per bulk insert when new work is
# announced to followers; the page size; and how often a member may mark all read or save
# their settings.
NOTIFICATION_EMAIL_DEFAULT = "daily"
NOTIFICATION_DIGEST_MAX_AGE = timedelta(days=7)
NOTIFICATION_DIGEST_MAX_ITEMS = 50
NOTIFICATION_READ_RETENTION = timedelta(days=90)
NOTIFICATION_UNREAD_RETENTION = timedelta(days=365)
NOTIFICATION_BATCH_SIZE = 500
NOTIFICATIONS_PER_PAGE = 30
NOTIFICATION_WRITE_RATE_LIMIT = "60/h"
# Comments posted or edited that one member may make in an hour (comments.views).
COMMENT_RATE_LIMIT = "30/h"
# Whose reports count towards that hold (reports.models.established_reporter): members with a
# confirmed email, older than REPORT_MIN_ACCOUNT_AGE, with published work or older than
# REPORT_ESTABLISHED_MEMBER_AGE. Everyone's reports reach the moderators.
REPORT_MIN_ACCOUNT_AGE = timedelta(days=7)
REPORT_ESTABLISHED_MEMBER_AGE = timedelta(days=30)

# /readyz/ answers 503 when a background task has waited longer than this (seconds).
READY_MAX_TASK_AGE = 120

# Content Credentials (C2PA) signed into the large public renditions (core.provenance,
# artworks.credentials): PEM files of the certificate chain (signing certificate first, then
# its CA) and of the private key (ES256), and an optional RFC 3161 timestamp authority URL.
# Empty: renditions are served unsigned. C2PA_KEYS_EXPECTED makes that a warning in
# `manage.py check` and /readyz/ (production); `manage.py c2pa_make_dev_ca` writes a
# development pair into C2PA_DEV_CA_DIR, outside the repository.
C2PA_CERT_CHAIN = ""
C2PA_PRIVATE_KEY = ""
C2PA_TSA_URL = ""
C2PA_KEYS_EXPECTED = False
C2PA_DEV_CA_DIR = (
    Path(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"))
    / "artist-collective"
    / "c2pa"
)
# How long the artwork page keeps what its Content Credentials panel read from a signed file
# (artworks.credentials.panel_credentials). Keyed by the file's name, which changes whenever
# the file is re-signed, so an entry never goes stale: this only bounds the cache's size.
C2PA_PANEL_CACHE_SECONDS = 7 * 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
