"""The admin's doors and the health and readiness checks."""

from unittest import mock

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import OperationalError

from core import health
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
