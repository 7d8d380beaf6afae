"""Hostile files: something else carried besides the image, decompression bombs, and formats the
site does not take, named .jpg."""

import io
import struct
import subprocess
import tracemalloc
import zipfile
import zlib

import pytest
from PIL import EpsImagePlugin, Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.models import Artwork
from tests.artworks.upload_security.helpers import STORED_NAME, assert_nothing_stored, upload
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


# Bytes that must never reach a file a visitor can fetch.
SMUGGLED = (b"<script", b"<html", b"PK\x03\x04")


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


# The animated GIF case is in tests/artworks/upload/test_refusals.py; other animated formats
# count every frame too.
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
