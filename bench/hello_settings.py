"""A bare Django site for bench/floor.py: no app, no middleware, one view that says hello.
What any page served by the same gunicorn and Django can at best approach."""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-hello")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.hello_urls"
INSTALLED_APPS = []
MIDDLEWARE = []
USE_TZ = True
