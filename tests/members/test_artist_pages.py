"""Richer artist pages: location, three links and an avatar, edited on /my/profile/ and shown
on /artists/<username>/. An uploaded avatar is cleaned and stored like an artwork upload, its
renditions are made by the upload task (never by a visitor), and replacing, removing or
deleting it leaves no image row or file behind."""

import errno
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from artworks import moderation
from artworks.models import Artwork
from artworks.renditions import ALL_SPECS, AVATAR_SPECS, BANNER_SPECS, CARD_SPECS
from members.forms import ProfileForm
from tests.factories import UserFactory, create_artwork, image_bytes, uploaded_image
from tests.uploading import PROFILE_URL, profile_data

pytestmark = pytest.mark.django_db

User = get_user_model()
Rendition = get_image_model().get_rendition_model()


@pytest.fixture
def member(client):
    """A logged-in member with one public work, so their artist page exists."""
    user = UserFactory(username="ada", display_name="Ada Lovelace")
    create_artwork(user, title="Public work")
    client.force_login(user)
    return user


@pytest.fixture
def visitor():
    return Client()


def save_profile(client, member, capture=None, **changes):
    """Post the profile form; with `capture` (django_capture_on_commit_callbacks) the work
    done once the transaction commits (rendition task, file removal) runs too."""
    if capture is None:
        return client.post(PROFILE_URL, profile_data(member, **changes))
    with capture(execute=True):
        return client.post(PROFILE_URL, profile_data(member, **changes))


def field_errors(response, name):
    """The error messages shown next to one field."""
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(id=f"id_{name}_error")
    return errors.get_text(" ", strip=True) if errors else ""


def artist_page(visitor, username="ada"):
    response = visitor.get(f"/artists/{username}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


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

    def on(self, soup):
        return soup.select_one(self.selector)

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
upload_banner, banner_on = BANNER.upload, BANNER.on


@pytest.fixture(params=[AVATAR, BANNER], ids=lambda profile_image: profile_image.name)
def profile_image(request):
    """The avatar, then the banner, for what they share."""
    return request.param


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


# --- The form ------------------------------------------------------------------------------


def test_profile_form_has_plainly_labelled_fields(client, member):
    soup = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    labels = [" ".join(label.stripped_strings) for label in soup.select("form label")]
    for name in ("Display name", "Bio", "Location", "Link 1", "Link 2", "Link 3"):
        assert any(label.startswith(name) for label in labels), name
    assert any(label.startswith("Avatar artwork") for label in labels)
    assert any(label.startswith("Avatar image") for label in labels)
    assert soup.select_one("main form")["enctype"] == "multipart/form-data"
    assert [legend.get_text() for legend in soup.select("legend")] == ["Links", "Avatar", "Banner"]


def test_profile_saves_location_and_links(client, member):
    response = save_profile(
        client,
        member,
        location="Lisbon",
        link_1="https://ada.example/portfolio",
        link_2="http://blog.example.org/",
        link_3="ada.example.net",  # taken as https://
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.location == "Lisbon"
    assert member.links == [
        "https://ada.example/portfolio",
        "http://blog.example.org/",
        "https://ada.example.net",
    ]
    assert "Your profile is saved." in client.get(PROFILE_URL).content.decode()


def test_profile_form_saved_without_commit_writes_nothing(member, visitor, settings):
    """A ModelForm's `commit=False`: the member comes back changed and unsaved; no image is
    stored, no row written, nothing on the artist page changes."""
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*"))
    form = ProfileForm(
        data=profile_data(member, location="Lisbon", link_1="https://ada.example/"),
        files={"avatar_image": uploaded_image(), "banner_image": uploaded_image(size=(900, 270))},
        instance=member,
    )
    assert form.is_valid(), form.errors

    unsaved = form.save(commit=False)

    assert unsaved.location == "Lisbon"
    page = artist_page(visitor).get_text()
    assert "Lisbon" not in page and "ada.example" not in page
    member.refresh_from_db()
    assert (member.location, member.avatar_image, member.banner_image) == ("", None, None)
    assert get_image_model().objects.filter(uploaded_by_user=member).count() == 1  # the work's
    assert sorted(media.rglob("*")) == files_before


def test_artist_page_shows_location_and_links_with_rel_me(client, member, visitor):
    save_profile(
        client,
        member,
        location="Lisbon",
        link_1="https://ada.example/portfolio",
        link_2="https://www.social.example/@ada",
    )

    soup = artist_page(visitor)
    assert soup.select_one(".artist-location").get_text(strip=True) == "Lisbon"
    links = soup.select(".artist-links a")
    assert [(link["href"], link.get_text()) for link in links] == [
        ("https://ada.example/portfolio", "ada.example"),
        ("https://www.social.example/@ada", "www.social.example"),
    ]
    for link in links:
        # "me" verifies the profile, "noopener" guards the tab; links written by members are
        # user content to search engines ("ugc nofollow"), so they cannot buy rank here.
        assert link["rel"] == ["me", "ugc", "nofollow", "noopener"]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.com/ada",
        "mailto:ada@example.com",
    ],
)
def test_links_that_are_not_web_addresses_are_refused_next_to_the_field(client, member, link):
    response = save_profile(client, member, location="Lisbon", link_2=link)

    assert response.status_code == 200
    assert "Only web links can be shown" in field_errors(response, "link_2")
    assert field_errors(response, "link_1") == ""
    member.refresh_from_db()
    assert member.link_2 == "" and member.location == ""


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://", "Enter a complete web address"),
        ("https://exa mple.com", "Enter a complete web address"),
        ("http://[::1", "Enter a complete web address"),
        ("https://paypal.example@evil.example/", "Leave the user name and password out"),
        ("https://example.com/" + "a" * 300, "at most 300 characters"),
    ],
)
def test_malformed_links_get_a_clear_message(client, member, link, message):
    response = save_profile(client, member, link_1=link)

    assert response.status_code == 200
    assert message in field_errors(response, "link_1")


def test_more_than_three_links_cannot_be_saved(client, member, visitor):
    soup = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert len(soup.select('input[inputmode="url"]')) == 3

    save_profile(
        client,
        member,
        link_1="https://one.example",
        link_2="https://two.example",
        link_3="https://three.example",
        link_4="https://four.example",
    )

    hosts = [link.get_text() for link in artist_page(visitor).select(".artist-links a")]
    assert hosts == ["one.example", "two.example", "three.example"]


def test_bad_input_never_gives_a_server_error(client, member):
    response = client.post(
        PROFILE_URL,
        {
            "display_name": "x" * 500,
            "location": "y" * 500,
            "bio": "z",
            "link_1": "\x00",
            "avatar_artwork": "not-a-number",
            "avatar_image": SimpleUploadedFile("empty.jpg", b"", "image/jpeg"),
        },
    )

    assert response.status_code == 200
    for name in ("display_name", "location", "link_1", "avatar_artwork", "avatar_image"):
        assert field_errors(response, name), name


# --- An artwork as the avatar ------------------------------------------------------------------


def test_choosing_another_members_artwork_is_refused(client, member):
    someone_else = create_artwork(UserFactory(), title="Not yours")

    soup = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    choices = [option.get_text() for option in soup.select("#id_avatar_artwork option")]
    assert "Not yours" not in choices and "Public work" in choices

    response = save_profile(client, member, avatar_artwork=someone_else.pk)

    assert response.status_code == 200
    assert "Choose one of your own works." in field_errors(response, "avatar_artwork")
    member.refresh_from_db()
    assert member.avatar_artwork is None


def test_artwork_avatar_shows_only_while_the_work_is_public(client, member, visitor):
    work = create_artwork(member, title="Self portrait", status=Artwork.Status.HIDDEN)

    # Any of the member's works may be chosen, whatever its status…
    assert save_profile(client, member, avatar_artwork=work.pk).status_code == 302
    member.refresh_from_db()
    assert member.avatar_artwork == work
    # …but the public page shows it only while the work itself is public.
    assert avatar_on(artist_page(visitor)) is None
    profile = client.get(PROFILE_URL).content.decode()
    assert "not shown on your page while the work is not public" in profile

    moderation.decide(work, Artwork.Status.PUBLISHED, by=None)
    avatar = avatar_on(artist_page(visitor))
    assert avatar is not None
    card_urls = {rendition.url for rendition in work.image.renditions.all()}
    assert avatar["src"] in card_urls  # the work's own card renditions, nothing new
    assert avatar["alt"] == ""  # decorative: the name is right beside it

    for status in (Artwork.Status.AWAITING_REVIEW, Artwork.Status.HELD, Artwork.Status.HIDDEN):
        moderation.decide(work, status, by=None)
        assert avatar_on(artist_page(visitor)) is None, status


def test_artwork_avatar_disappears_when_the_work_is_deleted(client, member, visitor):
    work = create_artwork(member, title="Self portrait")
    save_profile(client, member, avatar_artwork=work.pk)
    assert avatar_on(artist_page(visitor)) is not None

    work.delete()

    member.refresh_from_db()
    assert member.avatar_artwork is None
    assert avatar_on(artist_page(visitor)) is None


# --- An uploaded avatar ------------------------------------------------------------------------


def test_uploaded_avatar_is_cleaned_stored_in_member_uploads_and_shown(
    client, member, visitor, django_capture_on_commit_callbacks
):
    response = upload_avatar(
        client, member, django_capture_on_commit_callbacks, content=jpeg_with_gps()
    )

    assert response.status_code == 302
    member.refresh_from_db()
    image = member.avatar_image
    for name, (width, height) in assert_cleaned_member_upload(image, member, AVATAR_SPECS).items():
        assert max(width, height) <= 400  # proportions kept, never cropped
        if name != image.file.name:
            assert width > height

    avatar = avatar_on(artist_page(visitor))
    assert avatar["src"] in {rendition.url for rendition in image.renditions.all()}
    assert image.file.url not in str(artist_page(visitor))  # the original is never linked


def test_avatar_waits_for_its_renditions_and_visitors_never_make_them(
    client, member, visitor, django_capture_on_commit_callbacks
):
    # The upload commits, but the rendition task has not run yet (a busy worker).
    upload_avatar(client, member, capture=None)
    member.refresh_from_db()
    assert not member.avatar_image.renditions.exists()

    assert avatar_on(artist_page(visitor)) is None
    assert visitor.get("/artists/").status_code == 200
    assert not member.avatar_image.renditions.exists()

    from artworks.tasks import generate_avatar_renditions

    generate_avatar_renditions.call(member.avatar_image_id)
    assert avatar_on(artist_page(visitor)) is not None


def test_choosing_a_work_replaces_and_deletes_an_uploaded_avatar(
    client, member, media_files, visitor, django_capture_on_commit_callbacks
):
    files_before = media_files()
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.avatar_image_id
    work = Artwork.objects.get(artist=member)

    save_profile(client, member, django_capture_on_commit_callbacks, avatar_artwork=work.pk)

    member.refresh_from_db()
    assert member.avatar_artwork == work and member.avatar_image is None
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert avatar_on(artist_page(visitor))["src"] in {
        rendition.url for rendition in work.image.renditions.filter(filter_spec__in=CARD_SPECS)
    }


def test_saving_other_fields_keeps_the_avatar(client, member, django_capture_on_commit_callbacks):
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.avatar_image_id

    save_profile(client, member, django_capture_on_commit_callbacks, location="Porto")
    # An older form (or a script) posting only the names and bio leaves the avatar too.
    client.post(PROFILE_URL, {"display_name": "Ada", "bio": "New bio"})

    member.refresh_from_db()
    assert member.avatar_image_id == image_id
    assert member.location == "" and member.bio == "New bio"


# --- What an uploaded avatar and a banner share -------------------------------------------------


def test_replacing_an_uploaded_image_deletes_the_old_one_and_its_files(
    client, member, media_files, visitor, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    old = profile_image.of(member)
    old_files = stored_files(old)
    assert set(old_files) <= set(media_files())

    profile_image.upload(
        client, member, django_capture_on_commit_callbacks, image_bytes((900, 200))
    )

    member.refresh_from_db()
    new = profile_image.of(member)
    assert new.pk != old.pk
    assert not get_image_model().objects.filter(pk=old.pk).exists()
    assert not Rendition.objects.filter(image_id=old.pk).exists()
    assert not set(old_files) & set(media_files())
    assert set(stored_files(new)) <= set(media_files())
    assert profile_image.on(artist_page(visitor))["src"] in {
        rendition.url for rendition in new.renditions.all()
    }


def test_removing_an_uploaded_image_deletes_it_and_its_files(
    client, member, media_files, visitor, profile_image, django_capture_on_commit_callbacks
):
    files_before = media_files()  # the member's public work
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = profile_image.of(member).pk
    remove_label = f"Remove my {profile_image.name}"
    form = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert remove_label in form.select_one("main form").get_text()

    response = save_profile(
        client, member, django_capture_on_commit_callbacks, **{profile_image.remove: "on"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.avatar_artwork is None
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert profile_image.on(artist_page(visitor)) is None
    form = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert profile_image.no_image_text in form.get_text()
    assert remove_label not in form.select_one("main form").get_text()


def test_removing_and_uploading_at_once_is_refused(
    client, member, media_files, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    files_before = media_files()

    response = profile_image.upload(
        client, member, django_capture_on_commit_callbacks, **{profile_image.remove: "on"}
    )

    assert response.status_code == 200
    untick = f"Untick “Remove my {profile_image.name}”"
    assert untick in field_errors(response, profile_image.remove)
    assert media_files() == files_before


BAD_FILES = {
    "truncated": (image_bytes((400, 400))[:2000], "damaged or incomplete"),
    "not an image": (b"Dear diary, this is not a picture.\n" * 20, "not an image we can read"),
    "refused format": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG files are not accepted"),
    "empty": (b"", "This file is empty"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_a_form_error_and_nothing_is_stored(
    client, member, media_files, profile_image, kind
):
    files_before = media_files()
    images_before = get_image_model().objects.count()
    content, message = BAD_FILES[kind]

    response = profile_image.upload(
        client, member, capture=None, content=content, location="Lisbon"
    )

    assert response.status_code == 200
    assert message in field_errors(response, profile_image.field)
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.location == ""  # nothing half-saved


def test_an_oversized_file_is_a_form_error_and_nothing_is_stored(
    client, member, media_files, settings, profile_image
):
    files_before = media_files()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 1000
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 200
    assert "This file is too big" in field_errors(response, profile_image.field)
    member.refresh_from_db()
    assert profile_image.of(member) is None
    assert media_files() == files_before


def test_too_many_pixels_is_a_form_error(client, member, media_files, settings, profile_image):
    files_before = media_files()
    settings.ARTWORK_MAX_IMAGE_PIXELS = 10_000
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 200
    assert "too large" in field_errors(response, profile_image.field)
    assert media_files() == files_before


def test_a_full_disk_keeps_nothing(client, member, media_files, monkeypatch, profile_image):
    files_before = media_files()
    images_before = get_image_model().objects.count()

    def disk_full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = profile_image.upload(client, member, capture=None, location="Lisbon")

    assert response.status_code == 200
    assert "We could not store your file just now" in field_errors(response, profile_image.field)
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before
    member.refresh_from_db()
    assert profile_image.of(member) is None and member.location == ""  # nothing half-saved


def test_database_failure_after_the_file_is_written_removes_it(
    client, member, media_files, monkeypatch, profile_image
):
    files_before = media_files()
    images_before = get_image_model().objects.count()

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(User, "save", locked)
    response = profile_image.upload(client, member, capture=None)

    assert response.status_code == 503
    assert get_image_model().objects.count() == images_before
    assert media_files() == files_before


def test_an_uploaded_file_has_a_generated_name(
    client, member, profile_image, django_capture_on_commit_callbacks
):
    image = uploaded_image(name="../../my home address.jpg")
    save_profile(client, member, django_capture_on_commit_callbacks, **{profile_image.field: image})
    member.refresh_from_db()
    assert "address" not in profile_image.of(member).file.name


@pytest.mark.parametrize(
    ("profile_image", "added_queries"),
    # One query for the image's renditions on the artist page; the list shows avatars only.
    [(AVATAR, (1, 1)), (BANNER, (1, 0))],
    ids=["avatar", "banner"],
)
def test_artist_page_queries_stay_flat_with_an_uploaded_image(
    client,
    member,
    visitor,
    settings,
    profile_image,
    added_queries,
    django_capture_on_commit_callbacks,
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # The section URLs are looked up once per change of public content, then remembered.
    visitor.get("/")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get(url).status_code == 200
        return len(captured)

    without_image = queries("/artists/ada/"), queries("/artists/")
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    renditions = Rendition.objects.count()
    visitor.get("/")
    with_image = queries("/artists/ada/"), queries("/artists/")
    for number in range(10):
        create_artwork(member, title=f"More {number}")
    visitor.get("/")
    with_more_work = queries("/artists/ada/"), queries("/artists/")

    assert with_image == (
        without_image[0] + added_queries[0],
        without_image[1] + added_queries[1],
    )
    assert with_more_work == with_image  # whatever the number of works
    # Visitors made no rendition: the only new ones are the new works' own, made at upload.
    assert Rendition.objects.count() == renditions + 10 * len(ALL_SPECS)


def test_cleanup_media_keeps_the_images_files_and_removes_a_left_over_one(
    client, member, media_files, profile_image, django_capture_on_commit_callbacks
):
    profile_image.upload(client, member, django_capture_on_commit_callbacks)
    files = media_files()
    member.refresh_from_db()
    storage = profile_image.of(member).file.storage
    storage.save("original_images/left-over-image.jpg", io.BytesIO(image_bytes((900, 270))))

    call_command("cleanup_media", min_age=0, stdout=io.StringIO())

    assert media_files() == files


# --- Deleting, caching, listing ----------------------------------------------------------------


def test_cached_artist_page_follows_profile_changes(client, member, visitor):
    assert "Lisbon" not in str(artist_page(visitor))
    assert visitor.get("/artists/ada/")["X-Page-Cache"] == "hit"

    member.location = "Lisbon"
    member.save(update_fields=["location"])
    assert "Lisbon" in str(artist_page(visitor))

    member.link_1 = "https://ada.example"
    member.save(update_fields=["link_1"])
    assert "ada.example" in str(artist_page(visitor))


def test_artist_list_shows_avatars_and_locations(
    client, member, visitor, django_capture_on_commit_callbacks
):
    upload_avatar(client, member, django_capture_on_commit_callbacks, location="Lisbon")
    other = UserFactory(username="bea")
    work = create_artwork(other, title="Bea's work")
    other.avatar_artwork = work
    other.save()
    create_artwork(UserFactory(username="cy"), title="No avatar")

    soup = BeautifulSoup(visitor.get("/artists/").content, "html.parser")
    avatars = soup.select(".artist-list .avatar img")
    assert len(avatars) == 2
    assert all(avatar["alt"] == "" for avatar in avatars)
    assert "Lisbon" in soup.select_one(".artist-list").get_text()


# --- Profile saves and the public cache ---------------------------------------------------------


def test_saving_an_unchanged_profile_moves_nothing_public(client, member, settings):
    from unittest import mock

    from core.public_cache import public_version

    create_artwork(member, title="Indexed once")
    before = public_version()
    with mock.patch("members.signal_handlers.insert_or_update_object_task") as index:
        assert save_profile(client, member).status_code == 302
    assert public_version() == before
    index.enqueue.assert_not_called()

    # A new bio is public: cached pages go stale, but the artworks' search entries (which
    # hold the artist's name, not the bio) are left alone.
    with mock.patch("members.signal_handlers.insert_or_update_object_task") as index:
        assert save_profile(client, member, bio="New words").status_code == 302
    assert public_version() != before
    index.enqueue.assert_not_called()


def test_profile_saves_are_rate_limited_and_lose_nothing(client, member, settings):
    settings.PROFILE_SAVE_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert save_profile(client, member, bio="Fine").status_code == 302
    response = save_profile(client, member, bio="Too often, but kept in the form")
    assert response.status_code == 429
    page = response.content.decode()
    assert "saved your profile many times" in page
    assert "Too often, but kept in the form" in page
    member.refresh_from_db()
    assert member.bio == "Fine"


# --- Display names people can trust -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Mira\u202eelaV",  # right-to-left override
        "Mira\u2066Vale",  # bidi isolate
        "Mira\u200bVale",  # zero-width space
        "Mira\x07Vale",  # a control character
    ],
)
def test_display_name_refuses_invisible_and_direction_characters(client, member, name):
    response = save_profile(client, member, display_name=name)
    assert response.status_code == 200
    assert "invisible or text-direction characters" in field_errors(response, "display_name")
    member.refresh_from_db()
    assert member.display_name != name


def test_display_name_allows_emoji_sequences(client, member):
    assert save_profile(client, member, display_name="Ana 👩\u200d🎨").status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Ana 👩\u200d🎨"


@pytest.mark.parametrize(
    "copy",
    [
        "Mira Vale",
        "mira vale",
        "MIRA  VALE",
        "Míra Vale",
        "\u041cira Vale",
        "M1ra Vale",
        "Ｍｉｒａ Vale",
    ],
)
def test_display_name_cannot_copy_another_members_name(client, member, copy):
    UserFactory(username="mira", display_name="Mira Vale")
    response = save_profile(client, member, display_name=copy)
    assert response.status_code == 200
    assert "Another member already goes by this name" in field_errors(response, "display_name")


def test_display_name_cannot_copy_another_members_username(client, member):
    UserFactory(username="famous", display_name="")
    response = save_profile(client, member, display_name="Famous")
    assert "Another member already goes by this name" in field_errors(response, "display_name")
    # Keeping one's own name is no copy.
    assert save_profile(client, member, display_name=member.display_name).status_code == 302


def test_moderator_cannot_rename_a_member_to_another_members_name(client):
    from django.contrib.auth.models import Group

    UserFactory(username="mira", display_name="Mira Vale")
    target = UserFactory(username="plain")
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    response = client.post(
        f"/admin/users/edit/{target.pk}/", {"is_active": "on", "display_name": "MIRA VALE"}
    )
    assert response.status_code == 200
    assert "Another member already goes by this name" in response.content.decode()


# --- A profile banner ------------------------------------------------------------------------


def stylesheets(soup):
    return [link["href"] for link in soup.select('link[rel="stylesheet"]')]


def test_uploaded_banner_is_cleaned_and_shown_whole_at_the_top_of_the_artist_page(
    client, member, visitor, django_capture_on_commit_callbacks
):
    response = upload_banner(
        client, member, django_capture_on_commit_callbacks, content=jpeg_with_gps()
    )

    assert response.status_code == 302
    member.refresh_from_db()
    image = member.banner_image
    for name, (width, height) in assert_cleaned_member_upload(image, member, BANNER_SPECS).items():
        # A 4:3 photo in a 10:3 box: fitted whole, in its own proportions, not cropped.
        assert width / height == pytest.approx(4 / 3, rel=0.02), name

    soup = artist_page(visitor)
    banner = banner_on(soup)
    assert banner["src"] in {rendition.url for rendition in image.renditions.all()}
    assert banner["alt"] == ""  # decorative: the name is right below it
    assert banner["width"] and banner["height"]  # the space is kept before the image arrives
    # Above the avatar and the name, in the page's header.
    header = soup.select_one("main header").decode()
    assert header.index("profile-banner") < header.index("<h1")
    assert any(href.endswith("css/profile.css") for href in stylesheets(soup))
    assert image.file.url not in str(soup)  # the original is never linked


def test_a_page_without_a_banner_loads_no_banner_styles(visitor, member):
    soup = artist_page(visitor)
    assert banner_on(soup) is None
    assert not any(href.endswith("css/profile.css") for href in stylesheets(soup))


def test_banner_waits_for_its_renditions_and_the_member_sees_it_being_prepared(
    client, member, visitor
):
    # The upload commits, but the rendition task has not run yet (a busy worker).
    upload_banner(client, member, capture=None)
    member.refresh_from_db()
    assert not member.banner_image.renditions.exists()

    assert banner_on(artist_page(visitor)) is None
    assert not member.banner_image.renditions.exists()  # the visitor made none
    profile = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    preparing = profile.select_one(".banner-preview .image-preparing")
    assert preparing.get_text() == "Preparing the image…"
    assert preparing["aria-label"] == "Your banner"

    from artworks.tasks import generate_banner_renditions

    generate_banner_renditions.call(member.banner_image_id)
    assert banner_on(artist_page(visitor)) is not None
    profile = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    assert profile.select_one(".banner-preview img")["alt"] == "Your banner"


def test_banner_and_avatar_are_kept_apart(client, member, django_capture_on_commit_callbacks):
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    banner_id = member.banner_image_id

    # A new avatar, other fields, or a form posted without the banner leave the banner alone.
    upload_avatar(client, member, django_capture_on_commit_callbacks, location="Porto")
    client.post(PROFILE_URL, {"display_name": "Ada", "bio": "New bio"})
    member.refresh_from_db()
    assert member.banner_image_id == banner_id and member.avatar_image_id is not None

    # Removing the avatar leaves the banner; removing the banner leaves the avatar.
    save_profile(client, member, django_capture_on_commit_callbacks, remove_avatar="on")
    member.refresh_from_db()
    assert member.banner_image_id == banner_id and member.avatar_image_id is None
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    save_profile(client, member, django_capture_on_commit_callbacks, remove_banner="on")
    member.refresh_from_db()
    assert member.banner_image_id is None and member.avatar_image_id is not None


def test_each_image_sent_counts_as_an_upload_attempt(
    client, member, media_files, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "2/h"
    avatar = SimpleUploadedFile("me.jpg", image_bytes((300, 200)), "image/jpeg")
    response = upload_banner(
        client, member, django_capture_on_commit_callbacks, avatar_image=avatar
    )
    assert response.status_code == 302
    files_before = media_files()

    response = upload_banner(client, member, django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert "too many uploads" in response.content.decode()
    assert media_files() == files_before


def test_an_unconfirmed_member_cannot_upload_a_banner(client, media_files):
    member = UserFactory(username="newbie", verified_email=False)
    create_artwork(member, title="Work")
    client.force_login(member)
    files_before = media_files()

    response = upload_banner(client, member, capture=None)

    assert response.status_code == 200
    assert "Confirm your email address" in field_errors(response, "banner_image")
    assert media_files() == files_before


def test_deleting_the_member_deletes_their_banner_and_avatar(
    client, member, media_files, django_capture_on_commit_callbacks
):
    upload_avatar(client, member, django_capture_on_commit_callbacks)
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    assert member.banner_image_id and member.avatar_image_id

    with django_capture_on_commit_callbacks(execute=True):
        member.delete()

    assert not get_image_model().objects.exists()
    assert media_files() == []


def test_a_moderator_removes_a_banner_in_the_admin(
    client, member, media_files, visitor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from wagtail.models import ModelLogEntry

    files_before = media_files()
    upload_banner(client, member, django_capture_on_commit_callbacks)
    member.refresh_from_db()
    image_id = member.banner_image_id
    assert banner_on(artist_page(visitor)) is not None
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    admin = Client()
    admin.force_login(moderator)

    edit_url = f"/admin/users/edit/{member.pk}/"
    assert "Clear the banner" in admin.get(edit_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # The form as the browser posts it, the name unchanged (a new name would sign the
        # member's works again under new file names: tests/test_provenance_resign.py).
        response = admin.post(
            edit_url,
            {"display_name": member.display_name, "is_active": "on", "clear": ["banner"]},
        )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.banner_image is None and member.is_active
    assert member.bio  # only what was ticked
    assert not get_image_model().objects.filter(pk=image_id).exists()
    assert media_files() == files_before
    assert banner_on(artist_page(visitor)) is None
    entry = ModelLogEntry.objects.get(object_id=str(member.pk), action="members.clear_profile")
    assert entry.user == moderator and entry.data["cleared"] == ["banner"]


# --- The list of artists -------------------------------------------------------------------------


def listed_artists(visitor):
    soup = BeautifulSoup(visitor.get("/artists/").content, "html.parser")
    return [
        link.get_text(strip=True) for link in soup.select(".artist-list h2 a, .artist-list h3 a")
    ]


def test_the_artist_list_follows_every_path_that_lists_or_unlists_an_artists_work(
    client, visitor, moderator
):
    """/artists/ reads each member's count of listed works (MemberManager.recount_listed_works):
    the member's own edit and delete, a moderator's decision one at a time or in bulk, a
    suspension and an account deletion all take the artist off the list or bring them back."""
    from members.deletion import request_deletion
    from members.moderation import set_member_active
    from tests.artworks.test_visibility import member_edit

    noor = UserFactory(username="noor", display_name="Noor Haddad")
    first = create_artwork(noor, title="First")
    second = create_artwork(noor, title="Second")
    create_artwork(UserFactory(display_name="Other Artist"), title="Other")
    owner = Client()
    owner.force_login(noor)
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]

    # The member unlists both works, then lists one again.
    for work in (first, second):
        assert member_edit(owner, work, visibility="unlisted").status_code == 302
    assert listed_artists(visitor) == ["Other Artist"]
    assert member_edit(owner, first, visibility="listed").status_code == 302
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]

    # A moderator hides it (in bulk), publishes it again (in bulk), hides it alone.
    hide = f"/admin/bulk/artworks/artwork/hide/?id={first.pk}&next=/admin/"
    assert client.post(hide, {"moderation_note": "Spam"}).status_code == 302
    assert listed_artists(visitor) == ["Other Artist"]
    assert client.post(f"/admin/bulk/artworks/artwork/publish/?id={first.pk}").status_code == 302
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    moderation.decide(first, Artwork.Status.HIDDEN, by=moderator)
    assert listed_artists(visitor) == ["Other Artist"]
    moderation.decide(first, Artwork.Status.PUBLISHED, by=moderator)

    # Suspended and reactivated; then the member deletes the work, and their other one is
    # still unlisted.
    set_member_active(noor, False, by=moderator)
    assert listed_artists(visitor) == ["Other Artist"]
    set_member_active(noor, True, by=moderator)
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    owner.force_login(noor)  # deactivation ended their sessions
    assert owner.post(first.get_delete_url()).status_code == 302
    assert not Artwork.objects.filter(pk=first.pk).exists()
    assert listed_artists(visitor) == ["Other Artist"]

    # A new upload lists them again; deleting the account takes them off.
    create_artwork(noor, title="Third")
    assert listed_artists(visitor) == ["Noor Haddad", "Other Artist"]
    request_deletion(User.objects.get(pk=noor.pk))
    assert listed_artists(visitor) == ["Other Artist"]


def test_the_admin_deleting_an_artists_only_work_takes_them_off_the_list(
    client, visitor, moderator
):
    work = create_artwork(UserFactory(display_name="Lone Work"), title="Only")
    assert listed_artists(visitor) == ["Lone Work"]
    response = client.post(
        f"/admin/bulk/artworks/artwork/delete/?id={work.pk}&next=/admin/snippets/artworks/artwork/"
    )
    assert response.status_code == 302
    assert listed_artists(visitor) == []


def test_saving_a_member_loaded_before_their_work_changed_keeps_the_list_right(visitor):
    """A profile save writes the whole row: it must not put back the count of listed works it
    was loaded with."""
    bea = UserFactory(username="bea", display_name="Bea Stone")
    loaded_before = User.objects.get(pk=bea.pk)
    create_artwork(bea, title="Bea's work")
    loaded_before.bio = "New words."
    loaded_before.save()
    assert listed_artists(visitor) == ["Bea Stone"]
    assert User.objects.get(pk=bea.pk).bio == "New words."


def test_the_artist_list_is_exactly_the_members_with_listed_work(visitor):
    listed = UserFactory(display_name="Listed Artist")
    create_artwork(listed, title="Shown")
    create_artwork(listed, title="Unlisted", visibility=Artwork.Visibility.UNLISTED)
    create_artwork(UserFactory(display_name="Only Unlisted"), visibility="unlisted")
    create_artwork(UserFactory(display_name="Only Hidden"), status=Artwork.Status.HIDDEN)
    create_artwork(UserFactory(display_name="Only Awaiting"), status="awaiting_review")
    create_artwork(UserFactory(display_name="Unconfirmed", verified_email=False))
    UserFactory(display_name="No Work")
    assert listed_artists(visitor) == ["Listed Artist"]
    assert [artist.pk for artist in User.objects.artists()] == [listed.pk]
