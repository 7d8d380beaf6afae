"""The production settings: required variables, the database, search and the deploy checks."""

import json
import os
import secrets
import subprocess
import sys

import pytest

from django.core.exceptions import ImproperlyConfigured

from config.settings.wagtail import search_backend
from core.dev_ca import make_dev_ca
from tests import PROJECT_ROOT

pytestmark = pytest.mark.django_db


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
    # Without Content Credentials keys the check warns (tests/provenance/test_provenance.py).
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
