"""Extra images deleted with their work on every path, and in the Wagtail admin."""

import pytest

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from tests.artworks.extra_images.helpers import captions_in_order
from tests.factories import (
    UserFactory,
    add_extra_image,
    create_artwork,
)

pytestmark = pytest.mark.django_db


def stored_names(artwork):
    """Every file name the work's images and their renditions have."""
    names = []
    for image in get_image_model().objects.filter(
        pk__in=[artwork.image_id, *artwork.extra_images.values_list("image_id", flat=True)]
    ):
        names.append(image.file.name)
        names += [rendition.file.name for rendition in image.renditions.all()]
    return names


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
