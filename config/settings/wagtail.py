"""Wagtail: the site's name and address, the admin, search (search_backend, which production.py
calls) and images."""

from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

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
