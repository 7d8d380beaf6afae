"""`manage.py cleanup_media` finds and removes files no row references."""

import os
import time
from io import StringIO

import pytest

from django.conf import settings
from django.core.management import call_command

from tests.factories import create_artwork

pytestmark = pytest.mark.django_db


def make_stray(relative_path, age_minutes=120):
    path = settings.MEDIA_ROOT / relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind")
    old = time.time() - age_minutes * 60
    os.utime(path, (old, old))
    return path


def run(*args):
    output = StringIO()
    call_command("cleanup_media", *args, stdout=output)
    return output.getvalue()


def test_dry_run_lists_unreferenced_files_and_removes_nothing(media_files):
    artwork = create_artwork(title="Kept")
    stray = make_stray("original_images/stray.jpg")
    report = run("--dry-run")
    assert "would remove original_images/stray.jpg" in report
    assert artwork.image.file.name not in report
    assert stray.exists()


def test_removes_unreferenced_files_and_keeps_referenced_ones(
    media_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        artwork = create_artwork(title="Kept")
    kept_before = set(media_files())
    make_stray("original_images/stray.jpg")
    make_stray("images/stray.format-webp.max-320x320.webp")
    report = run()
    assert "removed original_images/stray.jpg" in report
    assert "2 unreferenced file(s) removed" in report
    assert set(media_files()) == kept_before
    assert artwork.image.file.name in media_files()


def test_recent_files_are_left_for_uploads_in_progress(media_files):
    recent = make_stray("original_images/in-flight.jpg", age_minutes=1)
    report = run()
    assert "in-flight" not in report
    assert recent.exists()


def test_lists_storage_by_prefix_so_it_works_without_a_root_listing(media_files, monkeypatch):
    """An S3 bucket cannot be asked whether its root "exists" or listed from it; the command
    lists the media prefixes only."""
    from django.core.files.storage import default_storage

    make_stray("original_images/stray.jpg")
    listed = []
    real_listdir = default_storage.listdir

    def listdir(path):
        listed.append(path)
        assert path not in ("", "."), "the storage's root was listed"
        return real_listdir(path)

    monkeypatch.setattr(default_storage, "listdir", listdir)
    monkeypatch.setattr(
        default_storage,
        "exists",
        lambda name: pytest.fail("exists() was asked") if name == "" else True,
    )
    report = run()
    assert "removed original_images/stray.jpg" in report
    assert "original_images" in listed and "images" in listed


def test_requeue_missing_renditions_makes_what_a_failed_task_left_out():
    from datetime import timedelta

    from django.utils import timezone

    from wagtail.images import get_image_model

    artwork = create_artwork(title="Half made")
    complete = create_artwork(title="Complete")
    image_model = get_image_model()
    artwork.image.renditions.all().delete()  # as if the task had failed
    image_model.objects.update(created_at=timezone.now() - timedelta(minutes=10))

    output = StringIO()
    call_command("requeue_missing_renditions", stdout=output)

    assert "1 image(s) queued" in output.getvalue()
    from artworks.renditions import ALL_SPECS

    assert artwork.image.renditions.count() == len(ALL_SPECS)
    assert complete.image.renditions.count() == len(ALL_SPECS)


def test_requeue_leaves_fresh_uploads_to_their_own_task():
    artwork = create_artwork(title="Just uploaded")
    artwork.image.renditions.all().delete()
    output = StringIO()
    call_command("requeue_missing_renditions", stdout=output)
    assert "0 image(s) queued" in output.getvalue()
