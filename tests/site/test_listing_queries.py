"""Every public and member listing costs the same queries with a handful of works as with
hundreds: the gallery in each order, filtered by a tag (rare, then common enough for the
gallery to walk its date index instead) and searched; the tag cloud, the artists' list and a
member's works, follows and favourites. (The home, gallery and artist pages' own pins are in
test_performance, the admin's in test_admin_scale and test_audit_queries, the feeds' and the
sitemap's beside them.)"""

import pytest

from django.test import Client

from modelsearch.backends import get_search_backend

from artworks.models import Artwork, GalleryPage, TaggedArtwork
from social.models import Favourite, Follow
from tests.factories import UserFactory, add_artworks, create_artwork
from tests.queries import queries_of

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/gallery/?sort=oldest",
    "/gallery/?sort=title",
    "/gallery/?sort=artist",
    "/gallery/?sort=favourites",
    "/gallery/?tag=ink",
    "/gallery/?tag=ink&sort=title",
    "/gallery/?q=bulk",
    "/gallery/?q=bulk&sort=oldest",
    "/gallery/tags/",
    "/artists/",
]
MEMBER = ["/my/artworks/", "/my/following/", "/my/following/?show=artists", "/my/favourites/"]


def grow(template, ada, reader, count):
    """`count` more published works by new artists and by Ada, each tagged "ink", in the
    search index, followed and favourited by the reader."""
    artists = UserFactory._meta.model.objects.bulk_create(
        UserFactory.build() for _ in range(max(count // 4, 1))
    )
    works = add_artworks(count, [ada, *artists], template)
    ink = template.tags.get(name="ink")
    TaggedArtwork.objects.bulk_create(TaggedArtwork(tag=ink, content_object=work) for work in works)
    get_search_backend().get_index_for_model(Artwork).add_items(Artwork, works)
    Follow.objects.bulk_create(Follow(follower=reader, artist=artist) for artist in artists)
    Favourite.objects.bulk_create(Favourite(member=reader, artwork=work) for work in works)


def counts(visitor, member):
    return {
        **{url: queries_of(visitor, url) for url in PUBLIC},
        **{url: queries_of(member, url) for url in MEMBER},
    }


def test_every_listing_costs_the_same_for_a_few_works_and_hundreds(settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what building each page costs
    # Below this many works a tag's works are collected and sorted; above it the gallery
    # walks its date index: the small site takes the first way and the large one the second.
    monkeypatch.setattr(GalleryPage, "COMMON_TAG_WORKS", 50)
    ada = UserFactory(username="ada")
    reader = UserFactory(username="reader")
    template = create_artwork(ada, title="Template", tags="ink, blue")
    grow(template, ada, reader, 8)
    visitor, member = Client(), Client()
    member.force_login(ada)
    reader_client = Client()
    reader_client.force_login(reader)
    few = counts(visitor, reader_client)
    few["/my/artworks/ (the artist)"] = queries_of(member, "/my/artworks/")

    grow(template, ada, reader, 400)
    many = counts(visitor, reader_client)
    many["/my/artworks/ (the artist)"] = queries_of(member, "/my/artworks/")

    assert many == few
    page = visitor.get("/gallery/?tag=ink").content.decode()
    assert "Bulk 399" in page  # the newest of the tag's works, by the common tag's way
