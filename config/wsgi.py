import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# A web process's threads hand the GIL on every millisecond instead of Python's default five.
# While members upload, the threads checking and storing their photos (and rebuilding pages,
# core.page_refresh) hold it between the image library's calls, and a page served from the
# cache waited for it several times over: with 8 members uploading on two cores, the
# anonymous gallery's slowest 1% took 30 ms at five and 12 ms at one (bench/upload_load.py).
# The task worker does not load this module and keeps the default.
WEB_SWITCH_INTERVAL = 0.001
sys.setswitchinterval(WEB_SWITCH_INTERVAL)

application = get_wsgi_application()
