"""One upload is one write: the work's row is saved once (with its tags), indexed once when
the upload commits, and the public version moves once; the work is then findable by its title
and by its tags."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django_tasks.signals import task_enqueued

from django.db.models.signals import post_save

from artworks.forms import ArtworkForm
from artworks.models import Artwork
from artworks.uploads import save_new_artwork
from core import public_cache
from tests.factories import uploaded_image

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/my/artworks/upload/"


@contextmanager
def counting_writes():
    """What an upload does to the work, counted in `counts`: its row's saves and the search
    index tasks enqueued for it; and the moves of the public version (`moves`)."""
    counts = {"saves": 0, "index_tasks": 0}

    def saved(sender, **kwargs):
        counts["saves"] += 1

    def enqueued(sender, task_result, **kwargs):
        if task_result.task.name == "insert_or_update_object_task" and task_result.args[:2] == [
            "artworks",
            "artwork",
        ]:
            counts["index_tasks"] += 1

    post_save.connect(saved, sender=Artwork, weak=False)
    task_enqueued.connect(enqueued, weak=False)
    try:
        with mock.patch.object(
            public_cache, "_new_version", wraps=public_cache._new_version
        ) as moves:
            yield counts, moves
    finally:
        post_save.disconnect(saved, sender=Artwork)
        task_enqueued.disconnect(enqueued)


def assert_written_once(counts, moves, callbacks):
    assert counts["saves"] == 1
    # Indexed once, with the tags, inside the upload's transaction (Artwork.save says why that
    # is as good as on commit; test_a_failed_upload_leaves_nothing_in_the_index shows it).
    assert counts["index_tasks"] == 1
    assert moves.call_count == 1  # the version moves once while the upload is saved…
    committed_moves = [c for c in callbacks if c.__name__ == "_committed_change"]
    assert len(committed_moves) == 1  # …and once when it commits


def assert_findable(title_word, tag):
    assert [work.title for work in Artwork.objects.search(title_word)] == ["Heron at the weir"]
    assert [work.title for work in Artwork.objects.search(tag)] == ["Heron at the weir"]


def test_an_upload_through_the_form_is_saved_and_indexed_once(
    client, member, django_capture_on_commit_callbacks
):
    with counting_writes() as (counts, moves), django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            UPLOAD_URL,
            {
                "title": "Heron at the weir",
                "alt_text": "A grey heron standing in white water",
                "description": "",
                "tags": "ink, riverbank",
                "image": uploaded_image(),
            },
        )
        assert response.status_code == 302
    assert_written_once(counts, moves, callbacks)
    assert_findable("heron", "riverbank")


def test_save_new_artwork_saves_the_work_with_its_tags_once(
    member, django_capture_on_commit_callbacks
):
    form = ArtworkForm(
        data={
            "title": "Heron at the weir",
            "alt_text": "A grey heron standing in white water",
            "tags": "ink, riverbank",
        },
        files={"image": uploaded_image()},
        member=member,
    )
    assert form.is_valid(), form.errors
    with counting_writes() as (counts, moves), django_capture_on_commit_callbacks() as callbacks:
        outcome = save_new_artwork(form, member)
    assert_written_once(counts, moves, callbacks)
    artwork = outcome.saved
    assert sorted(tag.name for tag in artwork.tags.all()) == ["ink", "riverbank"]
    assert_findable("weir", "ink")


def test_a_failed_upload_leaves_nothing_in_the_index(member):
    """The index entry is written with the work and rolled back with it: a search never
    finds a work that was not kept."""
    form = ArtworkForm(
        data={"title": "Heron at the weir", "alt_text": "A heron", "tags": "riverbank"},
        files={"image": uploaded_image()},
        member=member,
    )
    assert form.is_valid(), form.errors
    with (
        mock.patch("artworks.uploads._after_save", side_effect=RuntimeError("after the save")),
        pytest.raises(RuntimeError),
    ):
        save_new_artwork(form, member)
    assert not Artwork.objects.exists()
    assert list(Artwork.objects.search("heron")) == []
    assert list(Artwork.objects.search("riverbank")) == []
