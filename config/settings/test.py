"""Settings for the test suite: fast hashing, tasks run at once, mail kept in memory."""

import os
import tempfile

import dj_database_url

from core.dev_ca import make_dev_ca

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# tests/site/test_demo.py seeds the demo content, as `make run` does.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The suite runs on SQLite unless DATABASE_URL names another server (CI's PostgreSQL leg).
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": sqlite_database(BASE_DIR / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"ac-test-{os.getpid()}.sqlite3")
    }

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ac-test-media-"))  # noqa: F405
# Upload turns of this run's own (artworks.admission), never shared with another run.
ADMISSION_DIR = tempfile.mkdtemp(prefix="ac-test-admission-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Content Credentials are signed for real, as in production, with a throwaway development CA
# made once per test run (signing adds some 5% to the upload tests). Tests of the site without
# keys empty these settings.
C2PA_CERT_CHAIN, C2PA_PRIVATE_KEY = map(str, make_dev_ca(tempfile.mkdtemp(prefix="ac-test-c2pa-")))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A change is seen by the very next request; tests of the grace turn it on.
PUBLIC_PAGE_GRACE_SECONDS = 0
# Tests that exercise the lock-out, or staff's second factor, turn them on explicitly.
AXES_ENABLED = False
STAFF_MFA_REQUIRED = False
WHITENOISE_AUTOREFRESH = True
