"""Every rendition says where its work's Content Credentials are, a grid card too: the site
itself sends `Link: <signed file>; rel="c2pa-manifest"` when it serves renditions, and the
front web server (a real nginx from deploy/nginx) points at /credentials/<path>, which
redirects to the signed large rendition of the same work."""

import io

import c2pa
import pytest
import requests

from artworks.credentials import PANEL_SPEC
from artworks.renditions import CARD_SPECS
from tests.factories import create_artwork
from tests.services import Nginx, ServiceMissing

pytestmark = pytest.mark.django_db


def signed_large(artwork):
    return artwork.image.renditions.get(filter_spec=PANEL_SPEC)


def card(artwork):
    return artwork.image.renditions.get(filter_spec=CARD_SPECS[0])


def test_the_credentials_address_of_a_card_leads_to_the_signed_large_image(client):
    artwork = create_artwork(title="Salt marsh")
    response = client.get(f"/credentials{card(artwork).url}")
    assert response.status_code == 302
    assert response["Location"] == signed_large(artwork).url
    assert ".c2pa." in response["Location"]


def test_an_image_without_credentials_has_none_to_point_at(client, settings):
    settings.C2PA_CERT_CHAIN = settings.C2PA_PRIVATE_KEY = ""
    artwork = create_artwork(title="Unsigned")
    for path in (card(artwork).url, "/media/images/nothing.jpg", "/media/original_images/x.jpg"):
        response = client.get(f"/credentials{path}")
        assert response.status_code == 404, path


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    static_root = tmp_path / "static"
    static_root.mkdir()
    try:
        server = Nginx(
            tmp_path,
            upstream=live_server.url.removeprefix("http://"),
            static_root=static_root,
            media_root=settings.MEDIA_ROOT,
        )
    except ServiceMissing as reason:
        pytest.skip(str(reason))
    try:
        yield server.start().url
    finally:
        server.kill()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_crawler_finds_the_credentials_of_a_card_served_by_nginx(nginx):
    artwork = create_artwork(title="Tide pools")
    served = requests.get(f"{nginx}{card(artwork).url}", timeout=10)
    assert served.status_code == 200
    assert served.headers["X-Robots-Tag"] == "noai, noimageai"
    link = served.links["c2pa-manifest"]["url"]
    assert link == f"/credentials{card(artwork).url}"

    manifest = requests.get(f"{nginx}{link}", timeout=10)  # follows the redirect
    assert manifest.status_code == 200
    assert manifest.url == f"{nginx}{signed_large(artwork).url}"
    reader = c2pa.Reader("image/jpeg", io.BytesIO(manifest.content))
    with reader:
        assertions = {a["label"]: a["data"] for a in reader.get_active_manifest()["assertions"]}
    assert assertions["stds.schema-org.CreativeWork"]["name"] == "Tide pools"
