"""Query counts stay fixed whatever the number of artworks: pages, feeds and extra images. (Timings
are measured by bench/run, never here.)"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import KEPT_PAGE_FORM
from tests.factories import (
    UserFactory,
    add_artworks,
    add_extra_image,
    create_artwork,
    uploaded_image,
)
from tests.site.performance.helpers import QUERY_LIMITS

pytestmark = pytest.mark.django_db


def query_counts(client, artwork):
    urls = {
        "home": "/",
        "gallery": "/gallery/",
        "gallery page 2": "/gallery/?page=2",
        "artist": "/artists/ada/",
        "artwork": (address := artwork.get_absolute_url()),
        "artwork from the gallery by artist": f"{address}?from=gallery&sort=artist",
        "artwork from a tag by title": f"{address}?from=gallery&tag=ink&sort=title",
        "artwork from its artist": f"{address}?from=artist&page=2",
        "gallery page 2 by cursor": f"/gallery/?page=2&after={artwork.pk}",
        "gallery by artist, page 2 by cursor": f"/gallery/?sort=artist&page=2&after={artwork.pk}",
        "artist page 2 by cursor": f"/artists/ada/?page=2&after={artwork.pk}",
        "artwork from a gallery page by cursor": f"{address}?from=gallery&page=2&after=1",
    }
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_page_queries_are_few_and_the_same_for_48_and_4800_artworks(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what rendering the page costs
    ada = UserFactory(username="ada")
    artists = [ada, *(UserFactory() for _ in range(5))]
    template = create_artwork(ada, title="Template", tags="ink, blue", image=uploaded_image())
    add_artworks(47, artists, template)
    client.get("/")  # the section URLs are looked up once per change of public content
    with_48 = query_counts(client, template)
    add_artworks(4800 - 48, artists, template)
    with_4800 = query_counts(client, template)

    assert with_48 == with_4800
    for name, limit in QUERY_LIMITS.items():
        assert with_48[name] <= limit, (name, with_48[name])


@pytest.fixture
def cache_writes(monkeypatch):
    """The keys written to the cache (any cache: Wagtail's renditions may have their own)
    during the test, by every way of writing."""
    from django.core.cache.backends.locmem import LocMemCache

    written = []
    for method in ("set", "set_many", "add", "incr", "touch"):
        real = getattr(LocMemCache, method)

        def recording(self, key, *args, _real=real, **kwargs):
            written.extend(key if isinstance(key, dict) else [key])
            return _real(self, key, *args, **kwargs)

        monkeypatch.setattr(LocMemCache, method, recording)
    return written


FEEDS = ("/feeds/artworks/", "/feeds/artists/ada/", "/feeds/tags/ink/")


def feed_query_counts(client):
    counts = {}
    for url in FEEDS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_feeds_cost_the_same_queries_for_5_and_500_works_and_write_nothing_to_the_cache(
    client, settings, cache_writes
):
    """Each entry's image comes from the renditions fetched with the works: no query and no
    cache write per entry (with the database cache, a write is a database write)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # what building the feed costs
    ada = UserFactory(username="ada")
    template = create_artwork(ada, title="Template", tags="ink", image=uploaded_image())
    add_artworks(4, [ada], template)
    feed_query_counts(client)  # the section URLs are looked up once per change of content
    cache_writes.clear()
    with_5 = feed_query_counts(client)
    assert cache_writes == []

    add_artworks(495, [ada], template)
    client.get("/")  # the change of content is looked up again
    cache_writes.clear()
    with_500 = feed_query_counts(client)
    assert cache_writes == []
    assert with_500 == with_5
    feed = client.get("/feeds/artworks/").content.decode()
    assert feed.count("<entry>") == 30
    assert feed.count('&lt;img src="http://testserver/media/images/') == 30


def test_a_feed_read_writes_only_its_own_page_to_the_cache(client, cache_writes):
    create_artwork(UserFactory(username="ada"), title="Kept", tags="ink")
    for url in FEEDS:
        client.get(url)
        cache_writes.clear()
        client.get(f"{url}?again")
        assert [key.split(":")[0] for key in cache_writes] == [f"public-page-{KEPT_PAGE_FORM}"], url


def test_extra_images_cost_the_artwork_page_one_query_for_all_and_listings_none(client, settings):
    """Pinned: the artwork page with no extra images, and with ten (one query more for all
    their renditions, whatever their number); listings never read extra images."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada = UserFactory(username="ada")
    artwork = create_artwork(ada, title="Many views", image=uploaded_image())
    add_artworks(20, [ada], artwork)
    client.get("/")
    without_extras = query_counts(client, artwork)
    assert without_extras["artwork"] == QUERY_LIMITS["artwork"]
    add_extra_image(artwork)
    client.get("/")  # a new image is a change of public content: the URLs are looked up again
    with_one = query_counts(client, artwork)
    for number in range(9):
        add_extra_image(artwork, alt_text=f"View {number}")
    client.get("/")
    with_ten = query_counts(client, artwork)
    assert with_ten["artwork"] == with_one["artwork"] == QUERY_LIMITS["artwork"] + 1
    listings = ("home", "gallery", "gallery page 2", "artist")
    assert {name: with_ten[name] for name in listings} == {
        name: without_extras[name] for name in listings
    }
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert page.count("data-viewer-item") == 11  # the work's own image and its ten others
