"""Content Credentials: the large public renditions carry a signed C2PA manifest naming the
artist, the licence and how the work was made, and refusing AI training; grid cards stay
unsigned; without keys (or with broken ones) uploads work as before."""

import io
import logging

import c2pa
import pytest
from PIL import Image

from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from artworks.credentials import SIGNED_SPECS
from artworks.models import Artwork
from artworks.renditions import CARD_SPECS
from core.dev_ca import CHAIN_FILE, KEY_FILE
from tests.artworks.upload.helpers import jpeg_with_private_metadata, upload
from tests.factories import add_extra_image, create_artwork, image_bytes, uploaded_image

pytestmark = pytest.mark.django_db

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
TRAINING_USES = {
    "cawg.ai_generative_training",
    "cawg.ai_training",
    "cawg.data_mining",
    "cawg.ai_inference",
}


def file_bytes(rendition):
    with rendition.file.storage.open(rendition.file.name) as handle:
        return handle.read()


def credentials(rendition):
    """(active manifest's assertions by label, validation results, state) of a rendition's
    file, read with c2pa's own Reader; None when the file carries no manifest."""
    data = file_bytes(rendition)
    with Image.open(io.BytesIO(data)) as picture:
        mime_type = Image.MIME[picture.format]
    reader = c2pa.Reader.try_create(mime_type, io.BytesIO(data))
    if reader is None:
        return None
    with reader:
        manifest = reader.get_active_manifest()
        assertions = {item["label"]: item["data"] for item in manifest["assertions"]}
        return assertions, reader.get_validation_results(), reader.get_validation_state()


def signed_renditions(image):
    return list(image.renditions.filter(filter_spec__in=SIGNED_SPECS))


def upload_work(client, django_capture_on_commit_callbacks, image=None, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            image or SimpleUploadedFile("harbour.jpg", image_bytes((900, 700)), "image/jpeg"),
            **fields,
        )
    assert response.status_code == 302
    return Artwork.objects.get()


def test_large_renditions_say_who_made_the_work_under_what_licence_and_refuse_training(
    client, member, django_capture_on_commit_callbacks
):
    artwork = upload_work(
        client,
        django_capture_on_commit_callbacks,
        licence="cc-by-4.0",
        medium="painting",
        year_made="2024",
    )
    renditions = signed_renditions(artwork.image)
    # The page's large image in both formats and sizes, the share image and the full view.
    assert {r.filter_spec for r in renditions} == {
        "format-webp|max-800x800",
        "format-webp|max-1600x1600",
        "format-jpeg|max-800x800",
        "format-jpeg|max-1600x1600",
        "format-jpeg|max-1200x1200",
        "format-webp|max-2560x2560",
    }
    page_url = f"http://127.0.0.1:8000{artwork.get_absolute_url()}"
    for rendition in renditions:
        assert ".c2pa." in rendition.file.name
        assertions, results, state = credentials(rendition)
        assert state == "Valid", rendition.filter_spec
        # Valid, from a signer on no trust list (the collective's own CA): what verifiers say.
        failures = {item["code"] for item in results["activeManifest"]["failure"]}
        assert failures == {"signingCredential.untrusted"}

        work = assertions["stds.schema-org.CreativeWork"]
        assert work["name"] == "Harbour at dawn"
        assert work["author"] == [
            {
                "@type": "Person",
                "name": member.public_name,
                "url": f"http://127.0.0.1:8000{member.get_absolute_url()}",
            }
        ]
        assert work["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert work["dateCreated"] == "2024"
        assert work["url"] == page_url

        created, published = assertions["c2pa.actions.v2"]["actions"]
        assert created["action"] == "c2pa.created"
        # A painting's file is a photograph or scan of it.
        assert created["digitalSourceType"] == IPTC + "digitalCapture"
        assert published["action"] == "c2pa.published"

        entries = assertions["cawg.training-mining"]["entries"]
        assert set(entries) == TRAINING_USES
        assert all(entry["use"] == "notAllowed" for entry in entries.values())


def test_work_declared_made_with_ai_is_labelled_as_generated_and_all_rights_reserved(
    client, member, django_capture_on_commit_callbacks
):
    artwork = upload_work(client, django_capture_on_commit_callbacks, made_with_ai="on")
    assertions, _, state = credentials(artwork.share_rendition)
    assert state == "Valid"
    created = assertions["c2pa.actions.v2"]["actions"][0]
    assert created["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    work = assertions["stds.schema-org.CreativeWork"]
    assert work["license"] == {
        "@type": "CreativeWork",
        "name": "All rights reserved",
        "url": f"http://127.0.0.1:8000{artwork.get_absolute_url()}",
    }
    assert "dateCreated" not in work  # the artist did not say


def test_work_partly_made_with_ai_is_labelled_as_a_composite(
    client, member, django_capture_on_commit_callbacks
):
    artwork = upload_work(
        client, django_capture_on_commit_callbacks, made_with_ai="on", ai_only_in_part="on"
    )
    assertions, _, state = credentials(artwork.share_rendition)
    assert state == "Valid"
    created = assertions["c2pa.actions.v2"]["actions"][0]
    assert created["digitalSourceType"] == IPTC + "compositeWithTrainedAlgorithmicMedia"
    gallery = client.get("/gallery/").content.decode()
    assert '<span class="ai-label">Partly made with AI</span>' in gallery


def test_only_one_part_without_ai_declared_is_refused_with_nothing_saved(
    client, member, media_files
):
    response = upload(
        client,
        SimpleUploadedFile("harbour.jpg", image_bytes((900, 700)), "image/jpeg"),
        ai_only_in_part="on",
    )
    assert response.status_code == 200
    assert "Tick “made with generative AI” as well, or untick this" in response.content.decode()
    assert not Artwork.objects.exists()
    assert media_files() == []


def test_digital_work_is_a_digital_creation(client, member, django_capture_on_commit_callbacks):
    artwork = upload_work(client, django_capture_on_commit_callbacks, medium="digital")
    assertions, _, _ = credentials(artwork.share_rendition)
    created = assertions["c2pa.actions.v2"]["actions"][0]
    assert created["digitalSourceType"] == IPTC + "digitalCreation"


def test_grid_cards_stay_unsigned():
    artwork = create_artwork(title="Quiet field")
    cards = list(artwork.image.renditions.filter(filter_spec__in=CARD_SPECS))
    assert len(cards) == len(CARD_SPECS)
    for card in cards:
        assert ".c2pa." not in card.file.name
        assert credentials(card) is None


def test_extra_images_large_renditions_are_signed_with_the_works_credentials():
    artwork = create_artwork(title="Triptych")
    extra = add_extra_image(artwork, image=uploaded_image(size=(700, 500)))
    renditions = signed_renditions(extra.image)
    assert renditions
    for rendition in renditions:
        assertions, _, state = credentials(rendition)
        assert state == "Valid"
        assert assertions["stds.schema-org.CreativeWork"]["name"] == "Triptych"
    for card in extra.image.renditions.filter(filter_spec__in=CARD_SPECS):
        assert credentials(card) is None


def test_signed_copies_replace_the_unsigned_files(media_files):
    artwork = create_artwork(title="Replaced")
    renditions = list(artwork.image.renditions.all())
    files = media_files()
    # The original and one file a rendition: no unsigned copy is left behind.
    assert len(files) == 1 + len(renditions)
    for rendition in renditions:
        assert rendition.file.name in files
    assert sum(".c2pa." in name for name in files) == len(signed_renditions(artwork.image))


def test_hidden_work_keeps_its_credentials_under_its_new_file_names():
    from artworks.tasks import rename_renditions

    artwork = create_artwork(title="Moved")
    before = {r.pk: r.file.name for r in signed_renditions(artwork.image)}
    rename_renditions.call([artwork.image_id])
    for rendition in signed_renditions(artwork.image):
        assert rendition.file.name != before[rendition.pk]
        assert ".c2pa." in rendition.file.name
        _, _, state = credentials(rendition)
        assert state == "Valid"


def test_running_the_task_again_signs_nothing_twice(media_files):
    from artworks.tasks import generate_renditions

    artwork = create_artwork(title="Once")
    files = media_files()
    generate_renditions.call(artwork.image_id)
    assert media_files() == files
    assert all(name.count(".c2pa") <= 1 for name in files)


def test_signed_files_carry_no_other_metadata(client, member, django_capture_on_commit_callbacks):
    artwork = upload_work(
        client,
        django_capture_on_commit_callbacks,
        image=SimpleUploadedFile("IMG_0001.jpg", jpeg_with_private_metadata(), "image/jpeg"),
    )
    signed = 0
    for rendition in artwork.image.renditions.all():
        data = file_bytes(rendition)
        assert b"secret-location" not in data
        assert b"PhoneMaker" not in data
        assert b"SERIAL-12345" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif(), rendition.file.name
            assert "xmp" not in picture.info
            assert "exif" not in picture.info
        signed += credentials(rendition) is not None
    assert signed == len(signed_renditions(artwork.image))


def test_without_keys_uploads_work_and_renditions_are_unsigned(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    artwork = upload_work(client, django_capture_on_commit_callbacks)
    assert artwork.detail_ready
    for rendition in artwork.image.renditions.all():
        assert ".c2pa." not in rendition.file.name
        assert credentials(rendition) is None


def test_a_key_that_cannot_sign_never_fails_an_upload(
    client, member, settings, tmp_path, caplog, media_files,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    broken_key = tmp_path / "broken.key"
    broken_key.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    settings.C2PA_PRIVATE_KEY = str(broken_key)
    with caplog.at_level(logging.ERROR, logger="artworks.credentials"):
        artwork = upload_work(client, django_capture_on_commit_callbacks)
    assert "left unsigned" in caplog.text
    assert artwork.detail_ready
    renditions = list(artwork.image.renditions.all())
    assert all(credentials(rendition) is None for rendition in renditions)
    assert len(media_files()) == 1 + len(renditions)


def test_a_library_failure_keeps_the_unsigned_file(
    client, member, monkeypatch, caplog, media_files,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    def failing_sign(*args):
        raise c2pa.C2paError("the library gave up")

    monkeypatch.setattr("artworks.credentials.sign", failing_sign)
    with caplog.at_level(logging.ERROR, logger="artworks.credentials"):
        artwork = upload_work(client, django_capture_on_commit_callbacks)
    assert "left unsigned" in caplog.text
    page = client.get(artwork.get_absolute_url())
    assert page.status_code == 200
    renditions = list(artwork.image.renditions.all())
    assert all(".c2pa." not in rendition.file.name for rendition in renditions)
    assert len(media_files()) == 1 + len(renditions)


def test_check_warns_when_production_has_no_keys(settings):
    settings.C2PA_KEYS_EXPECTED = True
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    warnings = [message for message in run_checks() if message.id == "core.W002"]
    assert len(warnings) == 1
    assert "not signed" in warnings[0].msg


def test_check_is_quiet_when_the_keys_are_set(settings):
    settings.C2PA_KEYS_EXPECTED = True
    assert not [message for message in run_checks() if message.id == "core.W002"]


def test_readyz_notes_unsigned_renditions_without_failing(client, settings):
    settings.C2PA_KEYS_EXPECTED = True
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    response = client.get("/readyz/")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "ready"
    assert "Content Credentials not signed" in lines[1]


def test_readyz_says_only_ready_when_signing(client, settings):
    settings.C2PA_KEYS_EXPECTED = True
    response = client.get("/readyz/")
    assert response.content == b"ready"


def test_make_dev_ca_writes_a_chain_that_signs_and_keeps_it_on_a_second_run(
    tmp_path, settings, client, member, django_capture_on_commit_callbacks
):
    folder = tmp_path / "dev-ca"
    output = io.StringIO()
    call_command("c2pa_make_dev_ca", dir=str(folder), stdout=output)
    chain = (folder / CHAIN_FILE).read_bytes()
    assert chain.count(b"BEGIN CERTIFICATE") == 2  # the signer, then its CA
    assert (folder / KEY_FILE).stat().st_mode & 0o077 == 0  # the key is its owner's alone

    call_command("c2pa_make_dev_ca", dir=str(folder), stdout=output)
    assert "already" in output.getvalue()
    assert (folder / CHAIN_FILE).read_bytes() == chain

    settings.C2PA_CERT_CHAIN = str(folder / CHAIN_FILE)
    settings.C2PA_PRIVATE_KEY = str(folder / KEY_FILE)
    artwork = upload_work(client, django_capture_on_commit_callbacks)
    _, _, state = credentials(artwork.share_rendition)
    assert state == "Valid"
