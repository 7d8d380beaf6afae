"""Faults during a request end in a clear message or a styled 503, never a half-saved upload."""

import errno

import pytest

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from wagtail.images import get_image_model

from artworks import tasks
from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def post_upload(client):
    return client.post(
        "/my/artworks/upload/",
        {
            "title": "Disk test",
            "alt_text": "A square",
            "tags": "",
            "image": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg"),
        },
    )


def test_full_disk_gives_a_form_error_and_keeps_nothing(client, member, media_files, monkeypatch):
    def disk_full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = post_upload(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not store your file just now" in page
    assert 'value="Disk test"' in page
    assert not Artwork.objects.exists() and not get_image_model().objects.exists()
    assert media_files() == []
    assert client.get("/gallery/").status_code == 200  # the site stays up


def test_database_failure_after_the_file_is_written_removes_the_file(
    client, member, media_files, monkeypatch
):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(Artwork, "save", locked)
    response = post_upload(client)
    assert response.status_code == 503
    assert not Artwork.objects.exists() and not get_image_model().objects.exists()
    assert media_files() == []


def test_locked_database_gives_a_styled_503_page(client, monkeypatch):
    def locked(self):
        raise OperationalError("database is locked")

    monkeypatch.setattr(type(Artwork.objects.all()), "public", locked)
    response = client.get("/gallery/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "The site is very busy right now" in page
    assert "pico" in page  # styled like the rest of the site
    assert "Traceback" not in page


def test_rendition_failure_leaves_the_upload_whole(
    client, member, media_files, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*specs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(get_image_model(), "get_renditions", lambda self, *specs: broken())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client)
    assert response.status_code == 302
    artwork = Artwork.objects.get()
    # The acknowledged upload is complete: its row and its original, and nothing else.
    assert media_files() == [artwork.image.file.name]


def test_upload_task_ignores_an_image_deleted_before_it_ran():
    artwork = create_artwork(title="Short-lived")
    image_id = artwork.image_id
    artwork.delete()
    tasks.generate_renditions.call(image_id)  # no error


# --- Redis down -------------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production Redis cache pointed at a port where nothing listens."""
    from config.settings.caching import redis_cache

    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_with_redis_down_pages_render_uncached_and_uploads_succeed(client, redis_down, media_files):
    create_artwork(title="Still shown")
    for url in ("/", "/gallery/", "/gallery/?q=shown", "/artists/", "/feeds/artworks/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Still shown" in client.get("/gallery/").content.decode()

    member = UserFactory()
    client.force_login(member)
    response = post_upload(client)
    assert response.status_code == 302
    assert Artwork.objects.filter(artist=member, title="Disk test").exists()
    assert "Disk test" in client.get("/gallery/").content.decode()

    readiness = client.get("/readyz/")
    assert readiness.status_code == 503
    assert b"cache unusable" in readiness.content
    assert client.get("/healthz/").status_code == 200


def test_with_redis_down_account_limits_fail_closed(client, redis_down):
    """allauth counts its limits in the cache: without it, a reset (or a sign-up) is refused
    with the usual "too many attempts" page, never a 500, and nothing is mailed."""
    from django.core import mail

    UserFactory(username="alice", email="alice@example.com")
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert response.status_code == 429
    assert mail.outbox == []


@pytest.mark.parametrize("failure", ["refused", "unreachable"])
def test_a_bucket_that_fails_gives_a_form_error_and_keeps_nothing(
    client, member, media_files, monkeypatch, failure
):
    """S3-compatible storage raises botocore's errors, which are not OSErrors."""
    from botocore.exceptions import ClientError, EndpointConnectionError

    def bucket_fails(self, name, content):
        if failure == "refused":
            raise ClientError({"Error": {"Code": "ServiceUnavailable"}}, "PutObject")
        raise EndpointConnectionError(endpoint_url="http://bucket.internal:8333")

    monkeypatch.setattr(FileSystemStorage, "_save", bucket_fails)
    response = post_upload(client)
    assert response.status_code == 200
    assert "We could not store your file just now" in response.content.decode()
    assert not Artwork.objects.exists() and not get_image_model().objects.exists()
    assert media_files() == []


def test_a_failed_rendition_task_is_tried_again_later_with_a_growing_pause(settings, monkeypatch):
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from django.utils import timezone

    artwork = create_artwork(title="Storage hiccup")
    artwork.image.renditions.all().delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def storage_down(*args, **kwargs):
        raise OSError(errno.ECONNREFUSED, "bucket unreachable")

    monkeypatch.setattr(tasks, "make_missing_renditions", storage_down)
    tasks.generate_renditions.call(artwork.image_id)  # as the worker runs it

    retry = DBTaskResult.objects.get()
    assert retry.task_path.endswith("generate_renditions")
    assert retry.args_kwargs == {"args": [artwork.image_id], "kwargs": {"attempt": 2}}
    pause = retry.run_after - timezone.now()
    assert timedelta(seconds=5) < pause <= timedelta(seconds=10)

    tasks.generate_renditions.call(artwork.image_id, attempt=3)
    latest = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert latest.args_kwargs["kwargs"] == {"attempt": 4}
    assert latest.run_after - timezone.now() > timedelta(seconds=150)

    # The last attempt gives up (the timer's requeue command takes over), loudly.
    with pytest.raises(OSError):
        tasks.generate_renditions.call(artwork.image_id, attempt=5)


def test_a_file_the_storage_could_not_delete_is_tried_again_later(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django_tasks_db.models import DBTaskResult

    from django.utils import timezone

    from core import tasks as core_tasks

    artwork = create_artwork(title="Gone while the bucket naps")
    original = artwork.image.file.name
    renditions = set(artwork.image.renditions.values_list("file", flat=True))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        artwork.delete()
    queued = DBTaskResult.objects.all()
    assert {tuple(row.args_kwargs["args"]) for row in queued} == {
        ("default", name) for name in {original, *renditions}
    }

    def storage_down(self, name):
        raise OSError(errno.ECONNREFUSED, "bucket unreachable")

    monkeypatch.setattr(FileSystemStorage, "delete", storage_down)
    queued.delete()
    core_tasks.delete_stored_file.call("default", original)  # as the worker runs it
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": ["default", original], "kwargs": {"attempt": 2}}
    assert timedelta(seconds=5) < retry.run_after - timezone.now() <= timedelta(seconds=10)
    assert default_storage.exists(original)

    monkeypatch.undo()
    core_tasks.delete_stored_file.call("default", original, attempt=2)
    assert not default_storage.exists(original)
