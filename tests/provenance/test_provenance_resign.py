"""Content Credentials never lie: editing what a work's manifest says of it (title, licence,
AI declaration, medium, year) or the artist's public name signs its large renditions again,
under new file names, and deletes the old files; works signed before signing existed are
signed by `manage.py sign_unsigned_renditions`."""

import io
import logging

import pytest

from django.core.management import CommandError, call_command

from artworks.models import Artwork
from artworks.tasks import rename_renditions
from tests.artworks.test_visibility import member_edit
from tests.factories import UserFactory, add_extra_image, create_artwork, uploaded_image
from tests.provenance.test_provenance import IPTC, credentials, signed_renditions
from tests.uploading import PROFILE_URL, profile_data

pytestmark = pytest.mark.django_db


def file_names(image):
    return {r.filter_spec: r.file.name for r in signed_renditions(image)}


def creative_work(rendition):
    assertions, _, state = credentials(rendition)
    assert state == "Valid", rendition.filter_spec
    return assertions["stds.schema-org.CreativeWork"]


def source_type(rendition):
    assertions, _, _ = credentials(rendition)
    return assertions["c2pa.actions.v2"]["actions"][0]["digitalSourceType"]


def assert_no_orphan_files(media_files, *images):
    """Every file under MEDIA_ROOT is an original or a rendition some row names."""
    named = set()
    for image in images:
        named.add(image.file.name)
        named |= {rendition.file.name for rendition in image.renditions.all()}
    assert set(media_files()) == named


def edit(client, artwork, capture, **changes):
    with capture(execute=True):
        response = member_edit(client, artwork, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    artwork.refresh_from_db()
    return artwork


def test_editing_the_title_re_signs_the_renditions_and_deletes_the_old_files(
    client, member, media_files, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Harbour at dawn")
    before = file_names(artwork.image)
    old_files = set(before.values())
    assert all(name in media_files() for name in old_files)

    edit(client, artwork, django_capture_on_commit_callbacks, title="Harbour at night")

    after = file_names(artwork.image)
    assert set(after) == set(before)  # the same renditions, in new files
    for spec, name in after.items():
        assert name != before[spec]
        assert ".c2pa." in name
    for rendition in signed_renditions(artwork.image):
        work = creative_work(rendition)
        assert work["name"] == "Harbour at night"
        assert work["url"].endswith(f"/{artwork.pk}/harbour-at-night/")
    assert not old_files & set(media_files())
    assert_no_orphan_files(media_files, artwork.image)
    # The page shows the new files.
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert artwork.share_rendition.url in page


def test_a_new_licence_is_in_the_re_signed_credentials(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Salt marsh")
    assert creative_work(artwork.share_rendition)["license"]["name"] == "All rights reserved"

    edit(client, artwork, django_capture_on_commit_callbacks, licence="cc-by-sa-4.0")

    for rendition in signed_renditions(artwork.image):
        license = creative_work(rendition)["license"]
        assert license == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_declaring_ai_use_labels_the_files_as_generated(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Dream city")
    assert source_type(artwork.share_rendition) == IPTC + "digitalCreation"

    edit(client, artwork, django_capture_on_commit_callbacks, made_with_ai="on")

    for rendition in signed_renditions(artwork.image):
        assert source_type(rendition) == IPTC + "trainedAlgorithmicMedia"


def test_saying_ai_was_only_one_part_re_signs_the_files_as_a_composite(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Garden, partly dreamt", made_with_ai=True)
    assert source_type(artwork.share_rendition) == IPTC + "trainedAlgorithmicMedia"

    edit(
        client, artwork, django_capture_on_commit_callbacks,
        made_with_ai="on", ai_only_in_part="on",
    )  # fmt: skip

    for rendition in signed_renditions(artwork.image):
        assert source_type(rendition) == IPTC + "compositeWithTrainedAlgorithmicMedia"
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Partly made with AI" in page
    assert "Generative AI was one part of it" in page  # the Content Credentials panel


def test_medium_and_year_are_re_signed_too(client, member, django_capture_on_commit_callbacks):
    artwork = create_artwork(member, title="Pier")
    edit(
        client, artwork, django_capture_on_commit_callbacks, medium="photography", year_made="2019"
    )
    assert creative_work(artwork.share_rendition)["dateCreated"] == "2019"
    assert source_type(artwork.share_rendition) == IPTC + "digitalCapture"


def test_an_edit_the_credentials_do_not_hold_keeps_the_files(
    client, member, media_files, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Unchanged")
    files = media_files()
    edit(
        client,
        artwork,
        django_capture_on_commit_callbacks,
        alt_text="Another description of the picture",
        tags="sea",
    )
    assert media_files() == files


def test_a_new_public_name_is_signed_into_every_work_of_the_artist(
    client, member, media_files, monkeypatch, django_capture_on_commit_callbacks
):
    # Batches of one: the task walks all the artist's works whatever the batch size.
    monkeypatch.setattr("artworks.tasks.RESIGN_BATCH", 1)
    works = [create_artwork(member, title=title) for title in ("First", "Second", "Third")]
    extra = add_extra_image(works[0], image=uploaded_image(size=(700, 500)))
    other = create_artwork(UserFactory(display_name="Someone else"), title="Not theirs")
    others_files = file_names(other.image)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROFILE_URL, profile_data(member, display_name="Ada Byron"))
    assert response.status_code == 302

    images = [work.image for work in works] + [extra.image]
    for image in images:
        renditions = signed_renditions(image)
        assert renditions
        for rendition in renditions:
            authors = creative_work(rendition)["author"]
            assert [author["name"] for author in authors] == ["Ada Byron"]
    assert file_names(other.image) == others_files  # another artist's work is left alone
    assert_no_orphan_files(media_files, *images, other.image)


def test_saving_the_profile_unchanged_re_signs_nothing(
    client, member, media_files, django_capture_on_commit_callbacks
):
    create_artwork(member, title="Still")
    files = media_files()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(member, bio="A new bio"))
    assert media_files() == files


def test_a_hidden_work_is_re_signed_under_names_never_public(
    media_files, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Withdrawn")
    public_names = set(file_names(artwork.image).values())
    rename_renditions.call([artwork.image_id])  # what hiding it does
    hidden_names = set(file_names(artwork.image).values())

    artwork = Artwork.objects.get(pk=artwork.pk)
    artwork.title = "Withdrawn for now"
    with django_capture_on_commit_callbacks(execute=True):
        artwork.save()

    names = set(file_names(artwork.image).values())
    assert not names & (public_names | hidden_names)
    for rendition in signed_renditions(artwork.image):
        assert creative_work(rendition)["name"] == "Withdrawn for now"
    assert_no_orphan_files(media_files, artwork.image)


def test_when_signing_fails_the_edited_work_keeps_no_stale_credentials(
    monkeypatch, caplog, media_files, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Old title")

    def failing_sign(*args):
        raise ValueError("the library gave up")

    monkeypatch.setattr("artworks.tasks.sign", failing_sign)
    artwork = Artwork.objects.get(pk=artwork.pk)
    artwork.title = "New title"
    with (
        caplog.at_level(logging.ERROR, logger="artworks.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        artwork.save()
    assert "left unsigned" in caplog.text
    # Fresh unsigned copies: no file still says "Old title"; the backfill signs them later.
    for rendition in signed_renditions(artwork.image):
        assert ".c2pa." not in rendition.file.name
        assert credentials(rendition) is None
    assert_no_orphan_files(media_files, artwork.image)


def test_backfill_signs_works_uploaded_before_signing(settings, media_files):
    keys = settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    artwork = create_artwork(title="From before")
    extra = add_extra_image(artwork, image=uploaded_image(size=(700, 500)))
    second = create_artwork(artwork.artist, title="Also from before")
    assert all(credentials(r) is None for r in signed_renditions(artwork.image))

    settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY = keys
    output = io.StringIO()
    call_command("sign_unsigned_renditions", stdout=output)
    assert "3 image(s) queued for signing." in output.getvalue()

    for image in (artwork.image, extra.image, second.image):
        renditions = signed_renditions(image)
        assert renditions
        for rendition in renditions:
            assert ".c2pa." in rendition.file.name
            assert creative_work(rendition)["author"][0]["name"] == artwork.artist.public_name
    assert_no_orphan_files(media_files, artwork.image, extra.image, second.image)

    output = io.StringIO()
    call_command("sign_unsigned_renditions", stdout=output)
    assert "0 image(s) queued for signing." in output.getvalue()


def test_backfill_without_keys_says_why(settings):
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    with pytest.raises(CommandError, match="Nothing can be signed"):
        call_command("sign_unsigned_renditions")
