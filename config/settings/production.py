"""
Production settings: everything that differs between machines comes from the environment.
See the README's "Deploying" section for the variables.
"""

import os

import dj_database_url
import dj_email_url

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: export SECRET_KEY (a long random string) to run in production."
    )

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    # Without it a node would quietly make a database of its own beside the code.
    raise ImproperlyConfigured(
        "DATABASE_URL is not set: export DATABASE_URL (postgres://… when several machines "
        "share the database, or sqlite:////srv/artist-collective/db.sqlite3 on one machine)."
    )
# Connections are kept a minute and checked before reuse, so a database restart costs the
# next request nothing but a reconnect.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's tuning, and the connection kept as well: opening one (its PRAGMAs, Django's
    # SQL functions) costs a millisecond, more than a page served from the database cache.
    DATABASES["default"] = {
        **DATABASES["default"],
        **sqlite_database(DATABASES["default"]["NAME"]),  # noqa: F405
    }

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
# Several machines serve the site: `manage.py check --deploy` then warns about anything that
# would live on one machine only (core.checks).
MULTI_NODE = os.environ.get("MULTI_NODE", "false").lower() == "true"
RELEASE = os.environ.get("RELEASE") or manifest_release(STATIC_ROOT)  # noqa: F405
# On one machine without a front web server, Django may serve the renditions (never the
# originals) itself; see the README.
SERVE_RENDITIONS = os.environ.get("SERVE_RENDITIONS", "false").lower() == "true"
PUBLIC_PAGE_CACHE_SECONDS = int(
    os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", PUBLIC_PAGE_CACHE_SECONDS)  # noqa: F405
)

# Upload attempts per member and per address (see collective.py), e.g. "60/h".
UPLOAD_ATTEMPT_RATE_LIMIT = os.environ.get(
    "UPLOAD_ATTEMPT_RATE_LIMIT",
    UPLOAD_ATTEMPT_RATE_LIMIT,  # noqa: F405
)
UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = os.environ.get(
    "UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS",
    UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS,  # noqa: F405
)
# Upload backpressure (see collective.py): decodes at once on this machine, rendition tasks waiting.
UPLOAD_PROCESSING_SLOTS = int(
    os.environ.get("UPLOAD_PROCESSING_SLOTS", UPLOAD_PROCESSING_SLOTS)  # noqa: F405
)
UPLOAD_RENDITION_QUEUE_LIMIT = int(
    os.environ.get("UPLOAD_RENDITION_QUEUE_LIMIT", UPLOAD_RENDITION_QUEUE_LIMIT)  # noqa: F405
)
UPLOAD_FULL_SIZE_QUEUE_LIMIT = int(
    os.environ.get("UPLOAD_FULL_SIZE_QUEUE_LIMIT", UPLOAD_FULL_SIZE_QUEUE_LIMIT)  # noqa: F405
)
# Front caches (Varnish with deploy/varnish/artist-collective.vcl, one URL each, comma-separated)
# that every public change purges through Wagtail's frontend_cache.
if env_list("FRONT_CACHE_URLS"):
    WAGTAILFRONTENDCACHE = {
        f"front-cache-{number}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": url,
        }
        for number, url in enumerate(env_list("FRONT_CACHE_URLS"))
    }

# A cache every worker process shares: Redis when there is one, else the database.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}  # noqa: F405
    PUBLIC_VERSION_CHANNEL_URL = os.environ["REDIS_URL"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# Search in an Elasticsearch or OpenSearch cluster instead of the database (wagtail.py's
# search_backend); `manage.py update_index` fills it once.
if os.environ.get("SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {"default": search_backend(os.environ["SEARCH_URL"])}  # noqa: F405

# Wagtail's background work (search indexing, renditions) leaves the request: run
# `manage.py db_worker` beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = s3_storage(  # noqa: F405
        os.environ["AWS_STORAGE_BUCKET_NAME"],
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
    )
    STORAGES["renditions"] = s3_rendition_storage(STORAGES["default"])  # noqa: F405
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"

if os.environ.get("EMAIL_URL"):
    vars().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SITE_URL = os.environ.get("SITE_URL", os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL))  # noqa: F405
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", SITE_URL)
MODERATION_CONTACT_EMAIL = os.environ.get(
    "MODERATION_CONTACT_EMAIL",
    MODERATION_CONTACT_EMAIL,  # noqa: F405
)

# Content Credentials: the signing certificate chain and key (PEM files), and an optional
# timestamp authority. Without them renditions are served unsigned, with a warning.
C2PA_CERT_CHAIN = os.environ.get("C2PA_CERT_CHAIN", "")
C2PA_PRIVATE_KEY = os.environ.get("C2PA_PRIVATE_KEY", "")
C2PA_TSA_URL = os.environ.get("C2PA_TSA_URL", "")
C2PA_KEYS_EXPECTED = True

# Behind the documented front web server (one proxy that appends to X-Forwarded-For) set
# TRUSTED_PROXY_COUNT=1, or every visitor would share the proxy's address for lock-outs and
# rate limits.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Media on another origin (S3 bucket or CDN) must be allowed to load as images.
if os.environ.get("MEDIA_ORIGIN"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(os.environ["MEDIA_ORIGIN"])  # noqa: F405

# HTTPS only: a TLS-terminating proxy in front sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
