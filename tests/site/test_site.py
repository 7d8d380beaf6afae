"""The foundation: the page tree a bare migrate builds, the admin, the health check, the
production settings, the base template and the accessibility of the account forms."""

import json
import os
import secrets
import subprocess
import sys
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError

from wagtail.models import Page, Site

from artworks.models import GalleryPage
from config.settings.base import search_backend
from core import health
from core.dev_ca import make_dev_ca
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import HomePage
from members.models import ArtistIndexPage
from tests import PROJECT_ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def home_page():
    return HomePage.objects.get()


# --- The page tree after a bare migrate ----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "page_class"),
    [("/", HomePage), ("/gallery/", GalleryPage), ("/artists/", ArtistIndexPage)],
)
def test_migrate_builds_the_page_tree_and_each_page_is_served(client, url, page_class):
    response = client.get(url)

    assert response.status_code == 200
    page = response.context["page"]
    assert type(page) is page_class
    assert page.live
    assert len(soup_of(response).find_all("h1")) == 1


def test_page_tree_has_home_with_gallery_artists_and_exhibitions_beneath_it():
    home = home_page()
    assert home.depth == 2
    assert home.get_parent().is_root()
    children = {type(child.specific) for child in home.get_children()}
    assert children == {GalleryPage, ArtistIndexPage, ExhibitionIndexPage}
    assert GalleryPage.objects.get().url == "/gallery/"
    assert ArtistIndexPage.objects.get().url == "/artists/"
    assert ExhibitionIndexPage.objects.get().url == "/exhibitions/"
    # Wagtail's "Welcome" page is gone: the home page is the only page under the root.
    assert Page.objects.filter(depth=2).count() == 1


def test_default_site_points_at_the_home_page():
    site = Site.objects.get(is_default_site=True)

    assert type(site.root_page.specific) is HomePage
    assert site.site_name == "Artist Collective"
    assert Site.objects.count() == 1


def test_gallery_shows_a_friendly_empty_state_without_artworks(client):
    response = client.get("/gallery/")

    empty = soup_of(response).select_one(".empty-state")
    assert empty is not None
    text = empty.get_text(" ", strip=True)
    assert "The gallery is empty for now." in text
    assert "Join the collective" in text


def test_empty_gallery_invites_a_member_to_upload(client):
    client.force_login(UserFactory())

    response = client.get("/gallery/")

    empty = soup_of(response).select_one(".empty-state")
    assert "Upload the first work" in empty.get_text(" ", strip=True)
    assert empty.find("a")["href"] == "/my/artworks/upload/"


def test_artists_page_shows_a_friendly_empty_state_without_artworks(client):
    UserFactory()  # A member without published work is not listed.

    response = client.get("/artists/")

    empty = soup_of(response).select_one(".empty-state")
    assert empty is not None
    assert "No artist has shared work yet." in empty.get_text(" ", strip=True)
    assert soup_of(response).select_one(".artist-list") is None


def test_home_page_shows_a_friendly_empty_state_without_artworks(client):
    response = client.get("/")

    empty = soup_of(response).select_one(".empty-state")
    assert "No work has been shared yet." in empty.get_text(" ", strip=True)


# --- Page types: where each page may be created --------------------------------------------


def test_only_one_gallery_and_one_artist_index_may_exist():
    home = home_page()

    assert not GalleryPage.can_create_at(home)
    assert not ArtistIndexPage.can_create_at(home)


def test_only_one_home_page_may_exist():
    root = Page.get_first_root_node()

    assert not HomePage.can_create_at(root)


def test_a_gallery_may_be_created_under_home_once_the_old_one_is_gone():
    home = home_page()
    GalleryPage.objects.get().delete()
    home.refresh_from_db()

    assert GalleryPage.can_create_at(home)
    assert not GalleryPage.can_create_at(ArtistIndexPage.objects.get())


def test_home_page_cannot_be_created_under_the_gallery_or_the_artists_index():
    assert not HomePage.can_create_at(GalleryPage.objects.get())
    assert not HomePage.can_create_at(ArtistIndexPage.objects.get())


def test_gallery_and_artists_index_take_no_child_pages():
    gallery = GalleryPage.objects.get()
    artists = ArtistIndexPage.objects.get()

    assert GalleryPage.allowed_subpage_models() == []
    assert ArtistIndexPage.allowed_subpage_models() == []
    assert not gallery.specific.can_exist_under(artists)
    assert not Page.can_create_at(gallery)


def test_page_types_declare_their_parents_and_children():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(HomePage.allowed_subpage_models()) == {
        GalleryPage,
        ArtistIndexPage,
        ExhibitionIndexPage,
    }
    assert GalleryPage.allowed_parent_page_models() == [HomePage]
    assert ArtistIndexPage.allowed_parent_page_models() == [HomePage]
    assert ExhibitionIndexPage.allowed_parent_page_models() == [HomePage]
    assert ExhibitionIndexPage.allowed_subpage_models() == [ExhibitionPage]
    assert ExhibitionPage.allowed_subpage_models() == []


# --- The admin -----------------------------------------------------------------------------


def test_django_admin_is_not_installed_or_routed(client):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert client.get("/django-admin/").status_code == 404


def test_admin_sends_anonymous_visitors_to_the_sites_login(client):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1] == ("/accounts/login/?next=/admin/", 302)
    assert "Log in" in response.content.decode()


def test_plain_member_cannot_enter_the_admin(client):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != "/admin/"
        final = client.get("/admin/", follow=True)
        assert final.redirect_chain
        assert final.request["PATH_INFO"] != "/admin/"
        assert "permission" in final.content.decode().lower()


def test_superuser_gets_the_admin_dashboard(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Dashboard" in response.content.decode()


def test_moderators_group_exists_with_admin_access():
    moderators = Group.objects.get(name="Moderators")

    codes = set(
        moderators.permissions.values_list("content_type__app_label", "codename").distinct()
    )
    assert ("wagtailadmin", "access_admin") in codes


def test_member_in_moderators_group_can_open_the_admin(client):
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    assert not moderator.is_superuser
    client.force_login(moderator)

    response = client.get("/admin/")

    assert response.status_code == 200


# --- Health check --------------------------------------------------------------------------


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_returns_503_when_the_database_fails(client):
    with mock.patch.object(
        health.connection, "cursor", side_effect=OperationalError("database is down")
    ):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.content != b"ok"
    assert b"Traceback" not in response.content
    # The connection is whole again once the patch is gone.
    assert client.get("/healthz/").status_code == 200


def test_healthz_answers_head(client):
    response = client.head("/healthz/")
    assert response.status_code == 200


def test_readyz_is_ready_when_everything_is_usable(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.content == b"ready"
    assert client.head("/readyz/").status_code == 200


def test_readyz_says_why_when_the_cache_has_no_table(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert b"cache unusable" in response.content
    assert b"Traceback" not in response.content
    # Liveness is the database alone: still fine.
    assert client.get("/healthz/").status_code == 200


def test_readyz_says_why_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert b"cache unusable" in response.content


def test_readyz_says_why_when_static_files_are_not_collected(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path  # empty: collectstatic never ran
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert b"static files not collected" in response.content


def test_readyz_says_why_when_a_task_has_waited_too_long(client, settings):
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from django.utils import timezone

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.READY_MAX_TASK_AGE = 120
    from artworks.tasks import generate_renditions

    generate_renditions.using(backend="default").enqueue(0)
    assert client.get("/readyz/").status_code == 200  # just queued: a worker has time
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=121))
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert b"task queue" in response.content


# --- Production settings -------------------------------------------------------------------


# Variables the test run sets for itself (conftest allows async-unsafe calls for Playwright)
# and that a production process would not have.
NOT_IN_PRODUCTION = {
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(overrides)
    return env


@pytest.mark.parametrize(
    ("environment", "missing"),
    [({}, "SECRET_KEY"), ({"SECRET_KEY": secrets.token_urlsafe(64)}, "DATABASE_URL")],
)
def test_production_settings_refuse_to_start_without_a_required_variable(environment, missing):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.settings.production"],
        cwd=PROJECT_ROOT,
        env=production_env(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert missing in last_line


def test_production_on_sqlite_keeps_its_tuned_connection_between_requests():
    """Opening a SQLite connection (its PRAGMAs, Django's SQL functions) costs more than a
    page from the database cache: production keeps it, as it keeps PostgreSQL's."""
    script = (
        "import json, config.settings.production as s; "
        "print(json.dumps(s.DATABASES['default'], default=str))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=production_env(SECRET_KEY="x" * 64, DATABASE_URL="sqlite:////srv/site/db.sqlite3"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["NAME"] == "/srv/site/db.sqlite3"
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_production_searches_the_cluster_search_url_names():
    """Elasticsearch or OpenSearch instead of the database by one variable (not run here:
    there is no cluster; the backend's settings are what Wagtail's documentation asks for)."""
    script = (
        "import json, config.settings.production as s; print(json.dumps(s.WAGTAILSEARCH_BACKENDS))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=production_env(
            SECRET_KEY="x" * 64,
            DATABASE_URL="sqlite:////srv/site/db.sqlite3",
            SEARCH_URL="opensearch3+https://site:secret@search.internal:9200/artist_collective",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    backends = json.loads(result.stdout.strip().splitlines()[-1])
    assert backends == {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": ["https://site:secret@search.internal:9200"],
            "INDEX_PREFIX": "artist_collective_",
            "TIMEOUT": 5,
        }
    }


def test_search_url_names_a_backend_wagtail_has():
    assert search_backend("elasticsearch8://127.0.0.1:9200")["URLS"] == ["http://127.0.0.1:9200"]
    assert search_backend("elasticsearch8://127.0.0.1:9200")["INDEX_PREFIX"] == ""
    with pytest.raises(ImproperlyConfigured, match="elasticsearch5"):
        search_backend("elasticsearch5://127.0.0.1:9200")


def test_health_probes_answer_by_the_nodes_own_address_and_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz/", "/readyz/"):
        response = client.get(path, HTTP_HOST="10.0.0.5:8000")
        assert response.status_code == 200, path
    # Every other page still refuses an unknown host.
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_production_settings_pass_the_deploy_checks(tmp_path):
    strong_key = secrets.token_urlsafe(64)
    assert len(strong_key) >= 50
    # Without Content Credentials keys the check warns (tests/test_provenance.py).
    chain, key = make_dev_ca(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_ROOT,
        env=production_env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=strong_key,
            ALLOWED_HOSTS="example.org",
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
            C2PA_CERT_CHAIN=str(chain),
            C2PA_PRIVATE_KEY=str(key),
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


# --- The base template ---------------------------------------------------------------------


def nav_texts(response):
    nav = soup_of(response).find("nav", attrs={"aria-label": "Main"})
    return {item.get_text(" ", strip=True) for item in nav.find_all(["a", "button"])}


def test_nav_for_visitors_offers_gallery_artists_log_in_and_sign_up(client):
    texts = nav_texts(client.get("/"))

    assert {"Gallery", "Artists", "Log in", "Sign up"} <= texts
    assert not {"Upload", "My artworks", "Log out"} & texts


def test_nav_for_members_offers_upload_my_artworks_and_log_out(client):
    client.force_login(UserFactory())

    response = client.get("/")

    texts = nav_texts(response)
    assert {"Gallery", "Artists", "Upload", "My artworks", "Log out"} <= texts
    assert not {"Log in", "Sign up"} & texts
    logout_form = soup_of(response).find("nav").find("form")
    assert logout_form["method"].lower() == "post"
    assert logout_form["action"] == "/accounts/logout/"
    assert logout_form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_unknown_url_gets_the_styled_404_page(client):
    response = client.get("/no-such-page-here/")

    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.find("h1").get_text(strip=True) == "Page not found"
    assert soup.find("link", rel="stylesheet") is not None
    assert soup.find("nav", attrs={"aria-label": "Main"}) is not None


def test_unknown_artwork_under_the_gallery_gets_the_styled_404_page(client):
    response = client.get("/gallery/999999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_page_loads_nothing_from_another_host(client):
    soup = soup_of(client.get("/"))

    # Links that load something (stylesheets, icons); a canonical or feed link loads nothing.
    references = [
        tag.get("href")
        for tag in soup.find_all("link")
        if not {"canonical", "alternate"} & set(tag.get("rel", []))
    ]
    references += [tag.get("src") for tag in soup.find_all(["script", "img"])]
    references = [ref for ref in references if ref]
    assert references, "expected the page to load at least its stylesheets"
    for ref in references:
        assert not ref.startswith(("http://", "https://", "//")), ref


# --- Every visible input has a label -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "needs_login"),
    [
        ("/accounts/signup/", False),
        ("/accounts/login/", False),
        ("/accounts/password/reset/", False),
        ("/my/profile/", True),
        ("/accounts/password/change/", True),
        ("/accounts/email/", True),
    ],
)
def test_every_visible_input_has_a_matching_label(client, url, needs_login):
    if needs_login:
        client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 200
    soup = soup_of(response)
    label_targets = {label.get("for") for label in soup.find_all("label") if label.get("for")}
    fields = [
        field
        for field in soup.find_all(["input", "select", "textarea"])
        if field.get("type", "").lower() not in {"hidden", "submit", "button", "reset", "image"}
    ]
    assert fields, f"no form fields found on {url}"
    for field in fields:
        field_id = field.get("id")
        assert field_id, f"{field} has no id"
        assert field_id in label_targets, f"no <label for={field_id!r}> on {url}"
        label = soup.find("label", attrs={"for": field_id})
        assert label.get_text(strip=True), f"the label of {field_id!r} is empty"


# --- Caching headers -------------------------------------------------------------------------


def test_logged_in_pages_are_private_and_cached_anonymous_pages_vary_on_cookie(client, settings):
    from tests.factories import UserFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    first = client.get("/gallery/")
    again = client.get("/gallery/")
    assert first["X-Page-Cache"] == "miss" and again["X-Page-Cache"] == "hit"
    for response in (first, again):
        assert "Cookie" in response["Vary"]
        assert "private" not in response.get("Cache-Control", "")

    client.force_login(UserFactory())
    for url in ("/", "/gallery/", "/artists/", "/my/artworks/", "/my/profile/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_the_admin_never_asks_another_host_for_wagtail_releases(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    dashboard = client.get("/admin/").content.decode()
    assert dashboard.count("<") > 100  # the dashboard itself, not a redirect
    # Wagtail's upgrade check (a script asking releases.wagtail.org) is not on the page.
    assert 'data-controller="w-upgrade' not in dashboard
