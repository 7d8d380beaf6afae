"""Settings for `make run`: debug pages, the SQLite file, local media, email on the console."""

from .base import *  # noqa: F403

# The demo content (manage.py seed_demo, which `make run` calls): development only, since it
# makes accounts with known passwords; production's settings never install it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve collected-less static files straight from the finders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# A second factor for staff is production's rule; the demo admin opens without one.
STAFF_MFA_REQUIRED = False
# `make run` makes a development CA and signing certificate here (manage.py c2pa_make_dev_ca),
# so the demo's renditions carry Content Credentials.
C2PA_CERT_CHAIN = str(C2PA_DEV_CA_DIR / "chain.pem")  # noqa: F405
C2PA_PRIVATE_KEY = str(C2PA_DEV_CA_DIR / "signer.key")  # noqa: F405
