"""AI training is the artist's choice, per work: a work's Content Credentials say training and
data mining are not allowed unless its artist ticked "Allow AI training" — whatever the
licence — and ticking or unticking it signs the large images again. The site's own pages keep
their `noai` signals either way."""

import html

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.credentials import PANEL_SPEC
from artworks.models import Artwork
from tests.factories import create_artwork, image_bytes
from tests.provenance.test_provenance import (
    TRAINING_USES,
    credentials,
    signed_renditions,
    upload_work,
)
from tests.provenance.test_provenance_resign import edit, file_names
from tests.uploading import UPLOAD_URL, upload_json

pytestmark = pytest.mark.django_db


def training_entries(rendition):
    assertions, _, state = credentials(rendition)
    assert state == "Valid", rendition.filter_spec
    entries = assertions["cawg.training-mining"]["entries"]
    assert set(entries) == TRAINING_USES
    return {use: entry["use"] for use, entry in entries.items()}


def uses(artwork):
    """Every signed rendition's training-and-mining answers, as one set of values."""
    renditions = signed_renditions(artwork.image)
    assert renditions
    return {value for rendition in renditions for value in training_entries(rendition).values()}


def page_text(response):
    return html.unescape(response.content.decode())


def test_a_reuse_licence_alone_still_says_training_is_not_allowed(
    client, member, django_capture_on_commit_callbacks
):
    artwork = upload_work(client, django_capture_on_commit_callbacks, licence="cc-by-4.0")
    assert artwork.allow_ai_training is False
    assert uses(artwork) == {"notAllowed"}


def test_opting_in_on_upload_says_all_four_uses_are_allowed(
    client, member, django_capture_on_commit_callbacks
):
    artwork = upload_work(
        client, django_capture_on_commit_callbacks, licence="cc-by-4.0", allow_ai_training="on"
    )
    assert artwork.allow_ai_training is True
    for rendition in signed_renditions(artwork.image):
        assert training_entries(rendition) == dict.fromkeys(TRAINING_USES, "allowed")


def test_the_upload_page_script_path_keeps_the_choice(
    client, member, django_capture_on_commit_callbacks
):
    """The batch uploader posts the form's shared fields with each file, asking for JSON."""
    image = SimpleUploadedFile("harbour.jpg", image_bytes((900, 700)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_json(client, image, licence="cc-by-4.0", allow_ai_training="on")
    assert response.status_code == 201, response.content.decode()[:1000]
    artwork = Artwork.objects.get()
    assert artwork.allow_ai_training is True
    assert uses(artwork) == {"allowed"}


def test_the_forms_show_a_labelled_allow_ai_training_checkbox(client, member):
    unticked = (
        '<label for="id_allow_ai_training"><input type="checkbox" name="allow_ai_training" '
        'aria-describedby="id_allow_ai_training_helptext" id="id_allow_ai_training"> '
        "Allow AI training</label>"
    )
    upload_page = page_text(client.get(UPLOAD_URL))
    assert unticked in upload_page
    assert "may not be used to train AI models" in upload_page

    artwork = create_artwork(member, title="Harbour at dawn")
    assert unticked in page_text(client.get(artwork.get_edit_url()))


def test_ticking_it_on_the_edit_form_re_signs_the_work_as_allowed(
    client, member, media_files, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Harbour at dawn", status=Artwork.Status.PUBLISHED)
    before = file_names(artwork.image)
    assert uses(artwork) == {"notAllowed"}

    edit(client, artwork, django_capture_on_commit_callbacks, allow_ai_training="on")

    assert artwork.allow_ai_training is True
    after = file_names(artwork.image)
    assert set(after) == set(before)
    assert all(after[spec] != before[spec] for spec in after)  # new files, new names
    assert not set(before.values()) & set(media_files())
    assert uses(artwork) == {"allowed"}

    # The page's panel reads the new file.
    client.logout()
    page = page_text(client.get(artwork.get_absolute_url()))
    assert "<strong>AI training:</strong> allowed" in page
    assert artwork.image.renditions.get(filter_spec=PANEL_SPEC).url in page
    # The opt-in travels in the file; the collective's pages keep their own policy.
    assert '<meta name="robots" content="noai, noimageai">' in page

    # Unticking it (an unticked checkbox is not posted) takes it back.
    client.force_login(member)
    edit(client, artwork, django_capture_on_commit_callbacks)
    assert artwork.allow_ai_training is False
    assert uses(artwork) == {"notAllowed"}
    client.logout()
    page = page_text(client.get(artwork.get_absolute_url()))
    assert "<strong>AI training:</strong> not allowed" in page


def test_other_edits_leave_an_opted_in_work_alone(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Harbour at dawn")
    edit(client, artwork, django_capture_on_commit_callbacks, allow_ai_training="on")
    before = file_names(artwork.image)

    edit(
        client,
        artwork,
        django_capture_on_commit_callbacks,
        allow_ai_training="on",
        alt_text="Boats at first light",
    )

    assert file_names(artwork.image) == before
    assert uses(artwork) == {"allowed"}


def test_admin_rights_and_facts_panel_offers_the_choice(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    artwork = create_artwork(title="Harbour at dawn")
    page = page_text(client.get(f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/"))
    assert "Rights and facts" in page
    assert "Allow AI training" in page
    assert 'name="allow_ai_training"' in page
