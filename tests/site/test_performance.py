"""Query counts stay fixed whatever the number of artworks, and no request makes renditions.
(Timings are measured by bench/run, never here.)"""

import io

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import (
    UserFactory,
    add_artworks,
    add_extra_image,
    create_artwork,
    uploaded_image,
)

pytestmark = pytest.mark.django_db

# The artwork page looks up the published, public exhibitions showing the work: one query for
# the page view restrictions (Wagtail's PageQuerySet.public()) and one for the exhibitions;
# its extra images add one query, and one more for all their renditions when it has any.
# Its "More by this artist" strip adds two (the works and their card renditions); opened from
# a list, three more find its neighbours there (artworks.browsing): the work's own sort keys
# and one row on either side. Its comments cost one query (comments.templatetags), whatever
# their number (tests/comments/test_comments.py), and one per kind of avatar their authors have.
# The artist page asks for the artist's public collections (one
# query; two more, a cover picture and its renditions, when there are any).
QUERY_LIMITS = {
    "home": 10,
    "gallery": 9,
    "gallery page 2": 9,
    "artist": 11,
    "artwork": 14,
    "artwork from the gallery by artist": 17,
    "artwork from a tag by title": 17,
    "artwork from its artist": 17,
    # A page by cursor reads its anchor's sort keys first: one query more than by number.
    "gallery page 2 by cursor": 10,
    "gallery by artist, page 2 by cursor": 10,
    "artist page 2 by cursor": 12,
    "artwork from a gallery page by cursor": 17,
}


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
        assert [key.split(":")[0] for key in cache_writes] == ["public-page"], url


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


# --- Pages for members -------------------------------------------------------------------------

#: A logged-in member's pages before members could favourite, collect, comment, request
#: commissions and be notified (measured on the commit before them: 48 and 4,800 works
#: alike), and the budget since: within 1.2 times those. What they add: the hearts' state
#: (one query for a page), the artwork page's comments (one) and "Add to collection" list
#: (one), the artist page's public collections (one). The bell's count comes from the cache
#: (notifications.services.unread_count). bench/speed.py prints the same pages' counts.
MEMBER_QUERIES_BEFORE = {"home": 13, "gallery": 11, "artist": 15, "artwork": 18}
MEMBER_QUERY_LIMITS = {name: int(count * 1.2) for name, count in MEMBER_QUERIES_BEFORE.items()}


def test_member_pages_stay_within_a_fifth_more_queries_than_before_the_social_features(
    client, settings
):
    """A member who follows, favourites, collects, comments and has unread notifications,
    with 5 and then 500 of everything: their pages cost the same, within the budget."""
    from comments import services as comments
    from notifications.models import Notification
    from social import collections, favourites, follows

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada = UserFactory(username="ada", open_for_commissions=True, commission_text="Yes.")
    member = UserFactory(username="grace")
    template = create_artwork(ada, title="Template", tags="ink, blue", image=uploaded_image())
    urls = {
        "home": "/",
        "gallery": "/gallery/",
        "artist": "/artists/ada/",
        "artwork": template.get_absolute_url(),
    }
    collection = collections.create_collection(member, "Blue", is_public=True)

    def add_everything(count):
        add_artworks(count, [ada], template)
        artists = [UserFactory() for _ in range(min(count, 20))]
        for artist in artists:
            follows.follow(member, artist)
        follows.follow(member, ada)
        new_works = Artwork.objects.exclude(favourites__member=member)[:count]
        for artwork in new_works:
            favourites.favourite(member, artwork)
        for artwork in new_works[:10]:
            collections.add_work(member, collection, artwork)
        for number in range(count):
            comments.post(artists[number % len(artists)], template, f"Comment {number}")
        Notification.objects.bulk_create(
            Notification(recipient=member, kind=Notification.Kind.NEW_WORK, artwork=template)
            for _ in range(count)
        )

    def measure():
        counts = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    client.force_login(member)
    add_everything(5)
    with_5 = measure()
    add_everything(495)
    with_500 = measure()

    assert with_5 == with_500
    for name, limit in MEMBER_QUERY_LIMITS.items():
        assert with_500[name] <= limit, (name, with_500[name], limit)


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
    from home.models import HomePage

    home = HomePage.objects.get()
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
