"""The page tree a bare migrate builds, its empty states, and where each page type may
be created."""

import pytest

from wagtail.models import Page, Site

from artworks.models import GalleryPage
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import HomePage
from members.models import ArtistIndexPage
from tests.factories import UserFactory
from tests.html import soup
from tests.pages import artist_index_page, exhibition_index_page, gallery_page, home_page

pytestmark = pytest.mark.django_db


# --- The page tree after a bare migrate ----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "page_class"),
    [("/", HomePage), ("/gallery/", GalleryPage), ("/artists/", ArtistIndexPage)],
)
def test_migrate_builds_the_page_tree_and_each_page_is_served(client, url, page_class):
    response = client.get(url)

    assert response.status_code == 200
    page = response.context["page"]
    assert type(page) is page_class
    assert page.live
    assert len(soup(response).find_all("h1")) == 1


def test_page_tree_has_home_with_gallery_artists_and_exhibitions_beneath_it():
    home = home_page()
    assert home.depth == 2
    assert home.get_parent().is_root()
    children = {type(child.specific) for child in home.get_children()}
    assert children == {GalleryPage, ArtistIndexPage, ExhibitionIndexPage}
    assert gallery_page().url == "/gallery/"
    assert artist_index_page().url == "/artists/"
    assert exhibition_index_page().url == "/exhibitions/"
    # Wagtail's "Welcome" page is gone: the home page is the only page under the root.
    assert Page.objects.filter(depth=2).count() == 1


def test_default_site_points_at_the_home_page():
    site = Site.objects.get(is_default_site=True)

    assert type(site.root_page.specific) is HomePage
    assert site.site_name == "Artist Collective"
    assert Site.objects.count() == 1


def test_gallery_shows_a_friendly_empty_state_without_artworks(client):
    response = client.get("/gallery/")

    empty = soup(response).select_one(".empty-state")
    assert empty is not None
    text = empty.get_text(" ", strip=True)
    assert "The gallery is empty for now." in text
    assert "Join the collective" in text


def test_empty_gallery_invites_a_member_to_upload(client):
    client.force_login(UserFactory())

    response = client.get("/gallery/")

    empty = soup(response).select_one(".empty-state")
    assert "Upload the first work" in empty.get_text(" ", strip=True)
    assert empty.find("a")["href"] == "/my/artworks/upload/"


def test_artists_page_shows_a_friendly_empty_state_without_artworks(client):
    UserFactory()  # A member without published work is not listed.

    response = client.get("/artists/")

    empty = soup(response).select_one(".empty-state")
    assert empty is not None
    assert "No artist has shared work yet." in empty.get_text(" ", strip=True)
    assert soup(response).select_one(".artist-list") is None


def test_home_page_shows_a_friendly_empty_state_without_artworks(client):
    response = client.get("/")

    empty = soup(response).select_one(".empty-state")
    assert "No work has been shared yet." in empty.get_text(" ", strip=True)


# --- Page types: where each page may be created --------------------------------------------


def test_only_one_gallery_and_one_artist_index_may_exist():
    home = home_page()

    assert not GalleryPage.can_create_at(home)
    assert not ArtistIndexPage.can_create_at(home)


def test_only_one_home_page_may_exist():
    root = Page.get_first_root_node()

    assert not HomePage.can_create_at(root)


def test_a_gallery_may_be_created_under_home_once_the_old_one_is_gone():
    home = home_page()
    gallery_page().delete()
    home.refresh_from_db()

    assert GalleryPage.can_create_at(home)
    assert not GalleryPage.can_create_at(artist_index_page())


def test_home_page_cannot_be_created_under_the_gallery_or_the_artists_index():
    assert not HomePage.can_create_at(gallery_page())
    assert not HomePage.can_create_at(artist_index_page())


def test_gallery_and_artists_index_take_no_child_pages():
    gallery = gallery_page()
    artists = artist_index_page()

    assert GalleryPage.allowed_subpage_models() == []
    assert ArtistIndexPage.allowed_subpage_models() == []
    assert not gallery.specific.can_exist_under(artists)
    assert not Page.can_create_at(gallery)


def test_page_types_declare_their_parents_and_children():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(HomePage.allowed_subpage_models()) == {
        GalleryPage,
        ArtistIndexPage,
        ExhibitionIndexPage,
    }
    assert GalleryPage.allowed_parent_page_models() == [HomePage]
    assert ArtistIndexPage.allowed_parent_page_models() == [HomePage]
    assert ExhibitionIndexPage.allowed_parent_page_models() == [HomePage]
    assert ExhibitionIndexPage.allowed_subpage_models() == [ExhibitionPage]
    assert ExhibitionPage.allowed_subpage_models() == []
