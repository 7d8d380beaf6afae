"""Hostile uploads: files that pretend, bombs, foreign formats, hostile names, forged
Content-Types, oversized or broken requests. Each is refused cleanly or stored only as a clean
image under a generated name, and originals are never reachable by a public URL."""

import importlib.util
import io
import re
import struct
import subprocess
import tracemalloc
import zipfile
import zlib

import pytest
from PIL import EpsImagePlugin, Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, image_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/my/artworks/upload/"
ADMIN_LISTING = "/admin/snippets/artworks/artwork/"
BOUNDARY = "hostile-boundary-7MA4YWxkTrZu0gW"
FIELDS = {
    "title": "Harbour at dawn",
    "alt_text": "Boats in a grey harbour under a pink sky",
    "description": "Oil on board.",
    "tags": "oil, sea",
}
# Bytes that must never reach a file a visitor can fetch.
SMUGGLED = (b"<script", b"<html", b"PK\x03\x04")
STORED_NAME = re.compile(r"^original_images/[0-9a-f]{32}\.(jpg|png|gif|webp|avif)$")


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def upload(client, image, **fields):
    data = {**FIELDS, **fields}
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data)


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


def assert_nothing_stored(media_files):
    assert Artwork.objects.count() == 0
    assert get_image_model().objects.count() == 0
    assert media_files() == []


def assert_refused_next_to_image_field(response, *messages):
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_image_error"' in page
    assert any(message in page for message in messages), page
    assert 'value="Harbour at dawn"' in page  # what the member typed is kept
    return page


def stored_bytes(media_files):
    """Every file under MEDIA_ROOT (originals and renditions) as {name: bytes}."""
    return {name: (settings.MEDIA_ROOT / name).read_bytes() for name in media_files()}


# --- Hostile file builders -----------------------------------------------------------------


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height):
    """A valid ~1 KB greyscale PNG whose header declares width × height pixels: a few rows
    of zeros compressed, far fewer than it claims."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * ((width + 1) * 20), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def png_then_html():
    return image_bytes(size=(64, 48), image_format="PNG") + b"<html><script>alert(1)</script>"


def png_with_script_text_chunk():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(1)</script>")
    return image_bytes(size=(64, 48), image_format="PNG", pnginfo=info)


def jpeg_with_script_comment():
    return image_bytes(size=(64, 48), comment=b"<script>alert(1)</script>")


def jpeg_then_zip():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("shell.php", "<?php system($_GET['c']); ?>")
        zipped.writestr("index.html", "<html><script>alert(1)</script></html>")
    return image_bytes(size=(64, 48)) + archive.getvalue()


def tiff_bytes():
    return image_bytes(size=(64, 48), image_format="TIFF")


def psd_bytes():
    """A minimal Photoshop header: signature, version 1, 3 channels, 48 × 64, 8 bits, RGB."""
    return b"8BPS" + struct.pack(">H6sHIIHH", 1, b"\0" * 6, 3, 48, 64, 8, 3) + b"\0" * 64


def eps_bytes():
    return (
        b"%!PS-Adobe-3.0 EPSF-3.0\n"
        b"%%BoundingBox: 0 0 100 100\n"
        b"%%EndComments\n"
        b"newpath 0 0 moveto 100 100 lineto stroke\n"
        b"showpage\n%%EOF\n"
    )


def pdf_bytes():
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def animated(image_format, frames=5, size=(600, 600)):
    pictures = [Image.new("RGB", size, (40 * n, 80, 160)) for n in range(frames)]
    output = io.BytesIO()
    pictures[0].save(output, image_format, save_all=True, append_images=pictures[1:])
    return output.getvalue()


# --- 1. Files carrying something else besides the image ---------------------------------------


@pytest.mark.parametrize(
    ("build", "stored_extension"),
    [
        (png_then_html, "png"),
        (png_with_script_text_chunk, "png"),
        (jpeg_with_script_comment, "jpg"),
        (jpeg_then_zip, "jpg"),
    ],
    ids=["png-then-html", "png-text-chunk-script", "jpeg-comment-script", "jpeg-then-zip"],
)
def test_image_with_smuggled_bytes_is_stored_as_a_clean_image_only(
    client, member, media_files, django_capture_on_commit_callbacks, build, stored_extension
):
    content = build()
    assert any(marker in content for marker in SMUGGLED)  # the upload does carry the payload
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, SimpleUploadedFile("art.bin", content, "image/jpeg"))
    assert response.status_code == 302
    assert "is now in the gallery" in client.get(response["Location"]).content.decode()

    image = Artwork.objects.get().image
    assert STORED_NAME.match(image.file.name)
    assert image.file.name.endswith("." + stored_extension)
    files = stored_bytes(media_files)
    renditions = [name for name in files if name.startswith("images/")]
    assert image.file.name in files
    assert len(renditions) >= 5  # the rendition task ran; its output is checked too
    for name, data in files.items():
        for marker in SMUGGLED:
            assert marker not in data, f"{marker!r} survived in {name}"
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            assert "comment" not in picture.info, name
            assert not any("script" in str(value) for value in picture.info.values()), name
    with Image.open(io.BytesIO(files[image.file.name])) as original:
        assert original.size == (64, 48)


def test_png_signature_followed_by_html_is_refused(client, member, media_files):
    content = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    response = upload(client, SimpleUploadedFile("page.png", content, "image/png"))
    page = assert_refused_next_to_image_field(
        response, "damaged or incomplete", "not an image we can read"
    )
    assert "<script>alert(1)" not in page
    assert_nothing_stored(media_files)


# --- 2. Decompression bombs ----------------------------------------------------------------


def pillow_block_bytes():
    """Bytes of pixel memory Pillow has taken so far (its C allocations, which tracemalloc
    does not see): every block allocated or reused from its cache, of the arena's size."""
    stats = Image.core.get_stats()
    return (stats["allocated_blocks"] + stats["reused_blocks"]) * Image.core.get_block_size()


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (50_000, 50_000),
        (9_000, 9_000),
    ],
    ids=["2500-megapixels", "81-megapixels-under-pillows-own-guard"],
)
def test_small_png_declaring_huge_dimensions_is_refused_without_decoding(
    client, member, media_files, decoded_sizes, width, height
):
    content = png_declaring(width, height)
    assert len(content) < 2_000
    pillow_before = pillow_block_bytes()
    tracemalloc.start()
    try:
        response = upload(client, SimpleUploadedFile("tiny.png", content, "image/png"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    pillow_allocated = pillow_block_bytes() - pillow_before

    assert_refused_next_to_image_field(response, "This image is too large")
    assert "The limit is 60 megapixels" in response.content.decode()
    assert_nothing_stored(media_files)
    assert peak < 50 * 1024 * 1024
    assert (width, height) not in decoded_sizes  # sized from the header, never decoded
    assert pillow_allocated < 50 * 1024 * 1024


# The animated GIF case is in test_upload.py; other animated formats count every frame too.
def test_animated_webp_whose_frames_add_up_past_the_limit_is_refused(
    client, member, media_files, settings
):
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1_000_000
    content = animated("WEBP")  # 5 frames × 0.36 MP
    response = upload(client, SimpleUploadedFile("anim.webp", content, "image/webp"))
    assert_refused_next_to_image_field(response, "This image is too large")
    assert_nothing_stored(media_files)


# --- 3. Formats we do not take, named .jpg ------------------------------------------------------


@pytest.fixture
def ghostscript_calls(monkeypatch):
    """Records any attempt to run Ghostscript (or any subprocess) instead of running it."""
    calls = []

    def refuse(name):
        def recorder(*args, **kwargs):
            calls.append((name, args))
            raise AssertionError(f"{name} was called during an upload")

        return recorder

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", refuse("Ghostscript"))
    monkeypatch.setattr(EpsImagePlugin.subprocess, "Popen", refuse("subprocess.Popen"))
    monkeypatch.setattr(EpsImagePlugin.subprocess, "check_call", refuse("subprocess.check_call"))
    assert EpsImagePlugin.subprocess is subprocess
    return calls


@pytest.mark.parametrize(
    "build", [tiff_bytes, psd_bytes, eps_bytes, pdf_bytes], ids=["tiff", "psd", "eps", "pdf"]
)
def test_foreign_format_named_jpg_is_refused_and_ghostscript_never_runs(
    client, member, media_files, ghostscript_calls, build
):
    response = upload(client, SimpleUploadedFile("holiday.jpg", build(), "image/jpeg"))
    page = assert_refused_next_to_image_field(
        response, "files are not accepted", "not an image we can read"
    )
    assert "JPEG, PNG, GIF, WebP, AVIF or HEIC" in page
    assert ghostscript_calls == []
    assert_nothing_stored(media_files)


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
    return sorted(set(re.findall(r"/media/images/[^\s\"',]+", page)))


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
