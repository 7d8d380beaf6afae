"""Whatever the format an artist uploads, every public file made from it holds the picture
and, in the signed large renditions, the Content Credentials manifest: no EXIF, XMP, GPS,
serial, comment or text chunk survives, read straight from the files' own structure."""

import io
import struct

import pillow_heif
import pytest
from PIL import Image, PngImagePlugin

from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.credentials import SIGNED_SPECS
from artworks.models import Artwork
from tests.artworks.upload.helpers import upload
from tests.provenance.test_provenance import credentials, file_bytes

pytestmark = pytest.mark.django_db

SECRETS = (b"secret-location", b"PhoneMaker", b"SERIAL-12345", b"a private note")
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'


def private_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x010E] = "a private note"  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.5)
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-12345"  # BodySerialNumber
    return exif


def upload_with_metadata(image_format):
    """An upload of `image_format` carrying every kind of metadata the format can hold."""
    picture = Image.new("RGB", (900, 700), (40, 120, 90))
    output = io.BytesIO()
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "a private note")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        picture.save(output, "PNG", pnginfo=text, exif=private_exif())
    elif image_format == "GIF":
        picture.save(output, "GIF", comment=b"a private note secret-location")
    elif image_format == "HEIF":
        pillow_heif.register_heif_opener()
        picture.save(output, "HEIF", exif=private_exif().tobytes(), xmp=XMP)
    else:  # JPEG, WebP, AVIF
        picture.save(output, image_format, exif=private_exif(), xmp=XMP)
    data = output.getvalue()
    assert any(secret in data for secret in SECRETS)  # the upload does carry them
    return SimpleUploadedFile(f"upload.{image_format.lower()}", data, "application/octet-stream")


def jpeg_segments(data):
    """The marker names of a JPEG's segments before the image data: APP0, APP11, DQT…"""
    names, position = [], 2
    while position < len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        names.append(f"APP{marker - 0xE0}" if 0xE0 <= marker <= 0xEF else hex(marker))
        position += 2 + length
    return names


def riff_chunks(data):
    chunks, position = [], 12
    while position + 8 <= len(data):
        name = data[position : position + 4].decode("latin-1")
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append(name.strip())
        position += 8 + size + (size & 1)
    return chunks


def png_chunks(data):
    chunks, position = [], 8
    while position + 8 <= len(data):
        (size,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8].decode("latin-1"))
        position += 12 + size
    return chunks


#: What each format may hold besides the picture: its own structure, and the signed manifest
#: (APP11 JUMBF boxes in JPEG, a "C2PA" chunk in WebP). 0xdb…0xc4 are JPEG's tables and
#: frame header; 0xdd the restart interval.
ALLOWED = {
    "JPEG": (jpeg_segments, {"APP0", "0xdb", "0xc0", "0xc2", "0xc4", "0xdd"}, {"APP11"}),
    "WEBP": (riff_chunks, {"VP8", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"}, {"C2PA"}),
    "PNG": (png_chunks, {"IHDR", "PLTE", "tRNS", "IDAT", "IEND", "acTL", "fcTL", "fdAT"}, set()),
}


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF"])
def test_every_public_file_holds_only_the_picture_and_the_manifest(
    client, member, django_capture_on_commit_callbacks, image_format
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, upload_with_metadata(image_format))
    assert response.status_code == 302, response.content.decode()[:2000]
    renditions = list(Artwork.objects.get().image.renditions.all())
    assert renditions
    signed = 0
    for rendition in renditions:
        data = file_bytes(rendition)
        name = rendition.file.name
        assert not any(secret in data for secret in SECRETS), name
        with Image.open(io.BytesIO(data)) as picture:
            file_format = picture.format
        assert file_format in ALLOWED, name  # a format whose structure this test reads
        read_structure, structure, manifest = ALLOWED[file_format]
        is_signed = rendition.filter_spec in SIGNED_SPECS
        allowed = structure | (manifest if is_signed else set())
        assert set(read_structure(data)) <= allowed, (name, read_structure(data))
        assert (credentials(rendition) is not None) == is_signed, name
        signed += is_signed
    assert signed >= 3  # the page's, the share image and the full-size view's
