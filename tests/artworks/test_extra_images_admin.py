"""Extra images on the Wagtail admin's own paths: deleting an image from the Images library
(one, or several with the bulk action) never leaves a work's extra image or the work itself
pointing at nothing, nor a file behind; deleting works in bulk takes their extra images'
files too; and who may see members' uploads in the Images library and its chooser."""

import pytest

from django.contrib.auth.models import Group

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from tests.factories import UserFactory, add_extra_image, create_artwork
from tests.html import soup

pytestmark = pytest.mark.django_db

Image = get_image_model()
Rendition = Image.get_rendition_model()
IMAGES_URL = "/admin/images/"


def work_with_extras(username, title, extras=2, status=None):
    artwork = create_artwork(UserFactory(username=username), title=title, status=status)
    for number in range(extras):
        add_extra_image(artwork, alt_text=f"{title}, view {number}", caption=f"View {number}")
    return artwork


def files_of(*images):
    """The original and rendition files of the images, as media_files() names them."""
    names = []
    for image in images:
        names.append(image.file.name)
        names += [rendition.file.name for rendition in image.renditions.all()]
    return names


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    """A member of Wagtail's own "Editors" group, which may add, change and delete images."""
    user = UserFactory(username="ed")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def delete_image(client, capture, image):
    with capture(execute=True):
        return client.post(f"{IMAGES_URL}{image.pk}/delete/")


def bulk_delete_images(client, capture, *images):
    ids = "&".join(f"id={image.pk}" for image in images)
    with capture(execute=True):
        return client.post(f"/admin/bulk/wagtailimages/image/delete/?{ids}&next={IMAGES_URL}")


# --- Deleting from the Images library ----------------------------------------------------------


@pytest.mark.parametrize("user", ["superuser", "editor"])
def test_deleting_an_extra_image_in_the_library_removes_its_row_and_files(
    request, client, user, media_files, django_capture_on_commit_callbacks
):
    request.getfixturevalue(user)
    artwork = work_with_extras("lena", "Many views")
    extra, kept = artwork.extra_images.all()
    gone = files_of(extra.image)
    assert set(gone) <= set(media_files())

    response = delete_image(client, django_capture_on_commit_callbacks, extra.image)

    assert response.status_code == 302
    assert not ArtworkImage.objects.filter(pk=extra.pk).exists()
    assert not Image.objects.filter(pk=extra.image_id).exists()
    assert not set(gone) & set(media_files())
    # The work and its other images stay, and its page shows what is left.
    assert list(artwork.extra_images.all()) == [kept]
    assert set(files_of(artwork.image, kept.image)) <= set(media_files())
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Many views, view 1" in page and "Many views, view 0" not in page


def test_bulk_deleting_extra_images_of_two_works_removes_their_rows_and_files(
    client, superuser, media_files, django_capture_on_commit_callbacks
):
    first = work_with_extras("lena", "Many views")
    second = work_with_extras("otto", "Other views", extras=1)
    doomed = [first.extra_images.first(), second.extra_images.get()]
    gone = files_of(*(extra.image for extra in doomed))

    response = bulk_delete_images(
        client, django_capture_on_commit_callbacks, *(extra.image for extra in doomed)
    )

    assert response.status_code == 302
    assert not ArtworkImage.objects.filter(pk__in=[extra.pk for extra in doomed]).exists()
    assert first.extra_images.count() == 1 and second.extra_images.count() == 0
    assert Artwork.objects.count() == 2
    assert not set(gone) & set(media_files())
    assert Image.objects.count() == 3  # two main images and the first work's other extra


def test_deleting_a_works_main_image_in_the_library_deletes_the_work_and_every_file(
    client, superuser, media_files, django_capture_on_commit_callbacks
):
    artwork = work_with_extras("lena", "Many views")
    other = work_with_extras("otto", "Other views", extras=1)
    gone = files_of(artwork.image, *(extra.image for extra in artwork.extra_images.all()))
    kept = files_of(other.image, other.extra_images.get().image)
    url = artwork.get_absolute_url()

    response = delete_image(client, django_capture_on_commit_callbacks, artwork.image)

    assert response.status_code == 302
    # No work is left without its image: the work goes, and its extra images with it.
    assert not Artwork.objects.filter(pk=artwork.pk).exists()
    assert not ArtworkImage.objects.filter(artwork_id=artwork.pk).exists()
    assert Image.objects.count() == 2
    remaining = media_files()
    assert not set(gone) & set(remaining)
    assert set(kept) <= set(remaining)
    assert client.get(url).status_code == 404


def test_bulk_deleting_a_main_image_with_its_works_extra_image_leaves_nothing(
    client, superuser, media_files, django_capture_on_commit_callbacks
):
    # Both sides of the cascade in one request: the main image takes the work, whose extra
    # images are being deleted already (one of them) or not yet (the other).
    artwork = work_with_extras("lena", "Many views")
    gone = files_of(artwork.image, *(extra.image for extra in artwork.extra_images.all()))

    response = bulk_delete_images(
        client,
        django_capture_on_commit_callbacks,
        artwork.image,
        artwork.extra_images.first().image,
    )

    assert response.status_code == 302
    assert not Artwork.objects.exists()
    assert not ArtworkImage.objects.exists()
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert not set(gone) & set(media_files())
    assert media_files() == []


# --- Deleting works in bulk ------------------------------------------------------------------


def test_bulk_deleting_several_works_removes_their_extra_images_and_every_file(
    client, superuser, media_files, django_capture_on_commit_callbacks
):
    doomed = [work_with_extras("lena", "Many views"), work_with_extras("otto", "Other views")]
    survivor = work_with_extras("pia", "Still here", extras=1)
    kept = files_of(survivor.image, survivor.extra_images.get().image)
    ids = "&".join(f"id={artwork.pk}" for artwork in doomed)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/bulk/artworks/artwork/delete/?{ids}&next=/admin/snippets/artworks/artwork/"
        )

    assert response.status_code == 302
    assert list(Artwork.objects.all()) == [survivor]
    assert list(ArtworkImage.objects.all()) == [survivor.extra_images.get()]
    assert Image.objects.count() == 2
    assert media_files() == sorted(kept)


# --- Who sees members' uploads in the library ----------------------------------------------------


def test_moderators_see_no_members_upload_in_the_library_its_chooser_or_the_api(client, moderator):
    # Moderators judge works in the artworks listing; the Images library (where every
    # member's upload, avatar and banner is, whatever its work's status) is not theirs.
    artwork = work_with_extras("lena", "Hidden views", status=Artwork.Status.HIDDEN)

    for url in (
        IMAGES_URL,
        f"{IMAGES_URL}{artwork.image_id}/",
        f"{IMAGES_URL}usage/{artwork.image_id}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    for url in (
        "/admin/images/chooser/",
        "/admin/images/chooser/results/",
        "/admin/api/main/images/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Hidden views" not in body and "<img" not in body, url
    assert client.get("/admin/api/main/images/").json()["meta"]["total_count"] == 0


# --- The edit view's image panels ----------------------------------------------------------------


def test_the_edit_view_shows_the_work_and_each_extra_image_or_that_it_is_being_prepared(
    client, superuser
):
    artwork = work_with_extras("lena", "Many views")
    preparing = artwork.extra_images.last()
    preparing.image.renditions.all().delete()  # as between its upload and the upload task
    url = f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/"

    document = soup(client.get(url))

    pictures = {img.get("alt"): img for img in document.select("main img")}
    main = pictures[artwork.alt_text]
    assert main["src"] == artwork.admin_preview.url
    assert main["width"] and main["height"]
    ready = artwork.extra_images.first()
    assert pictures[ready.alt_text]["src"] == ready.admin_preview.url
    assert preparing.alt_text not in pictures
    text = document.select_one("main").get_text(" ", strip=True)
    assert text.count("The image is still being prepared.") == 1
    assert f"Uploaded by {artwork.artist.public_name} (lena)" in text
