"""The sitemap: an index at /sitemap.xml of files that hold at most SITEMAP_PAGE_SIZE addresses
each, listing every public page, listed work and artist once, and costing the same number of
queries however many works there are."""

from collections import Counter

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import UserFactory, add_artworks, create_artwork
from tests.sitemaps import get_file, locations, sitemap_files, sitemap_locations

pytestmark = pytest.mark.django_db

User = get_user_model()


def add_artists(count):
    """Members with a confirmed email, quickly (no password hashing, one query each kind)."""
    first = User.objects.count()
    artists = User.objects.bulk_create(
        User(username=f"bulk{first + number}", email=f"bulk{first + number}@example.com")
        for number in range(count)
    )
    artists = list(User.objects.filter(username__in=[artist.username for artist in artists]))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=artist, email=artist.email, verified=True, primary=True)
        for artist in artists
    )
    return artists


def test_the_sitemap_is_an_index_of_one_file_per_section(client):
    create_artwork(UserFactory(username="ada"), title="Shown")
    files = sitemap_files(client)
    assert files == [
        "http://localhost/sitemap-pages.xml",
        "http://localhost/sitemap-artworks.xml",
        "http://localhost/sitemap-artists.xml",
    ]
    assert client.get("/sitemap.xml")["Content-Type"] == "application/xml"
    pages = locations(get_file(client, files[0]))
    assert "http://localhost/" in pages
    assert "http://localhost/gallery/" in pages
    assert "http://localhost/gallery/tags/" in pages
    assert "http://localhost/artists/" in pages
    assert locations(get_file(client, files[2])) == ["http://localhost/artists/ada/"]


def test_files_hold_at_most_the_page_size_and_list_every_public_work_exactly_once(client, settings):
    settings.SITEMAP_PAGE_SIZE = 5
    ada = UserFactory(username="ada")
    template = create_artwork(ada, title="Template")
    gone = UserFactory(username="gone", is_active=False)
    listed = [template, *add_artworks(11, [ada], template)]
    hidden = add_artworks(2, [ada], template, status=Artwork.Status.HIDDEN)
    awaiting = add_artworks(1, [ada], template, status=Artwork.Status.AWAITING_REVIEW)
    unlisted = add_artworks(2, [ada], template, visibility=Artwork.Visibility.UNLISTED)
    inactive = add_artworks(2, [gone], template, artist_active=False)
    listed += add_artworks(3, [ada], template)

    files = sitemap_files(client)
    artwork_files = [address for address in files if "/sitemap-artworks.xml" in address]
    highest = Artwork.objects.order_by("-pk").first().pk
    assert len(artwork_files) == -(-highest // 5)
    assert artwork_files[1].endswith("/sitemap-artworks.xml?p=2")
    for address in files:
        assert len(locations(get_file(client, address))) <= 5, address

    listed_addresses = Counter(sitemap_locations(client))
    for artwork in listed:
        assert listed_addresses[f"http://localhost{artwork.get_absolute_url()}"] == 1
    for artwork in hidden + awaiting + unlisted + inactive:
        assert not any(f"/gallery/{artwork.pk}/" in address for address in listed_addresses)
    assert listed_addresses["http://localhost/artists/ada/"] == 1
    assert not any("/artists/gone/" in address for address in listed_addresses)
    assert all(count == 1 for count in listed_addresses.values())


def test_a_work_carries_the_date_it_last_changed(client):
    artwork = create_artwork(title="Dated")
    response = client.get("/sitemap-artworks.xml")
    text = response.content.decode()
    assert f"/gallery/{artwork.pk}/dated/</loc>" in text
    assert f"<lastmod>{artwork.updated_at.date().isoformat()}" in text


def test_a_file_past_the_last_or_of_no_section_is_not_found(client):
    create_artwork(title="Only")
    assert client.get("/sitemap-artworks.xml?p=2").status_code == 404
    assert client.get("/sitemap-artworks.xml?p=two").status_code == 404
    assert client.get("/sitemap-members.xml").status_code == 404


def test_visitors_get_the_index_and_its_files_from_the_page_cache(client):
    create_artwork(title="Cached")
    for address in ("/sitemap.xml", "/sitemap-artworks.xml", "/sitemap-pages.xml"):
        assert client.get(address)["X-Page-Cache"] == "miss", address
        assert client.get(address)["X-Page-Cache"] == "hit", address


def sitemap_query_counts(client):
    addresses = {"index": "/sitemap.xml"}
    files = sitemap_files(client)
    for section in ("pages", "artworks", "artists"):
        in_section = [address for address in files if f"/sitemap-{section}.xml" in address]
        addresses[f"{section}, first file"] = in_section[0]
        addresses[f"{section}, last file"] = in_section[-1]
    counts, listed = {}, 0
    for name, address in addresses.items():
        with CaptureQueriesContext(connection) as queries:
            response = get_file(client, address)
        assert response.status_code == 200, address
        counts[name] = len(queries)
        listed += len(locations(response)) if "first" in name else 0
    return counts, listed


def test_the_index_and_each_file_cost_the_same_queries_for_5_and_500_works(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what building each answer costs
    settings.SITEMAP_PAGE_SIZE = 5
    artists = add_artists(5)
    template = create_artwork(artists[0], title="Template")
    add_artworks(4, artists, template)
    sitemap_locations(client)  # the section URLs are looked up once per content change
    with_5, listed_with_5 = sitemap_query_counts(client)

    artists += add_artists(495)
    add_artworks(495, artists, template)
    with_500, listed_with_500 = sitemap_query_counts(client)
    assert len([address for address in sitemap_files(client) if "artworks" in address]) >= 100
    assert listed_with_500 >= listed_with_5
    assert with_500 == with_5
    # A file: the highest key, its rows, the Wagtail site (pages: their types' rows too).
    assert with_5["artworks, last file"] == with_5["artists, last file"] == 3, with_5
    assert max(with_5.values()) <= 8, with_5


def test_the_artists_section_lists_exactly_the_artists_the_site_lists(client):
    listed = UserFactory(username="listed")
    create_artwork(listed, title="Listed")
    unconfirmed = UserFactory(username="unconfirmed", verified_email=False)
    create_artwork(unconfirmed, title="Unconfirmed")
    only_unlisted = UserFactory(username="onlyunlisted")
    create_artwork(only_unlisted, visibility=Artwork.Visibility.UNLISTED)
    create_artwork(UserFactory(username="onlyhidden"), status=Artwork.Status.HIDDEN)
    UserFactory(username="nowork")
    gone = UserFactory(username="gone")
    create_artwork(gone, title="Gone")
    User.objects.filter(pk=gone.pk).update(is_active=False)
    Artwork.objects.filter(artist=gone).update(artist_active=False)

    assert set(User.objects.artists_by_key()) == set(User.objects.artists()) == {listed}
    artists = [address for address in sitemap_locations(client) if "/artists/" in address]
    assert artists == ["http://localhost/artists/", "http://localhost/artists/listed/"]
