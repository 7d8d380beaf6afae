"""Hostile requests: filenames, forged Content-Types, oversized or broken requests, and originals
that are never linked."""

import importlib.util
import io
import re
from urllib.parse import urlsplit

import pytest
from PIL import Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.models import Artwork
from tests.artworks.upload_security.helpers import (
    FIELDS,
    STORED_NAME,
    UPLOAD_URL,
    assert_nothing_stored,
)
from tests.factories import UserFactory, create_artwork, image_bytes
from tests.html import addresses

pytestmark = pytest.mark.django_db


ADMIN_LISTING = "/admin/snippets/artworks/artwork/"


BOUNDARY = "hostile-boundary-7MA4YWxkTrZu0gW"


def multipart_body(fields, files, boundary=BOUNDARY):
    """A multipart/form-data body written by hand, so the filename is sent exactly as given
    (Django's test client keeps only the base name)."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for field, filename, content_type, content in files:
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def post_multipart(client, body, boundary=BOUNDARY):
    return client.generic(
        "POST", UPLOAD_URL, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


# --- 4. Hostile filenames ----------------------------------------------------------------------


HOSTILE_NAMES = {
    "path-traversal": ("../../x.jpg", "JPEG"),
    "double-extension": ("a.php.jpg", "JPEG"),
    "300-characters": ("n" * 296 + ".jpg", "JPEG"),
    "right-to-left-override": ("portrait\u202egpj.exe", "JPEG"),
    "html-in-name": ("<img src=x onerror=alert(1)>.png", "PNG"),
}


def name_shown_unescaped(page, filename):
    """Whether the uploaded name, or a telling piece of it, is in the HTML as sent."""
    pieces = [filename, "\u202e", "<img src=x", "../../x", "a.php", "n" * 100]
    return any(piece in page for piece in pieces if piece in filename)


@pytest.mark.parametrize("case", sorted(HOSTILE_NAMES))
def test_hostile_filename_is_replaced_by_a_generated_name_inside_media_root(
    client, member, media_files, django_capture_on_commit_callbacks, case
):
    filename, image_format = HOSTILE_NAMES[case]
    outside = settings.MEDIA_ROOT.parent / "x.jpg"
    assert not outside.exists()
    body = multipart_body(
        {**FIELDS, "title": "Hostile name"},
        [("image", filename, "image/jpeg", image_bytes(size=(80, 60), image_format=image_format))],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_multipart(client, body)
    assert response.status_code == 302, response.content.decode()[:500]

    stored = Artwork.objects.get().image.file.name
    extension = "png" if image_format == "PNG" else "jpg"
    assert re.fullmatch(rf"original_images/[0-9a-f]{{32}}\.{extension}", stored)
    media_root = settings.MEDIA_ROOT.resolve()
    assert (media_root / stored).resolve().is_relative_to(media_root)
    assert (media_root / stored).is_file()
    assert not outside.exists()
    assert all(name.startswith(("original_images/", "images/")) for name in media_files())
    assert not any(name_shown_unescaped(name, filename) for name in media_files())

    artwork = Artwork.objects.get()
    public_pages = ["/my/artworks/", "/gallery/", artwork.get_absolute_url()]
    for url in public_pages:
        page = client.get(url).content.decode()
        assert "Hostile name" in page, url
        assert not name_shown_unescaped(page, filename), url

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(ADMIN_LISTING)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Hostile name" in page
    assert not name_shown_unescaped(page, filename)


# --- 5. Forged Content-Type, nosniff, and what the media route serves -----------------------


def load_urlconf_as_in_development():
    """config/urls.py evaluated afresh with DEBUG on: the URLs `make run` serves, including
    the development media route (the module already imported was built with DEBUG off)."""
    spec = importlib.util.find_spec("config.urls")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def development_urls(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = load_urlconf_as_in_development()
    return settings.ROOT_URLCONF


def rendition_urls(page):
    """The renditions the page shows: every address it names that is under /media/images/."""
    paths = {urlsplit(address).path for address in addresses(page)}
    return sorted(path for path in paths if path.startswith("/media/images/"))


def test_png_sent_as_text_html_is_stored_and_served_as_an_image(
    client, member, django_capture_on_commit_callbacks, development_urls
):
    content = image_bytes(size=(120, 90), image_format="PNG")
    body = multipart_body(FIELDS, [("image", "index.html", "text/html", content)])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_multipart(client, body)
    assert response.status_code == 302

    artwork = Artwork.objects.get()
    assert STORED_NAME.match(artwork.image.file.name)
    assert artwork.image.file.name.endswith(".png")
    with artwork.image.file.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "PNG"

    urls = rendition_urls(client.get(artwork.get_absolute_url()).content.decode())
    assert urls
    for url in urls:
        served = client.get(url)
        assert served.status_code == 200, url
        assert served["Content-Type"].startswith("image/"), url
        assert served["X-Content-Type-Options"] == "nosniff"
        data = b"".join(served.streaming_content)
        assert b"<html" not in data
        Image.open(io.BytesIO(data)).verify()


@pytest.mark.parametrize("debug", [True, False], ids=["development", "production-like"])
def test_original_upload_has_no_public_url(client, settings, debug):
    artwork = create_artwork(title="Private original")
    original = artwork.image.file.name
    assert (settings.MEDIA_ROOT / original).is_file()
    settings.DEBUG = debug
    settings.ROOT_URLCONF = load_urlconf_as_in_development()
    basename = original.split("/", 1)[1]
    for url in (f"/media/{original}", f"/media/images/{basename}", f"/{original}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response.content.startswith(b"\xff\xd8")  # no JPEG bytes


@pytest.mark.parametrize(
    "prefix", ["/media/images/../", "/media/images/%2e%2e/", "/media/images/..%2f"]
)
def test_development_media_route_does_not_reach_originals_through_dot_dot(
    client, development_urls, prefix
):
    original = create_artwork(title="Private original").image.file.name
    response = client.get(prefix + original)
    assert response.status_code == 404


def test_static_files_carry_nosniff(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/gallery/", "/no-such-page/", "/healthz/"])
def test_every_response_carries_nosniff(client, url):
    assert settings.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert client.get(url)["X-Content-Type-Options"] == "nosniff"


# --- 6. Oversized and broken requests ----------------------------------------------------------


def test_more_files_than_allowed_is_a_400(client, member, media_files):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    files = [SimpleUploadedFile(f"art{n}.jpg", image_bytes(size=(20, 20))) for n in range(11)]
    response = client.post(UPLOAD_URL, {**FIELDS, "image": files})
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert_nothing_stored(media_files)


def test_more_fields_than_allowed_is_a_400(client, member, media_files, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    extra = {f"extra{n}": "x" for n in range(10)}
    image = SimpleUploadedFile("art.jpg", image_bytes(size=(20, 20)), "image/jpeg")
    response = client.post(UPLOAD_URL, {**FIELDS, **extra, "image": image})
    assert response.status_code == 400
    assert b"Traceback" not in response.content
    assert_nothing_stored(media_files)


@pytest.mark.parametrize("cut", ["inside-the-image", "inside-the-image-part-header"])
def test_truncated_multipart_body_is_refused_not_a_500(client, member, media_files, cut):
    content = image_bytes(size=(400, 300))
    body = multipart_body(FIELDS, [("image", "art.jpg", "image/jpeg", content)])
    if cut == "inside-the-image":
        end = body.index(content) + len(content) // 2
    else:
        end = body.index(b"Content-Type: image/jpeg") + 10
    truncated = body[:end]
    assert f"--{BOUNDARY}--".encode() not in truncated
    client.raise_request_exception = False
    response = post_multipart(client, truncated)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert 'id="id_image_error"' in response.content.decode()
    assert_nothing_stored(media_files)


# --- 8. Originals are never linked -------------------------------------------------------------


def test_no_public_page_links_the_original_and_the_admin_shows_a_rendition(
    client, django_capture_on_commit_callbacks
):
    artist = UserFactory(username="mara")
    with django_capture_on_commit_callbacks(execute=True):
        artwork = create_artwork(artist, title="Only renditions", tags="ink")
    original = artwork.image.file.name
    basename = original.split("/")[-1]

    for url in (
        "/",
        "/gallery/",
        "/gallery/?tag=ink",
        "/gallery/?q=renditions",
        artwork.get_absolute_url(),
        "/artists/",
        "/artists/mara/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "original_images" not in page, url
        assert basename not in page, url
    detail = client.get(artwork.get_absolute_url()).content.decode()
    assert "Only renditions" in detail
    assert rendition_urls(detail)  # the picture and og:image are renditions

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(ADMIN_LISTING).content.decode()
    assert "Only renditions" in listing
    assert "/media/images/" in listing
    assert "original_images" not in listing
    assert basename not in listing
