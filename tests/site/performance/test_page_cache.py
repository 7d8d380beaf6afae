"""Whole pages for anonymous visitors come from the cache without queries and change exactly when
their content does."""

import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import (
    UserFactory,
    add_artworks,
    create_artwork,
    uploaded_image,
)
from tests.pages import home_page
from tests.site.performance.helpers import QUERY_LIMITS

pytestmark = pytest.mark.django_db


# --- Whole pages for anonymous visitors --------------------------------------------------------


@pytest.fixture
def visitor():
    from django.test import Client

    return Client()


def test_anonymous_pages_are_served_from_the_cache_without_queries(visitor):
    create_artwork(title="Cached work")
    assert visitor.get("/gallery/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get("/gallery/")
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert "Cached work" in response.content.decode()
    assert "Content-Security-Policy" in response  # headers are still the site's own


def test_members_pages_and_forms_are_never_cached(client):
    member = UserFactory()
    client.force_login(member)
    assert client.get("/gallery/").get("X-Page-Cache") != "hit"  # never the visitors' page
    client.logout()
    assert "X-Page-Cache" not in client.get("/accounts/login/")


def edit_in_admin(client, artwork, **changes):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "title": artwork.title,
        "alt_text": artwork.alt_text,
        "description": "",
        "tags": "",
        "status": "published",
        "moderation_note": "",
        "licence": "all-rights-reserved",
        "size_unit": "cm",
        "visibility": "listed",
        **changes,
    }
    response = client.post(f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/", data)
    assert response.status_code == 302


def test_cached_pages_change_exactly_when_their_content_does(
    client, visitor, django_capture_on_commit_callbacks
):
    artist = UserFactory(username="vera", display_name="Vera", bio="First bio")
    artwork = create_artwork(artist, title="Version one")
    for url in ("/", "/gallery/", artwork.get_absolute_url(), "/artists/vera/"):
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"

    def public(url):
        return visitor.get(url).content.decode()

    # An upload is visible as soon as it returns.
    client.force_login(artist)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/my/artworks/upload/",
            {"title": "Fresh upload", "alt_text": "x", "tags": "", "image": uploaded_image()},
        )
    assert "Fresh upload" in public("/gallery/") and "Fresh upload" in public("/")

    # The member edits a title, then their bio.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/my/artworks/{artwork.pk}/edit/",
            {"title": "Version two", "alt_text": "x", "description": "", "tags": ""},
        )
        client.post("/my/profile/", {"display_name": "Vera", "bio": "Second bio"})
    assert "Version two" in public("/gallery/")
    assert "Second bio" in public("/artists/vera/")

    # A moderator hides it, then publishes it again.
    with django_capture_on_commit_callbacks(execute=True):
        edit_in_admin(client, artwork, status="hidden", title="Version two")
    assert "Version two" not in public("/gallery/")
    with django_capture_on_commit_callbacks(execute=True):
        edit_in_admin(client, artwork, status="published", title="Version two")
    assert "Version two" in public("/gallery/")

    # An editor publishes a new home page introduction.

    home = home_page()
    home.intro = "<p>A new welcome</p>"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert "A new welcome" in public("/")

    # The member is deactivated; then their work is deleted.
    with django_capture_on_commit_callbacks(execute=True):
        artist.is_active = False
        artist.save()
    assert "Fresh upload" not in public("/gallery/")
    assert visitor.get("/artists/vera/").status_code == 404
    artist.is_active = True
    artist.save()
    with django_capture_on_commit_callbacks(execute=True):
        Artwork.objects.filter(title="Fresh upload").get().delete()
    assert "Fresh upload" not in public("/gallery/")


def test_artist_page_with_an_avatar_and_a_banner_keeps_its_query_count(client, settings):
    """An uploaded avatar and banner cost one query each for their renditions, whatever the
    number of works, and a visitor's request makes none of them."""
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    from artworks.renditions import AVATAR_SPECS, BANNER_SPECS
    from tests.factories import image_bytes

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada = UserFactory(username="ada")
    template = create_artwork(ada, title="Template", image=uploaded_image())
    add_artworks(47, [ada], template)
    images = [
        get_image_model().objects.create(
            title=title, file=ImageFile(io.BytesIO(image_bytes(size)), name=f"{title}.jpg")
        )
        for title, size in (("avatar", (300, 300)), ("banner", (1200, 360)))
    ]
    images[0].get_renditions(*AVATAR_SPECS)
    images[1].get_renditions(*BANNER_SPECS)
    ada.avatar_image, ada.banner_image = images
    ada.save()
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.count()

    def artist_page_queries():
        client.get("/")  # the section URLs are looked up once per change of public content
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/artists/ada/")
        assert response.status_code == 200
        assert 'class="profile-banner"' in response.content.decode()
        return len(queries)

    with_48 = artist_page_queries()
    add_artworks(4800 - 48, [ada], template)
    with_4800 = artist_page_queries()

    assert with_48 == with_4800
    assert with_48 <= QUERY_LIMITS["artist"] + 2, with_48
    assert rendition_model.objects.count() == renditions
