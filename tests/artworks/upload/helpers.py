"""Helpers shared by the upload tests (and the provenance tests, which upload the same way)."""

import io

from PIL import Image

UPLOAD_URL = "/my/artworks/upload/"


def upload(client, image, **fields):
    data = {
        "title": "Harbour at dawn",
        "alt_text": "Boats in a grey harbour under a pink sky",
        "description": "Oil on board.",
        "tags": "oil, sea",
        **fields,
    }
    if image is not None:
        data["image"] = image
    return client.post(UPLOAD_URL, data)


def jpeg_with_private_metadata(size=(400, 200), orientation=6):
    """A 'phone photo': EXIF orientation, a GPS position, a camera serial, an XMP packet."""
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 39.0)
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-12345"  # BodySerialNumber
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'
    output = io.BytesIO()
    image = Image.new("RGB", size, (10, 120, 200))
    # A red band at the top of the file's pixels: after rotating 90° clockwise it is on the right.
    image.paste((255, 0, 0), (0, 0, size[0], 20))
    image.save(output, "JPEG", exif=exif.tobytes(), xmp=xmp)
    return output.getvalue()
