"""Helpers shared by the artist page tests: saving a profile, uploading its images, reading the
artist page."""

import io
from dataclasses import dataclass

from PIL import Image

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.renditions import AVATAR_SPECS, BANNER_SPECS
from tests.factories import image_bytes
from tests.html import soup
from tests.uploading import PROFILE_URL, profile_data

User = get_user_model()


def save_profile(client, member, capture=None, **changes):
    """Post the profile form; with `capture` (django_capture_on_commit_callbacks) the work
    done once the transaction commits (rendition task, file removal) runs too."""
    if capture is None:
        return client.post(PROFILE_URL, profile_data(member, **changes))
    with capture(execute=True):
        return client.post(PROFILE_URL, profile_data(member, **changes))


def field_errors(response, name):
    """The error messages shown next to one field."""
    document = soup(response)
    errors = document.find(id=f"id_{name}_error")
    return errors.get_text(" ", strip=True) if errors else ""


def artist_page(visitor, username="ada"):
    response = visitor.get(f"/artists/{username}/")
    assert response.status_code == 200
    return soup(response)


def jpeg_with_gps():
    """A phone photo with a GPS position, a camera serial and an XMP packet."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-12345"  # BodySerialNumber
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-location</rdf:RDF></x:xmpmeta>'
    output = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 200)).save(output, "JPEG", exif=exif.tobytes(), xmp=xmp)
    return output.getvalue()


def stored_files(image):
    return [image.file.name, *(rendition.file.name for rendition in image.renditions.all())]


@dataclass(frozen=True)
class ProfileImage:
    """One of the two images a member uploads for their artist page, the avatar and the
    banner. Both are cleaned, stored, replaced, removed and refused the same way (tested once
    for each below); these are where they differ."""

    name: str
    specs: tuple
    size: tuple  # what the tests upload unless they say otherwise
    selector: str  # where the artist page shows it
    no_image_text: str  # what the profile form says while there is none

    @property
    def field(self):
        return f"{self.name}_image"

    @property
    def remove(self):
        return f"remove_{self.name}"

    def of(self, member):
        return getattr(member, self.field)

    def on(self, document):
        return document.select_one(self.selector)

    def upload(self, client, member, capture, content=None, **changes):
        if content is None:
            content = image_bytes(self.size)
        image = SimpleUploadedFile(f"{self.name}.jpg", content, "image/jpeg")
        return save_profile(client, member, capture, **{self.field: image}, **changes)


AVATAR = ProfileImage(
    "avatar", AVATAR_SPECS, (300, 200), ".artist-heading .avatar img", "You have no avatar yet."
)


BANNER = ProfileImage(
    "banner", BANNER_SPECS, (1200, 300), "header .profile-banner img", "You have no banner."
)


upload_avatar, avatar_on = AVATAR.upload, AVATAR.on


def assert_cleaned_member_upload(image, member, specs):
    """What every uploaded page image is: in "Member uploads", uploaded by the member, its
    renditions made by the upload task (ahead of any visitor), and no private metadata in any
    of its files. Gives each file's pixel size, for the caller's own checks."""
    assert image.collection.name == "Member uploads"
    assert image.uploaded_by_user == member
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(specs)
    sizes = {}
    for name in stored_files(image):
        with image.file.storage.open(name) as handle:
            data = handle.read()
        assert b"SERIAL-12345" not in data and b"secret-location" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif(), name
            assert "xmp" not in picture.info
            sizes[name] = picture.size
    return sizes
