"""Media in a real S3-compatible bucket (SeaweedFS's `weed`, started here on free ports): the
originals stay private, renditions are public under plain, stable URLs with their cache
lifetime, and the maintenance commands work on a bucket."""

from io import StringIO

import pytest
import requests

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from wagtail.images import get_image_model

from artworks import moderation
from artworks.models import Artwork
from config.settings.storage import RENDITION_CACHE_CONTROL, s3_rendition_storage, s3_storage
from tests.factories import create_artwork
from tests.services import SeaweedFS, ServiceMissing, page_image_urls

pytestmark = pytest.mark.django_db

BUCKET = "media"


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory):
    """A SeaweedFS server with its S3 API, for this module's tests."""
    try:
        server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
    except ServiceMissing as reason:
        pytest.skip(str(reason))
    try:
        yield server.start()
    finally:
        server.kill()  # a scratch server: nothing to flush, and weed is slow to stop


@pytest.fixture
def bucket(seaweedfs, settings, monkeypatch):
    """The site's media in the bucket, set up as `manage.py setup_bucket` sets it up."""
    media = s3_storage(BUCKET, endpoint_url=seaweedfs.endpoint, region_name="us-east-1")
    media["OPTIONS"] |= {"access_key": seaweedfs.access_key, "secret_key": seaweedfs.secret_key}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media,
        "renditions": s3_rendition_storage(media),
    }
    # The rendition field took its storage when models loaded: give it the bucket's.
    file_field = get_image_model().get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(file_field, "storage", storages["renditions"])
    call_command("setup_bucket", stdout=StringIO())
    return storages["default"]


def test_originals_are_private_and_renditions_public_under_stable_urls(client, bucket):
    artwork = create_artwork(title="In the bucket")
    original = f"{bucket.endpoint_url}/{BUCKET}/{artwork.image.file.name}"
    assert requests.get(original, timeout=10).status_code == 403

    page = client.get(artwork.get_absolute_url()).content.decode()
    again = client.get(artwork.get_absolute_url()).content.decode()
    urls = page_image_urls(page)
    assert urls and urls == page_image_urls(again)  # the same on every render
    assert "X-Amz-" not in page and SeaweedFS.access_key not in page  # no signature, no key
    for url in urls:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == RENDITION_CACHE_CONTROL


def test_a_hidden_works_renditions_leave_their_public_addresses(
    client, bucket, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Soon hidden")
    urls = page_image_urls(client.get(artwork.get_absolute_url()).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.HIDDEN, note="Rights unclear", by=None)
    for url in urls:
        assert requests.get(url, timeout=10).status_code in (403, 404), url
    for rendition in artwork.image.renditions.all():
        assert bucket.exists(rendition.file.name)  # kept for the artist and moderators


def test_cleanup_media_works_on_the_bucket(bucket):
    artwork = create_artwork(title="Kept")
    bucket.save("original_images/stray.jpg", ContentFile(b"left behind"))
    output = StringIO()
    call_command("cleanup_media", "--min-age", "0", stdout=output)
    assert "removed original_images/stray.jpg" in output.getvalue()
    assert not bucket.exists("original_images/stray.jpg")
    assert bucket.exists(artwork.image.file.name)


def test_setup_bucket_refuses_local_storage(settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not in an S3-compatible bucket"):
        call_command("setup_bucket")


def test_deleting_a_work_removes_its_files_from_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    artwork = create_artwork(title="Short-lived")
    names = [artwork.image.file.name, *artwork.image.renditions.values_list("file", flat=True)]
    assert all(bucket.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        artwork.delete()
    assert not any(bucket.exists(name) for name in names)


def test_a_data_export_is_private_in_the_bucket_and_served_only_through_the_site(
    client, bucket, django_capture_on_commit_callbacks
):
    from members.models import DataExport
    from tests.factories import UserFactory

    member = UserFactory(username="ada")
    artwork = create_artwork(member, title="Exported")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/account/export/")
    export = DataExport.objects.get(member=member)
    assert export.status == DataExport.Status.READY
    assert bucket.exists(export.file_name)

    # Not public-read: the plain address is refused; the owner gets it through the site.
    plain = f"{bucket.endpoint_url}/{BUCKET}/{export.file_name}"
    assert requests.get(plain, timeout=10).status_code == 403
    download = client.get(f"/my/account/export/{export.pk}/download/")
    assert download.status_code == 200
    assert artwork.image.file.name.rsplit("/", 1)[-1] not in download["Content-Disposition"]
    assert len(b"".join(download.streaming_content)) == export.size

    # Expired, it leaves the bucket.
    DataExport.objects.filter(pk=export.pk).update(expires_at=export.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_expired_exports", stdout=StringIO())
    assert not bucket.exists(export.file_name)
