"""Visible Content Credentials: the artwork page's panel reads what its signed large image
declares (once, then from the cache), points crawlers at that image, and disappears when
the image is unsigned; editors see the signing certificate in the admin and can switch
signing off."""

import html

import pytest

from django.test import RequestFactory

from artworks import credentials
from artworks.credentials import PANEL_SPEC
from artworks.models import Artwork, ContentCredentialsSettings
from config.views import serve_rendition
from tests.factories import UserFactory, create_artwork
from tests.provenance.test_provenance import upload_work

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/artworks/contentcredentialssettings/"


def page_text(response):
    return html.unescape(response.content.decode())


def signed_large(artwork):
    return artwork.image.renditions.get(filter_spec=PANEL_SPEC)


def switch_signing(on):
    switch = ContentCredentialsSettings.load()
    switch.sign_renditions = on
    switch.save()


def test_artwork_page_shows_the_credentials_signed_into_its_large_image(
    client, django_capture_on_commit_callbacks
):
    ada = UserFactory(display_name="Ada Lovelace")
    client.force_login(ada)
    artwork = upload_work(client, django_capture_on_commit_callbacks, licence="cc-by-4.0")
    client.logout()
    page = page_text(client.get(artwork.get_absolute_url()))

    assert "Content Credentials" in page
    assert "<strong>Creator:</strong> Ada Lovelace" in page
    assert "<strong>Licence:</strong> CC BY 4.0" in page
    assert "<strong>Signed by:</strong> Artist Collective (development)" in page
    assert "<strong>AI use declared:</strong> None (made with digital tools)" in page
    assert "<strong>AI training:</strong> not allowed" in page
    assert "any C2PA verifier" in page
    assert f'<link rel="c2pa-manifest" href="{signed_large(artwork).url}">' in page


def test_work_declared_made_with_ai_says_so_in_the_panel(client):
    artwork = create_artwork(title="Dreamt", status=Artwork.Status.PUBLISHED, made_with_ai=True)
    # Re-sign as the editing task does: a new file name under the new declaration.
    rendition = signed_large(artwork)
    rendition.file.delete(save=False)
    rendition.delete()
    from artworks.tasks import generate_renditions

    generate_renditions.call(artwork.image_id)
    page = page_text(client.get(artwork.get_absolute_url()))
    assert "<strong>AI use declared:</strong> Made with generative AI" in page
    assert "<strong>Licence:</strong> All rights reserved" in page
    assert "<strong>AI training:</strong> not allowed" in page


def test_no_panel_and_no_manifest_link_for_an_unsigned_image(client):
    switch_signing(False)
    artwork = create_artwork(title="Plain", status=Artwork.Status.PUBLISHED)
    page = page_text(client.get(artwork.get_absolute_url()))
    assert "Plain" in page
    assert "Content Credentials" not in page
    assert 'rel="c2pa-manifest"' not in page


def test_the_manifest_is_read_once_and_again_only_for_a_re_signed_file(client, monkeypatch):
    from artworks.tasks import rename_renditions

    reads = []
    real_read = credentials.read_manifest

    def counting_read(data, image_format):
        reads.append(image_format)
        return real_read(data, image_format)

    monkeypatch.setattr(credentials, "read_manifest", counting_read)
    artwork = create_artwork(title="Cached", status=Artwork.Status.PUBLISHED)
    # Logged in: the page itself is not cached, so each request renders the panel.
    client.force_login(UserFactory())
    for _ in range(3):
        assert "AI training:</strong> not allowed" in client.get(artwork.get_absolute_url()).text
    assert len(reads) == 1

    # New file names (as when a work is hidden or re-signed): the new file is read.
    rename_renditions.call([artwork.image_id])
    assert "AI training:</strong> not allowed" in client.get(artwork.get_absolute_url()).text
    assert len(reads) == 2


def test_with_signing_switched_off_new_uploads_are_unsigned(media_files):
    switch_signing(False)
    create_artwork(title="Unsigned")
    files = media_files()
    assert files
    assert not any(".c2pa." in name for name in files)

    switch_signing(True)
    create_artwork(title="Signed")
    assert any(".c2pa." in name for name in media_files())


def test_admin_settings_show_the_certificate_and_switch_signing_off(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = page_text(client.get(SETTINGS_URL, follow=True))
    assert "Signing certificate" in page
    assert "CN=Artist Collective development signer" in page
    assert "O=Artist Collective (development)" in page
    assert "Expires" in page
    assert "Sign renditions" in page

    response = client.post(f"{SETTINGS_URL}{ContentCredentialsSettings.load().pk}/", {})
    assert response.status_code == 302
    assert ContentCredentialsSettings.load().sign_renditions is False


def test_admin_settings_say_when_there_is_no_certificate(client, settings):
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = page_text(client.get(SETTINGS_URL, follow=True))
    assert "No signing certificate: C2PA_CERT_CHAIN and C2PA_PRIVATE_KEY are not set" in page


def test_a_moderator_without_the_settings_permission_cannot_switch_signing(client, moderator):
    switch = ContentCredentialsSettings.load()
    response = client.post(f"{SETTINGS_URL}{switch.pk}/", {})
    assert response.status_code in (302, 403)
    assert ContentCredentialsSettings.load().sign_renditions is True


def test_every_rendition_of_a_work_links_to_its_signed_large_image():
    artwork = create_artwork(title="Linked", status=Artwork.Status.PUBLISHED)
    signed_url = signed_large(artwork).url
    for rendition in artwork.image.renditions.all():
        path = rendition.file.name.removeprefix("images/")
        response = serve_rendition(RequestFactory().get(rendition.url), path)
        assert response["Link"] == f'<{signed_url}>; rel="c2pa-manifest"'


def test_renditions_of_an_unsigned_image_carry_no_manifest_link():
    switch_signing(False)
    artwork = create_artwork(title="Plain", status=Artwork.Status.PUBLISHED)
    rendition = artwork.image.renditions.first()
    response = serve_rendition(
        RequestFactory().get(rendition.url), rendition.file.name.removeprefix("images/")
    )
    assert response.status_code == 200
    assert "Link" not in response
