"""Uploads cannot exhaust the server: cheap checks (attempt rate limits, the daily limit, the
other fields, the header's pixel count per format) refuse a request before anything decodes
it; the daily limit and image replacements hold under concurrent requests; animations are
kept within the size limit or refused with a message that says why."""

import io
import threading

import pillow_heif
import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from wagtail.images import get_image_model

from artworks import forms as artwork_forms
from artworks import images
from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.uploading import (
    FIELDS,
    PROFILE_URL,
    UPLOAD_URL,
    assert_nothing_stored,
    jpeg,
    profile_data,
    upload,
)

pillow_heif.register_heif_opener()

pytestmark = pytest.mark.django_db


def still(image_format, size=(64, 48), mode="RGB", **options):
    output = io.BytesIO()
    colour = (40, 80, 160) if mode == "RGB" else 120
    Image.new(mode, size, colour).save(output, image_format, **options)
    return output.getvalue()


def animation(image_format, frames=3, size=(64, 48), **options):
    pictures = [Image.new("RGB", size, (60 * n, 80, 160)) for n in range(frames)]
    output = io.BytesIO()
    pictures[0].save(output, image_format, save_all=True, append_images=pictures[1:], **options)
    return output.getvalue()


# --- No decode for a request that will be refused --------------------------------------------


def test_missing_alt_text_is_refused_without_decoding_the_image(
    client, member, media_files, decoded_sizes
):
    response = upload(client, jpeg((1200, 900)), alt_text="")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_alt_text_error"' in page
    assert 'value="Harbour at dawn"' in page
    assert decoded_sizes == []
    assert_nothing_stored(media_files)


def test_daily_limit_is_refused_without_decoding_the_image(
    client, member, media_files, decoded_sizes, settings
):
    settings.ARTWORK_UPLOADS_PER_DAY = 1
    create_artwork(member, title="Earlier today")
    decoded_sizes.clear()
    response = upload(client, jpeg((1200, 900)))
    assert response.status_code == 200
    assert "the daily limit" in response.content.decode()
    assert decoded_sizes == []
    assert Artwork.objects.count() == 1


def test_avatar_image_is_not_decoded_while_another_profile_field_is_wrong(
    client, member, decoded_sizes
):
    data = profile_data(member, link_1="javascript:alert(1)", avatar_image=jpeg((900, 900)))
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 200
    assert "Only web links can be shown" in response.content.decode()
    assert decoded_sizes == []
    member.refresh_from_db()
    assert member.avatar_image is None


def test_avif_over_its_own_pixel_ceiling_is_refused_from_the_header(
    client, member, media_files, decoded_sizes, settings
):
    settings.ARTWORK_MAX_PIXELS_BY_FORMAT = {"AVIF": 1_000_000}
    content = still("AVIF", size=(1200, 1000), quality=30, speed=10)
    response = upload(client, SimpleUploadedFile("big.avif", content, "image/avif"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This image is too large (1.2 megapixels)" in page
    assert "The limit is 1 megapixels for AVIF images" in page
    assert decoded_sizes == []
    assert_nothing_stored(media_files)


def test_upload_form_states_the_lower_ceilings_of_slow_formats(client, member):
    page = client.get(UPLOAD_URL).content.decode()
    assert "up to 25.0\xa0MB and 60 megapixels (PNG 40, WebP 16, AVIF 8)." in page


# --- Rate limits on attempts -------------------------------------------------------------------


def test_upload_attempts_over_the_members_limit_get_a_429_that_keeps_the_form(
    client, member, media_files, decoded_sizes, settings
):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert upload(client, jpeg(), alt_text="").status_code == 200  # refused, but counted
    decoded_sizes.clear()
    response = upload(client, jpeg((1200, 900)), title="Third try")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent too many uploads in the last hour" in page
    assert 'value="Third try"' in page  # what the member typed is kept
    assert "Boats in a grey harbour" in page
    assert decoded_sizes == []
    assert_nothing_stored(media_files)


def test_upload_attempts_from_one_address_are_limited_across_members(client, settings):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = "2/h"
    for _ in range(2):
        client.force_login(UserFactory())
        assert upload(client, jpeg(), alt_text="").status_code == 200
    client.force_login(UserFactory())
    response = upload(client, jpeg())
    assert response.status_code == 429
    assert Artwork.objects.count() == 0


def test_another_address_is_not_limited_by_a_busy_one(client, member, settings):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS = "1/h"
    assert upload(client, jpeg(), alt_text="").status_code == 200
    assert upload(client, jpeg()).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.7")
    other.force_login(UserFactory())
    assert upload(other, jpeg()).status_code == 302


def test_edit_attempts_count_towards_the_limit(client, member, settings):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "1/h"
    artwork = create_artwork(member, title="First title")
    url = f"/my/artworks/{artwork.pk}/edit/"
    assert client.post(url, {**FIELDS, "title": "Second title"}).status_code == 302
    response = client.post(url, {**FIELDS, "title": "Third title", "image": jpeg()})
    assert response.status_code == 429
    assert 'value="Third title"' in response.content.decode()
    artwork.refresh_from_db()
    assert artwork.title == "Second title"


def test_avatar_uploads_count_towards_the_limit_and_other_profile_saves_do_not(
    client, member, settings
):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "1/h"
    assert upload(client, jpeg(), alt_text="").status_code == 200
    response = client.post(PROFILE_URL, profile_data(member, avatar_image=jpeg((200, 200))))
    assert response.status_code == 429
    assert "You have sent too many uploads in the last hour" in response.content.decode()
    member.refresh_from_db()
    assert member.avatar_image is None
    response = client.post(PROFILE_URL, profile_data(member, location="Lisbon"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.location == "Lisbon"


# --- Concurrency -------------------------------------------------------------------------------


def run_together(requests, monkeypatch):
    """Send the requests from threads at once, each past every check before any is saved: each
    waits at a barrier after its form's checks, where the image is decoded."""
    barrier = threading.Barrier(len(requests), timeout=20)
    real_rebuild = images.rebuild_when_valid

    def rebuild_together(*args, **kwargs):
        # After the decode (which takes one process-wide slot at a time), not inside it.
        real_rebuild(*args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(artwork_forms, "rebuild_when_valid", rebuild_together)
    responses = [None] * len(requests)

    def send(number, request):
        try:
            responses[number] = request()
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(number, request))
        for number, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def logged_in_client(member):
    client = Client()
    client.force_login(member)
    return client


def files_without_a_row(media_files):
    Image_ = get_image_model()
    referenced = set(Image_.objects.values_list("file", flat=True))
    referenced |= set(Image_.get_rendition_model().objects.values_list("file", flat=True))
    return [
        name
        for name in media_files()
        if name.startswith(("original_images/", "images/")) and name not in referenced
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_uploads_cannot_pass_the_daily_limit(media_files, settings, monkeypatch):
    settings.ARTWORK_UPLOADS_PER_DAY = 2
    member = UserFactory()
    create_artwork(member, title="Earlier today")
    clients = [logged_in_client(member) for _ in range(3)]
    responses = run_together(
        [lambda c=c, n=n: upload(c, jpeg(), title=f"At once {n}") for n, c in enumerate(clients)],
        monkeypatch,
    )
    assert sorted(response.status_code for response in responses) == [200, 200, 302]
    for response in responses:
        if response.status_code == 200:
            assert "the daily limit" in response.content.decode()
    assert Artwork.objects.filter(artist=member).count() == 2
    assert get_image_model().objects.count() == 2
    assert files_without_a_row(media_files) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_image_replacements_leave_no_orphan_image_or_file(media_files, monkeypatch):
    member = UserFactory()
    artwork = create_artwork(member, title="Replaced often")
    url = f"/my/artworks/{artwork.pk}/edit/"
    clients = [logged_in_client(member) for _ in range(3)]
    responses = run_together(
        [
            lambda c=c, n=n: c.post(
                url, {**FIELDS, "title": "Replaced often", "image": jpeg((300 + n, 200))}
            )
            for n, c in enumerate(clients)
        ],
        monkeypatch,
    )
    assert [response.status_code for response in responses] == [302, 302, 302]
    artwork.refresh_from_db()
    assert get_image_model().objects.get() == artwork.image  # one image: the last one saved
    assert artwork.image.file.name in media_files()
    assert files_without_a_row(media_files) == []


# --- Animations and greyscale HEIC -------------------------------------------------------------


def test_animated_avif_is_refused_with_the_reason(client, member, media_files):
    content = animation("AVIF", speed=10)
    response = upload(client, SimpleUploadedFile("anim.avif", content, "image/avif"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Animated AVIF is not supported" in page
    assert "not an image we can read" not in page
    assert_nothing_stored(media_files)


def test_animated_png_is_refused_with_the_reason(client, member, media_files):
    content = animation("PNG")
    response = upload(client, SimpleUploadedFile("anim.png", content, "image/png"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Animated PNG (APNG) is not supported" in page
    assert "not an image we can read" not in page
    assert_nothing_stored(media_files)


def test_greyscale_heic_is_accepted_and_stored_as_a_greyscale_jpeg(client, member):
    content = still("HEIF", size=(120, 80), mode="L")
    response = upload(client, SimpleUploadedFile("grey.heic", content, "image/heic"))
    assert response.status_code == 302
    stored = Artwork.objects.get().image
    assert stored.file.name.endswith(".jpg")
    with stored.file.open("rb") as handle, Image.open(handle) as picture:
        assert (picture.format, picture.mode, picture.size) == ("JPEG", "L", (120, 80))


def noisy_animated_webp():
    """A lossy animated WebP at a low quality: our quality writes it several times bigger."""
    frames = [Image.effect_noise((160, 120), 90).convert("RGB") for _ in range(4)]
    output = io.BytesIO()
    frames[0].save(output, "WEBP", save_all=True, append_images=frames[1:], quality=5)
    return output.getvalue()


def test_animation_that_would_grow_past_the_size_limit_is_refused(
    client, member, media_files, settings
):
    content = noisy_animated_webp()
    settings.ARTWORK_MAX_UPLOAD_SIZE = len(content) + 100
    response = upload(client, SimpleUploadedFile("anim.webp", content, "image/webp"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Once cleaned, this animation would be too big" in page
    assert 'id="id_image_error"' in page
    assert_nothing_stored(media_files)


def test_animated_webp_within_the_limit_stays_an_animation(client, member):
    response = upload(client, SimpleUploadedFile("a.webp", animation("WEBP"), "image/webp"))
    assert response.status_code == 302
    stored = Artwork.objects.get().image
    with stored.file.open("rb") as handle, Image.open(handle) as picture:
        assert picture.n_frames == 3
        assert stored.file.size <= 25 * 1024 * 1024


def test_a_title_with_a_line_break_is_refused_without_decoding_the_image(
    client, member, media_files, decoded_sizes
):
    response = upload(client, jpeg((1200, 900)), title="Two\nlines")
    assert response.status_code == 200
    assert "Keep this to one line" in response.content.decode()
    assert decoded_sizes == []
    assert_nothing_stored(media_files)


def test_a_copied_display_name_is_refused_without_decoding_the_avatar(
    client, member, decoded_sizes
):
    UserFactory(username="mira", display_name="Mira Vale")
    data = profile_data(member, display_name="MIRA VALE", avatar_image=jpeg((900, 900)))
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 200
    assert "Another member already goes by this name" in response.content.decode()
    assert decoded_sizes == []


def test_profile_saves_over_their_limit_decode_no_avatar(client, member, decoded_sizes, settings):
    settings.PROFILE_SAVE_RATE_LIMIT = "1/m"
    assert client.post(PROFILE_URL, profile_data(member)).status_code == 302
    data = profile_data(member, avatar_image=jpeg((900, 900)))
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 429
    assert decoded_sizes == []


def test_an_avatar_upload_needs_a_confirmed_email(client, decoded_sizes):
    unconfirmed = UserFactory(verified_email=False)
    client.force_login(unconfirmed)
    data = profile_data(unconfirmed, avatar_image=jpeg((900, 900)))
    response = client.post(PROFILE_URL, data)
    assert response.status_code == 200
    assert "Confirm your email address before you upload an avatar" in response.content.decode()
    assert decoded_sizes == []
    unconfirmed.refresh_from_db()
    assert unconfirmed.avatar_image is None
