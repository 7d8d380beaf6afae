"""A work's extra images (details, process, other views): added, changed, reordered and
removed by the artist, cleaned like the main image, shown and hidden with the work, deleted
with it, edited by moderators in the admin."""

import io
import re

import pytest
from PIL import Image

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from tests.artworks.test_upload import jpeg_with_private_metadata
from tests.factories import (
    UserFactory,
    add_extra_image,
    create_artwork,
    image_bytes,
    uploaded_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(username="iris")
    client.force_login(user)
    return user


def add_url(artwork):
    return f"/my/artworks/{artwork.pk}/images/"


def post_extra(client, artwork, image=None, json=False, **fields):
    data = {"alt_text": "The hands, close up", "caption": "Detail", **fields}
    if image is not False:
        data["image"] = image or uploaded_image("detail.jpg")
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(add_url(artwork), data, **headers)


def stored_names(artwork):
    """Every file name the work's images and their renditions have."""
    names = []
    for image in get_image_model().objects.filter(
        pk__in=[artwork.image_id, *artwork.extra_images.values_list("image_id", flat=True)]
    ):
        names.append(image.file.name)
        names += [rendition.file.name for rendition in image.renditions.all()]
    return names


# --- Adding: the same cleaning, limits and failure handling as the main image --------------------


def test_member_adds_an_extra_image_from_the_edit_page(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member, title="Hands")
    page = client.get(artwork.get_edit_url()).content.decode()
    assert "More images of this work" in page
    assert f'action="{add_url(artwork)}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = post_extra(client, artwork)
    assert response.status_code == 302
    assert response["Location"] == f"{artwork.get_edit_url()}#more-images"
    extra = artwork.extra_images.get()
    assert (extra.alt_text, extra.caption) == ("The hands, close up", "Detail")
    # Stored like the main image: in "Member uploads", a generated name, renditions made by
    # the upload task.
    assert extra.image.collection.name == "Member uploads"
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.jpg", extra.image.file.name)
    assert extra.image.renditions.count() >= 5
    edit_page = client.get(artwork.get_edit_url()).content.decode()
    assert 'alt="The hands, close up"' in edit_page and "Preparing the image" not in edit_page


def test_extra_image_carries_no_private_metadata_and_is_upright(
    client, member, django_capture_on_commit_callbacks
):
    artwork = create_artwork(member)
    with django_capture_on_commit_callbacks(execute=True):
        post_extra(
            client,
            artwork,
            SimpleUploadedFile("IMG_0002.jpg", jpeg_with_private_metadata(), "image/jpeg"),
        )
    image = artwork.extra_images.get().image
    assert (image.width, image.height) == (200, 400)
    for stored in [image.file, *(rendition.file for rendition in image.renditions.all())]:
        with stored.storage.open(stored.name) as handle:
            data = handle.read()
        assert b"SERIAL-12345" not in data and b"secret-location" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert not picture.getexif(), stored.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"just text, not an image"), "not an image we can read"),
        (SimpleUploadedFile("cut.jpg", image_bytes()[:600]), "damaged or incomplete"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_kept(
    client, member, media_files, upload, message
):
    artwork = create_artwork(member)
    before = media_files()
    response = post_extra(client, artwork, upload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ArtworkImage.objects.exists()
    assert media_files() == before


def test_the_size_and_pixel_limits_apply(client, member, media_files, settings):
    artwork = create_artwork(member)
    before = media_files()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 1000
    response = post_extra(client, artwork)
    assert "This file is too big" in response.content.decode()
    settings.ARTWORK_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
    settings.ARTWORK_MAX_IMAGE_PIXELS = 1000
    response = post_extra(client, artwork)
    assert "This image is too large" in response.content.decode()
    assert not ArtworkImage.objects.exists() and media_files() == before


def test_alt_text_is_required_and_one_line(client, member, media_files):
    artwork = create_artwork(member)
    before = media_files()
    assert "This field is required" in post_extra(client, artwork, alt_text="").content.decode()
    response = post_extra(client, artwork, alt_text="two\nlines")
    assert "Keep this to one line" in response.content.decode()
    assert not ArtworkImage.objects.exists() and media_files() == before


def test_the_eleventh_image_is_refused_with_a_clear_message(client, member, media_files):
    artwork = create_artwork(member)
    for number in range(10):
        add_extra_image(artwork, alt_text=f"View {number}")
    page = client.get(artwork.get_edit_url()).content.decode()
    assert "the most it can have" in page
    before = media_files()
    response = post_extra(client, artwork)
    assert response.status_code == 400
    assert "This work has 10 more images already" in response.content.decode()
    response = post_extra(client, artwork, json=True)
    assert response.json()["errors"]["__all__"][0].startswith("This work has 10 more images")
    assert artwork.extra_images.count() == 10 and media_files() == before


def test_extra_images_count_in_the_daily_upload_limit(client, member, settings):
    settings.ARTWORK_UPLOADS_PER_DAY = 3
    artwork = create_artwork(member)
    assert post_extra(client, artwork).status_code == 302
    assert post_extra(client, artwork).status_code == 302
    response = post_extra(client, artwork)
    assert "the daily limit" in response.content.decode()
    # A new work is refused too: one work and two extra images make three.
    response = client.post(
        "/my/artworks/upload/", {"title": "One more", "alt_text": "x", "image": uploaded_image()}
    )
    assert "the daily limit" in response.content.decode()
    assert artwork.extra_images.count() == 2 and Artwork.objects.count() == 1


def test_too_many_attempts_are_refused_before_decoding(client, member, settings, decoded_sizes):
    settings.UPLOAD_ATTEMPT_RATE_LIMIT = "1/h"
    artwork = create_artwork(member)
    decoded_sizes.clear()
    assert post_extra(client, artwork).status_code == 302
    decoded_sizes.clear()
    response = post_extra(client, artwork, json=True)
    assert response.status_code == 429
    assert "too many uploads" in str(response.json()["errors"])
    assert decoded_sizes == []


def test_a_full_disk_leaves_no_file_and_no_row(client, member, media_files, monkeypatch):
    artwork = create_artwork(member)
    before = media_files()

    def disk_full(self, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    response = post_extra(client, artwork)
    assert response.status_code == 400
    assert "We could not store your file just now" in response.content.decode()
    assert not ArtworkImage.objects.exists()
    assert get_image_model().objects.count() == 1 and media_files() == before


def test_a_failure_after_the_file_is_written_removes_it(client, member, media_files, monkeypatch):
    artwork = create_artwork(member)
    before = media_files()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ArtworkImage, "save", broken_save)
    client.raise_request_exception = False
    assert post_extra(client, artwork).status_code == 500
    assert not ArtworkImage.objects.exists()
    assert get_image_model().objects.count() == 1 and media_files() == before


# --- The JSON endpoint the multi-file uploader uses ----------------------------------------------


def test_json_endpoint_answers_ok_with_the_id(client, member):
    artwork = create_artwork(member)
    response = post_extra(client, artwork, json=True)
    assert response.status_code == 200
    assert response.json() == {"ok": True, "id": artwork.extra_images.get().pk}


def test_json_endpoint_answers_errors_by_field(client, member):
    artwork = create_artwork(member)
    response = post_extra(client, artwork, image=False, alt_text="", json=True)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert set(body["errors"]) == {"image", "alt_text"}


def test_another_members_work_is_404(client, member):
    other_work = create_artwork(UserFactory())
    assert post_extra(client, other_work).status_code == 404
    assert post_extra(client, other_work, json=True).status_code == 404
    extra = add_extra_image(other_work)
    base = f"/my/artworks/{other_work.pk}/images/{extra.pk}/"
    assert client.post(base, {"alt_text": "mine now"}).status_code == 404
    assert client.post(f"{base}move/", {"direction": "up"}).status_code == 404
    assert client.post(f"{base}delete/").status_code == 404
    assert ArtworkImage.objects.get().alt_text == "A detail of the work"


# --- Changing, reordering, removing --------------------------------------------------------------


def test_member_changes_alt_text_and_caption(client, member):
    artwork = create_artwork(member)
    extra = add_extra_image(artwork)
    url = f"/my/artworks/{artwork.pk}/images/{extra.pk}/"
    response = client.post(url, {"alt_text": "The sketch before the paint", "caption": "Sketch"})
    assert response.status_code == 302
    extra.refresh_from_db()
    assert (extra.alt_text, extra.caption) == ("The sketch before the paint", "Sketch")
    response = client.post(url, {"alt_text": "", "caption": "Sketch"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    extra.refresh_from_db()
    assert extra.alt_text == "The sketch before the paint"


def captions_in_order(artwork):
    return list(artwork.extra_images.order_by("sort_order").values_list("caption", flat=True))


def test_member_moves_images_up_and_down(client, member):
    artwork = create_artwork(member)
    first, second, third = (add_extra_image(artwork, caption=name) for name in "ABC")
    assert captions_in_order(artwork) == ["A", "B", "C"]
    base = f"/my/artworks/{artwork.pk}/images/"
    assert client.post(f"{base}{third.pk}/move/", {"direction": "up"}).status_code == 302
    assert captions_in_order(artwork) == ["A", "C", "B"]
    client.post(f"{base}{first.pk}/move/", {"direction": "down"})
    assert captions_in_order(artwork) == ["C", "A", "B"]
    client.post(f"{base}{third.pk}/move/", {"direction": "up"})  # first already: no change
    assert captions_in_order(artwork) == ["C", "A", "B"]
    page = client.get(artwork.get_edit_url()).content.decode()
    assert page.index(f"extra-image-{third.pk}") < page.index(f"extra-image-{second.pk}")
    public = client.get(artwork.get_absolute_url()).content.decode()
    assert public.index(">C</figcaption>") < public.index(">A</figcaption>")


def test_member_removes_an_image_after_confirming(client, member):
    artwork = create_artwork(member)
    kept = add_extra_image(artwork, caption="Kept")
    removed = add_extra_image(artwork, caption="Removed")
    url = f"/my/artworks/{artwork.pk}/images/{removed.pk}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove this image" in confirm.content.decode()
    assert ArtworkImage.objects.count() == 2
    response = client.post(url)
    assert response.status_code == 302
    assert list(ArtworkImage.objects.all()) == [kept]
    assert not get_image_model().objects.filter(pk=removed.image_id).exists()


# --- Shown and hidden with the work --------------------------------------------------------------


def test_artwork_page_shows_the_strip_for_the_viewer(client):
    artwork = create_artwork(title="Triptych")
    extra = add_extra_image(artwork, alt_text="The left panel", caption="Left panel")
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "artwork-images.css" in page
    item = re.search(r"<figure data-viewer-item[^>]*>", page).group(0)
    large = extra.largest_rendition
    assert large.width == 640  # the work's own size: renditions never upscale
    assert f'data-viewer-src="{large.url}"' in item
    assert f'data-viewer-width="{large.width}"' in item
    assert f'data-viewer-height="{large.height}"' in item
    assert 'data-viewer-alt="The left panel"' in item
    assert 'alt="The left panel"' in page and "Left panel</figcaption>" in page
    assert f'<a href="{large.url}">' in page


def test_an_image_without_renditions_shows_preparing(client):
    artwork = create_artwork()
    extra = add_extra_image(artwork, alt_text="Still cooking")
    extra.image.renditions.all().delete()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Preparing the image…" in page
    assert 'aria-label="Still cooking"' in page
    # Only the main image is an item of the full-size view until the extra one is ready.
    assert page.count("data-viewer-item") == 1


def test_a_work_without_extra_images_has_no_strip(client):
    artwork = create_artwork()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "More images of this work" not in page and "artwork-images.css" not in page


@pytest.mark.parametrize("status", ["hidden", "held", "awaiting_review"])
def test_extra_images_are_not_public_while_the_work_is_not(client, status):
    artwork = create_artwork(title="Withdrawn")
    add_extra_image(artwork, caption="Secret detail")
    Artwork.objects.filter(pk=artwork.pk).update(status=status)
    assert client.get(artwork.get_absolute_url()).status_code == 404
    assert "Secret detail" not in client.get("/gallery/").content.decode()


def test_an_unlisted_works_extra_images_are_on_its_page_only(client):
    artwork = create_artwork(title="By link")
    add_extra_image(artwork, caption="Linked detail")
    Artwork.objects.filter(pk=artwork.pk).update(visibility="unlisted")
    assert "Linked detail" in client.get(artwork.get_absolute_url()).content.decode()
    assert "By link" not in client.get("/gallery/").content.decode()


def test_hiding_a_work_moves_its_extra_images_renditions_to_new_names(
    client, django_capture_on_commit_callbacks
):
    from artworks import moderation

    artwork = create_artwork()
    extra = add_extra_image(artwork)
    seen = {rendition.file.name for rendition in extra.image.renditions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.HIDDEN, by=None)
    now = {rendition.file.name for rendition in extra.image.renditions.all()}
    assert seen and not seen & now
    for name in seen:
        assert client.get(f"/media/{name}").status_code == 404


def test_deactivating_the_artist_moves_extra_images_renditions_too(
    django_capture_on_commit_callbacks,
):
    from members.moderation import set_member_active

    artwork = create_artwork()
    extra = add_extra_image(artwork)
    seen = {rendition.file.name for rendition in extra.image.renditions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        set_member_active(artwork.artist, False, by=None)
    assert not seen & {rendition.file.name for rendition in extra.image.renditions.all()}


def test_with_review_on_a_new_extra_image_sends_published_work_to_review(client, member):
    from wagtail.models import Site

    from artworks.models import ReviewSettings

    review = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    review.review_new_uploads = True
    review.save()
    artwork = create_artwork(member, title="Reviewed")
    assert post_extra(client, artwork).status_code == 302
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.AWAITING_REVIEW
    client.logout()
    assert client.get(artwork.get_absolute_url()).status_code == 404


def test_a_mature_works_extra_images_are_veiled_with_it(client):
    artwork = create_artwork()
    add_extra_image(artwork)
    Artwork.objects.filter(pk=artwork.pk).update(mature=True)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert 'class="extra-images mature"' in page


# --- Deleted with the work, on every path --------------------------------------------------------


@pytest.fixture
def work_with_extras(django_capture_on_commit_callbacks):
    artist = UserFactory(username="lena")
    artwork = create_artwork(artist, title="Many views")
    for number in range(3):
        add_extra_image(artwork, caption=f"View {number}")
    return artwork


def assert_all_files_gone(media_files, names, execute):
    assert names and all(name in media_files() for name in names)
    execute()
    remaining = media_files()
    assert not any(name in remaining for name in names), remaining
    assert not ArtworkImage.objects.exists()
    assert not get_image_model().objects.exists()


def test_members_delete_removes_every_file(
    client, work_with_extras, media_files, django_capture_on_commit_callbacks
):
    client.force_login(work_with_extras.artist)
    names = stored_names(work_with_extras)

    def delete():
        with django_capture_on_commit_callbacks(execute=True):
            client.post(work_with_extras.get_delete_url())

    assert_all_files_gone(media_files, names, delete)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/artworks/artwork/delete/{pk}/",
        "/admin/bulk/artworks/artwork/delete/?id={pk}&next=/admin/snippets/artworks/artwork/",
    ],
    ids=["delete view", "bulk delete"],
)
def test_admin_delete_removes_every_file(
    client, work_with_extras, media_files, django_capture_on_commit_callbacks, url
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    names = stored_names(work_with_extras)

    def delete():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url.format(pk=work_with_extras.pk))
        assert response.status_code == 302

    assert_all_files_gone(media_files, names, delete)


def test_deleting_the_member_removes_every_file(
    work_with_extras, media_files, django_capture_on_commit_callbacks
):
    names = stored_names(work_with_extras)

    def delete():
        with django_capture_on_commit_callbacks(execute=True):
            work_with_extras.artist.delete()

    assert_all_files_gone(media_files, names, delete)


def test_removing_one_image_removes_its_files(
    client, work_with_extras, media_files, django_capture_on_commit_callbacks
):
    client.force_login(work_with_extras.artist)
    extra = work_with_extras.extra_images.first()
    names = [extra.image.file.name, *(r.file.name for r in extra.image.renditions.all())]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/my/artworks/{work_with_extras.pk}/images/{extra.pk}/delete/")
    remaining = media_files()
    assert not any(name in remaining for name in names)
    assert work_with_extras.extra_images.count() == 2


def test_deleting_the_image_in_the_library_takes_only_that_extra_image(work_with_extras):
    extra = work_with_extras.extra_images.first()
    extra.image.delete()
    assert Artwork.objects.filter(pk=work_with_extras.pk).exists()
    assert work_with_extras.extra_images.count() == 2


# --- The Wagtail admin ---------------------------------------------------------------------------


def admin_data(artwork, extras, **changes):
    data = {
        "title": artwork.title,
        "alt_text": artwork.alt_text,
        "description": "",
        "tags": "",
        "status": artwork.status,
        "moderation_note": "",
        "licence": "all-rights-reserved",
        "size_unit": "cm",
        "visibility": "listed",
        "extra_images-TOTAL_FORMS": str(len(extras)),
        "extra_images-INITIAL_FORMS": str(len(extras)),
        "extra_images-MIN_NUM_FORMS": "0",
        "extra_images-MAX_NUM_FORMS": "10",
    }
    for number, extra in enumerate(extras):
        data.update(
            {
                f"extra_images-{number}-id": str(extra.pk),
                f"extra_images-{number}-alt_text": extra.alt_text,
                f"extra_images-{number}-caption": extra.caption,
                f"extra_images-{number}-ORDER": str(number + 1),
            }
        )
    data.update(changes)
    return data


def test_moderator_edits_alt_text_reorders_and_removes_in_the_inline_panel(
    client, moderator, work_with_extras, django_capture_on_commit_callbacks
):
    url = f"/admin/snippets/artworks/artwork/edit/{work_with_extras.pk}/"
    page = client.get(url).content.decode()
    assert "More images of this work" in page
    assert "View 0" in page
    first, second, third = work_with_extras.extra_images.all()
    data = admin_data(
        work_with_extras,
        [first, second, third],
        **{
            "extra_images-0-alt_text": "A clearer description",
            "extra_images-0-ORDER": "3",
            "extra_images-2-ORDER": "1",
            "extra_images-1-DELETE": "on",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert captions_in_order(work_with_extras) == ["View 2", "View 0"]
    assert ArtworkImage.objects.get(pk=first.pk).alt_text == "A clearer description"
    assert not get_image_model().objects.filter(pk=second.image_id).exists()


def test_the_admin_cannot_add_an_image_that_was_not_cleaned(client, moderator, work_with_extras):
    url = f"/admin/snippets/artworks/artwork/edit/{work_with_extras.pk}/"
    extras = list(work_with_extras.extra_images.all())
    data = admin_data(work_with_extras, extras)
    data["extra_images-TOTAL_FORMS"] = "4"
    data.update(
        {
            "extra_images-3-alt_text": "Sneaked in",
            "extra_images-3-caption": "",
            "extra_images-3-ORDER": "4",
            # An image field is not part of the panel: a posted id is ignored.
            "extra_images-3-image": str(work_with_extras.image_id),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "New images are added by the artist" in response.content.decode()
    assert work_with_extras.extra_images.count() == 3


def test_an_admin_post_without_the_panel_keeps_the_extra_images(
    client, moderator, work_with_extras
):
    url = f"/admin/snippets/artworks/artwork/edit/{work_with_extras.pk}/"
    data = {
        key: value
        for key, value in admin_data(work_with_extras, []).items()
        if not key.startswith("extra_images")
    }
    response = client.post(url, {**data, "status": "hidden"})
    assert response.status_code == 302
    assert work_with_extras.extra_images.count() == 3


def test_the_admin_refuses_ai_as_only_one_part_without_the_ai_declaration(
    client, moderator, work_with_extras
):
    """The rule of the member's form holds in the admin's edit view too (Artwork.clean)."""
    url = f"/admin/snippets/artworks/artwork/edit/{work_with_extras.pk}/"
    extras = list(work_with_extras.extra_images.all())
    response = client.post(url, admin_data(work_with_extras, extras, ai_only_in_part="on"))
    assert response.status_code == 200
    assert "Tick “made with generative AI” as well" in response.content.decode()
    work_with_extras.refresh_from_db()
    assert not work_with_extras.ai_only_in_part
