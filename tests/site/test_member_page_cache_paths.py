"""Which of a member's pages are kept for them (core.page_cache.MemberPageCacheMiddleware):
their own listings, and the home page and the gallery at the addresses editors give them."""

import pytest

from artworks.models import GalleryPage
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_the_gallery_is_kept_for_a_member_where_an_editor_moved_it(client):
    create_artwork(title="Analytical Engine")
    gallery = GalleryPage.objects.get()
    gallery.slug = "works"
    gallery.save_revision().publish()
    client.force_login(UserFactory())

    first, second = client.get("/works/"), client.get("/works/")

    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "Analytical Engine" in second.content.decode()
    client.get("/works/?sort=title")
    assert client.get("/works/?sort=title")["X-Page-Cache"] == "hit"
