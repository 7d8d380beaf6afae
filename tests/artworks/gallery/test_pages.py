"""Artwork pages, artists and the home page as visitors see them."""

import pytest

from tests.factories import UserFactory, create_artwork
from tests.html import attributes

pytestmark = pytest.mark.django_db


# --- Artwork page ----------------------------------------------------------------------------


def test_artwork_page_shows_the_work_and_share_meta(client):
    artist = UserFactory(username="kai", display_name="Kai Sato")
    artwork = create_artwork(
        artist, title="Night market", description="Gouache on paper.", tags="city, night"
    )
    response = client.get(f"/gallery/{artwork.pk}/", follow=True)
    assert response.redirect_chain == [(f"/gallery/{artwork.pk}/night-market/", 301)]
    page = response.content.decode()
    assert "<h1>Night market</h1>" in page
    assert "Gouache on paper." in page
    assert '<a href="/artists/kai/">Kai Sato</a>' in page
    assert 'href="/gallery/?tag=night"' in page
    assert "← Back to the gallery" in page
    [og_image] = attributes(page, 'meta[property="og:image"]', "content")
    assert og_image.startswith("http://testserver/media/images/")
    assert 'name="twitter:card" content="summary_large_image"' in page
    assert 'fetchpriority="high"' in page


def test_wrong_slug_redirects_to_the_right_one(client):
    artwork = create_artwork(title="Right slug")
    response = client.get(f"/gallery/{artwork.pk}/wrong-slug/")
    assert response.status_code == 301
    assert response["Location"] == f"/gallery/{artwork.pk}/right-slug/"


def test_unknown_artwork_is_404(client):
    assert client.get("/gallery/999999/").status_code == 404


# --- Artists ---------------------------------------------------------------------------------


def test_artists_lists_only_members_with_published_work(client):
    with_work = UserFactory(display_name="Lena Berg")
    only_hidden = UserFactory(display_name="Hidden Hal")
    UserFactory(display_name="No Work Nadia")
    create_artwork(with_work, title="Lena's latest")
    create_artwork(only_hidden, title="Hal's", status="hidden")
    page = client.get("/artists/").content.decode()
    assert "Lena Berg" in page and "Lena&#x27;s latest" in page
    assert "Hidden Hal" not in page and "No Work Nadia" not in page


def test_artist_page_shows_bio_and_published_work(client):
    artist = UserFactory(username="mo", display_name="Mo Adeyemi", bio="Printmaker in Lagos.")
    create_artwork(artist, title="Public print")
    create_artwork(artist, title="Hidden print", status="hidden")
    page = client.get("/artists/mo/").content.decode()
    assert "<h1>Mo Adeyemi</h1>" in page
    assert "Printmaker in Lagos." in page
    assert "Public print" in page
    assert "Hidden print" not in page


@pytest.mark.parametrize("case", ["unknown", "inactive", "no published work"])
def test_artist_page_404s(client, case):
    if case == "inactive":
        artist = UserFactory(username="gone", is_active=False)
        create_artwork(artist, title="Orphan")
    elif case == "no published work":
        artist = UserFactory(username="gone")
        create_artwork(artist, title="Hidden", status="hidden")
    assert client.get("/artists/gone/").status_code == 404


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_intro_and_newest_work(client):
    create_artwork(title="Fresh work")
    page = client.get("/").content.decode()
    assert "home for independent artists" in page
    assert "Fresh work" in page
