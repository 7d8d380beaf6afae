"""Each page type's place in the tree (the parents and children its model allows) and that each
is routed to and rendered, its routable sub-pages included, with Wagtail's own page assertions.

Where a page may be created once only (max_count) is tested on the migrated tree in
tests/site/foundation/test_page_tree.py; these rules are the types' own, whatever exists."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from artworks.models import GalleryPage
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import HomePage
from members.models import ArtistIndexPage
from tests.factories import UserFactory, create_artwork
from tests.pages import (
    artist_index_page,
    create_exhibition,
    exhibited,
    exhibition_index_page,
    gallery_page,
    home_page,
)

PAGE_TYPES = [HomePage, GalleryPage, ArtistIndexPage, ExhibitionIndexPage, ExhibitionPage]


class PageTypeParentsTests(WagtailPageTestCase):
    def test_the_home_page_sits_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})
        for parent in PAGE_TYPES:
            self.assertCanNotCreateAt(parent, HomePage)

    def test_the_home_page_holds_the_gallery_the_artists_and_the_exhibitions(self):
        self.assertAllowedSubpageTypes(
            HomePage, {GalleryPage, ArtistIndexPage, ExhibitionIndexPage}
        )
        for child in (GalleryPage, ArtistIndexPage, ExhibitionIndexPage):
            self.assertCanCreateAt(HomePage, child)
        self.assertCanNotCreateAt(HomePage, ExhibitionPage)
        self.assertCanNotCreateAt(HomePage, Page)

    def test_the_sections_sit_under_the_home_page_alone(self):
        for section in (GalleryPage, ArtistIndexPage, ExhibitionIndexPage):
            self.assertAllowedParentPageTypes(section, {HomePage})
            self.assertCanNotCreateAt(Page, section)
            for parent in (GalleryPage, ArtistIndexPage, ExhibitionIndexPage, ExhibitionPage):
                self.assertCanNotCreateAt(parent, section)

    def test_the_gallery_and_the_artists_index_take_no_child_pages(self):
        for section in (GalleryPage, ArtistIndexPage):
            self.assertAllowedSubpageTypes(section, set())
            for child in [*PAGE_TYPES, Page]:
                self.assertCanNotCreateAt(section, child)

    def test_exhibitions_sit_under_the_exhibitions_index_and_take_no_child_pages(self):
        self.assertAllowedSubpageTypes(ExhibitionIndexPage, {ExhibitionPage})
        self.assertCanCreateAt(ExhibitionIndexPage, ExhibitionPage)
        self.assertAllowedParentPageTypes(ExhibitionPage, {ExhibitionIndexPage})
        self.assertAllowedSubpageTypes(ExhibitionPage, set())
        for child in [*PAGE_TYPES, Page]:
            self.assertCanNotCreateAt(ExhibitionPage, child)

    def test_each_page_type_is_limited_to_the_copies_the_site_needs(self):
        for page_type in (HomePage, GalleryPage, ArtistIndexPage, ExhibitionIndexPage):
            self.assertEqual(page_type.max_count, 1, page_type)
        self.assertIsNone(ExhibitionPage.max_count)


class PageRoutesTests(WagtailPageTestCase):
    def setUp(self):
        self.artist = UserFactory(username="ada")
        self.artwork = create_artwork(self.artist, title="Harbour at dusk", tags="ink")
        self.exhibition = create_exhibition("Night Harbours", body=[exhibited(self.artwork)])

    def artwork_route(self):
        """The artwork's address below the gallery: its id and its slug."""
        return self.artwork.get_absolute_url().removeprefix(gallery_page().url)

    def test_every_page_is_routed_to_and_rendered(self):
        for page in (home_page(), gallery_page(), artist_index_page(), exhibition_index_page()):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(self.exhibition)
        self.assertPageIsRenderable(self.exhibition)

    def test_the_gallerys_sub_pages_are_routed_to_and_rendered(self):
        gallery = gallery_page()
        for route in ("tags/", self.artwork_route()):
            self.assertPageIsRoutable(gallery, route)
            self.assertPageIsRenderable(gallery, route)
        self.assertPageIsRenderable(gallery, query_data={"tag": "ink", "q": "Harbour"})

    def test_an_artwork_is_routed_to_without_its_slug_too(self):
        self.assertPageIsRoutable(gallery_page(), f"{self.artwork.pk}/")

    def test_an_unknown_artwork_is_routed_to_the_gallery_and_answers_404(self):
        self.assertPageIsRoutable(gallery_page(), "999999/")
        self.assertPageIsRenderable(gallery_page(), "999999/", accept_404=True)

    def test_an_artists_page_is_routed_to_and_rendered(self):
        artists = artist_index_page()
        self.assertPageIsRoutable(artists, "ada/")
        self.assertPageIsRenderable(artists, "ada/")

    def test_members_see_every_page_rendered(self):
        # Logged in here rather than through the assertion's `user`, which logs in with the first
        # authentication backend: django-axes's, which can only refuse, not load a member.
        self.client.force_login(UserFactory())
        for page in (home_page(), gallery_page(), artist_index_page(), self.exhibition):
            self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(gallery_page(), self.artwork_route())
