"""An upload's decode and rebuild, the one CPU-heavy step of taking a file, runs in a thread
kept for it at a lower CPU priority than the threads answering visitors' pages
(core.low_priority): when the cores are busy, pages go first."""

import os
import sys
import threading

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from artworks import images
from artworks.models import Artwork
from core.low_priority import LowPriorityThreads
from tests.artworks.upload.helpers import upload
from tests.factories import image_bytes

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="threads have a niceness of their own on Linux"
)


def niceness_of_this_thread():
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_work_runs_in_a_lower_priority_thread_and_the_caller_keeps_its_own():
    ours = niceness_of_this_thread()
    threads = LowPriorityThreads(1, 10)
    name, niceness = threads.run(
        lambda: (threading.current_thread().name, niceness_of_this_thread())
    )
    assert name.startswith("low-priority")
    assert niceness == min(ours + 10, 19)
    assert niceness_of_this_thread() == ours  # the request's thread is left as it was


def test_the_work_runs_in_the_callers_language():
    with translation.override("de"):
        assert LowPriorityThreads(1, 10).run(translation.get_language) == "de"


def test_the_works_exception_reaches_the_caller():
    def refuse():
        raise ValidationError("damaged")

    with pytest.raises(ValidationError, match="damaged"):
        LowPriorityThreads(1, 10).run(refuse)


@linux_only
@pytest.mark.django_db
def test_an_upload_is_decoded_below_the_pages_priority_and_stored(
    client, member, monkeypatch, settings
):
    decoded_in = []
    rebuild = images.rebuild_upload

    def recording(file, header):
        decoded_in.append((threading.current_thread().name, niceness_of_this_thread()))
        return rebuild(file, header)

    monkeypatch.setattr(images, "rebuild_upload", recording)
    ours = niceness_of_this_thread()
    response = upload(client, SimpleUploadedFile("photo.jpg", image_bytes(), "image/jpeg"))

    assert response.status_code == 302
    assert Artwork.objects.get().image.file.name.startswith("original_images/")
    [(name, niceness)] = decoded_in
    assert name.startswith("low-priority")
    assert niceness == min(ours + settings.UPLOAD_DECODE_NICENESS, 19)


@pytest.mark.django_db
def test_a_damaged_upload_is_refused_from_its_decode_with_its_message(client, member, monkeypatch):
    decoded = []
    rebuild = images.rebuild_upload
    monkeypatch.setattr(images, "rebuild_upload", lambda *args: decoded.append(1) or rebuild(*args))
    cut_short = image_bytes(size=(640, 480))[:-2000]  # its header reads, its pixels do not
    response = upload(client, SimpleUploadedFile("photo.jpg", cut_short, "image/jpeg"))
    assert response.status_code == 200 and decoded == [1]
    assert "This image file is damaged or incomplete." in response.content.decode()
    assert not Artwork.objects.exists()
