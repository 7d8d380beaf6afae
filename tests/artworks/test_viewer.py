"""The artwork page as a viewer: large renditions made ahead of time, previous/next within the
list the visitor came from (checked, never trusted, and one cached page per list), "more by
this artist", share and full-size links, and the pixel-art choice."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from artworks.renditions import VIEWER_LARGE_SPECS, VIEWER_SPECS
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import soup
from tests.pages import create_exhibition, exhibited

pytestmark = pytest.mark.django_db


def dated(artwork, days_ago, **fields):
    """Give the work a fixed place in the newest-first order."""
    Artwork.objects.filter(pk=artwork.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago), **fields
    )
    artwork.refresh_from_db()
    return artwork


@pytest.fixture
def collection():
    """Five listed works by two artists (two tagged "ink"), plus an unlisted and a hidden
    one placed among them, which no list may offer."""
    ada = UserFactory(username="ada", display_name="Ada")
    bo = UserFactory(username="bo", display_name="Bo")
    works = {
        "Cedar": dated(create_artwork(ada, title="Cedar", tags="ink"), 1),
        "Birch": dated(create_artwork(bo, title="Birch"), 2),
        "Elm": dated(create_artwork(ada, title="Elm", tags="ink"), 3),
        "Ash": dated(create_artwork(bo, title="Ash"), 4),
        "Dogwood": dated(create_artwork(ada, title="Dogwood"), 5),
    }
    works["Secret"] = dated(
        create_artwork(ada, title="Secret", tags="ink"), 2.5, visibility="unlisted"
    )
    works["Gone"] = dated(create_artwork(ada, title="Gone", tags="ink"), 3.5, status="hidden")
    return works


def walk(client, start_url):
    """The titles met by following "Next" from `start_url` to the end of the list, and the
    "Back" link of every page on the way."""
    titles, backs, url = [], set(), start_url
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = soup(response)
        titles.append(page.h1.get_text())
        backs.add(page.select_one("a.browse-back")["href"])
        following = page.select_one("a[rel=next]")
        url = following["href"] if following else None
    return titles, backs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("from=gallery", ["Cedar", "Birch", "Elm", "Ash", "Dogwood"]),
        ("from=gallery&sort=oldest", ["Dogwood", "Ash", "Elm", "Birch", "Cedar"]),
        ("from=gallery&sort=title", ["Ash", "Birch", "Cedar", "Dogwood", "Elm"]),
        ("from=gallery&sort=artist", ["Cedar", "Elm", "Dogwood", "Birch", "Ash"]),
        ("from=gallery&tag=ink&sort=title", ["Cedar", "Elm"]),
        ("from=artist", ["Cedar", "Elm", "Dogwood"]),
    ],
)
def test_next_walks_the_list_in_its_own_order_and_skips_unlisted_and_hidden_work(
    client, collection, query, expected
):
    first = collection[expected[0]]
    titles, backs = walk(client, f"{first.get_absolute_url()}?{query}")
    assert titles == expected
    assert len(backs) == 1  # the same list all the way


def test_next_and_previous_agree_with_the_gallery_listing(client, collection):
    listing = soup(client.get("/gallery/?sort=title"))
    card_links = [a["href"] for a in listing.select("article.artwork-card h3 a")]
    assert all(link.endswith("?from=gallery&sort=title") for link in card_links)
    middle = soup(client.get(card_links[2]))
    assert middle.select_one("a[rel=prev]")["href"] == card_links[1]
    assert middle.select_one("a[rel=next]")["href"] == card_links[3]


def test_back_returns_to_the_same_gallery_page_sort_and_filters(client, collection):
    url = collection["Elm"].get_absolute_url() + "?from=gallery&tag=ink&sort=title&page=2"
    back = soup(client.get(url)).select_one("a.browse-back")
    assert back.get_text() == "← Back to the gallery"
    parts = urlsplit(back["href"])
    assert parts.path == "/gallery/"
    assert parse_qs(parts.query) == {"tag": ["ink"], "sort": ["title"], "page": ["2"]}


def test_back_returns_to_the_same_cursor_page(client, collection, settings):
    settings.ARTWORKS_PER_PAGE = 2
    first = soup(client.get("/gallery/?sort=title"))
    second_url = "/gallery/" + first.select_one("a[rel=next]")["href"]
    second = soup(client.get(second_url))
    cards = [a["href"] for a in second.select("article.artwork-card h3 a")]
    assert [a.get_text() for a in second.select("article.artwork-card h3 a")] == [
        "Cedar",
        "Dogwood",
    ]
    birch = collection["Birch"].pk
    assert all(card.endswith(f"?from=gallery&sort=title&page=2&after={birch}") for card in cards)
    back = soup(client.get(cards[0])).select_one("a.browse-back")["href"]
    assert back == second_url == f"/gallery/?sort=title&page=2&after={birch}"
    again = soup(client.get(back))
    assert [a["href"] for a in again.select("article.artwork-card h3 a")] == cards


def test_back_from_an_artists_cursor_page_returns_to_it(client, collection, settings):
    settings.ARTWORKS_PER_PAGE = 2
    first = soup(client.get("/artists/ada/"))
    next_href = first.select_one("a[rel=next]")["href"]
    assert next_href == f"?page=2&after={collection['Elm'].pk}"
    second = soup(client.get(f"/artists/ada/{next_href}"))
    cards = second.select("article.artwork-card h3 a")
    assert [card.get_text() for card in cards] == ["Dogwood"]
    back = soup(client.get(cards[0]["href"])).select_one("a.browse-back")["href"]
    assert back == f"/artists/ada/{next_href}"
    assert second.select_one("a[rel=prev]")["href"] == "/artists/ada/"


def test_back_from_an_artists_list_returns_to_their_page(client, collection):
    url = collection["Elm"].get_absolute_url() + "?from=artist&page=3"
    back = soup(client.get(url)).select_one("a.browse-back")
    assert back["href"] == "/artists/ada/?page=3"
    assert back.get_text() == "← Back to Ada’s work"


def test_an_exhibition_is_walked_in_the_curators_order(client, collection):
    show = create_exhibition(
        body=[
            exhibited(collection["Ash"]),
            exhibited(collection["Secret"]),  # unlisted: left out of the show, and of its order
            exhibited(collection["Cedar"]),
            exhibited(collection["Birch"]),
        ]
    )
    cards = soup(client.get(show.url)).select("article.artwork-card h3 a")
    assert [card.get_text() for card in cards] == ["Ash", "Cedar", "Birch"]
    titles, backs = walk(client, cards[0]["href"])
    assert titles == ["Ash", "Cedar", "Birch"]
    assert backs == {show.url}


def test_a_work_without_a_list_links_back_to_the_gallery_only(client, collection):
    page = soup(client.get(collection["Elm"].get_absolute_url()))
    assert page.select_one("a.browse-back")["href"] == "/gallery/"
    assert page.select_one("a[rel=next]") is None


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("from=elsewhere", ""),
        ("utm_source=feed", ""),
        ("from=gallery&sort=sideways&licence=stolen", "?from=gallery"),
        ("from=gallery&sort=newest", "?from=gallery"),
        ("from=gallery&page=0", "?from=gallery"),
        ("sort=title&from=gallery&x=1", "?from=gallery&sort=title"),
        ("from=exhibition&show=abc", ""),
        ("from=artist&tag=ink", "?from=artist"),
        # A cursor is digits, at most twelve of them, written without leading zeros.
        ("from=gallery&page=2&after=0012", "?from=gallery&page=2&after=12"),
        ("from=gallery&page=2&after=12a", "?from=gallery&page=2"),
        ("from=artist&before=1234567890123", "?from=artist"),
        ("from=artist&after=%EF%BC%91", "?from=artist"),  # a full-width digit
    ],
)
def test_any_other_spelling_of_a_list_redirects_to_its_one_address(
    client, collection, query, canonical
):
    artwork = collection["Elm"]
    response = client.get(f"{artwork.get_absolute_url()}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{artwork.get_absolute_url()}{canonical}"


def test_an_unknown_exhibition_gives_the_plain_page(client, collection):
    response = client.get(f"{collection['Elm'].get_absolute_url()}?from=exhibition&show=999999")
    assert response.status_code == 200
    assert soup(response).select_one("a.browse-back")["href"] == "/gallery/"


def test_the_canonical_link_stays_the_bare_address(client, collection):
    artwork = collection["Elm"]
    page = soup(client.get(f"{artwork.get_absolute_url()}?from=gallery&sort=title"))
    assert page.select_one("link[rel=canonical]")["href"].endswith(artwork.get_absolute_url())


def test_the_page_cache_keeps_one_page_per_list_and_is_not_filled_by_made_up_queries(
    client, collection, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    artwork = collection["Elm"]
    by_title = f"{artwork.get_absolute_url()}?from=gallery&sort=title"
    assert client.get(by_title)["X-Page-Cache"] == "miss"
    assert client.get(by_title)["X-Page-Cache"] == "hit"
    # The cached page for one list never answers for another.
    newest = soup(client.get(f"{artwork.get_absolute_url()}?from=gallery"))
    assert newest.select_one("a[rel=next]").get_text(" ", strip=True).endswith("Ash ›")
    for junk in range(3):
        response = client.get(f"{by_title}&junk={junk}")
        assert response.status_code == 302
        assert "X-Page-Cache" not in response


def test_neighbours_cost_the_same_queries_however_long_the_list(client, collection):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    url = f"{collection['Elm'].get_absolute_url()}?from=gallery&sort=artist"
    client.get(url)
    before = queries(url)
    template = collection["Ash"]
    Artwork.objects.bulk_create(
        Artwork(title=f"Bulk {n}", image_id=template.image_id, artist=template.artist, alt_text="A")
        for n in range(300)
    )
    assert queries(url) == before


def test_more_by_this_artist_shows_six_other_listed_works(client):
    artist = UserFactory(display_name="Rosa")
    works = [dated(create_artwork(artist, title=f"Study {n}"), n) for n in range(9)]
    dated(create_artwork(artist, title="Private study"), 0.5, visibility="unlisted")
    page = soup(client.get(works[0].get_absolute_url()))
    strip = page.select_one("section.more-by-artist")
    assert strip.h2.get_text() == "More by Rosa"
    titles = [a.get_text() for a in strip.select("article.artwork-card h3 a")]
    assert titles == [f"Study {n}" for n in range(1, 7)]
    assert all(a["href"].endswith("?from=artist") for a in strip.select("h3 a"))


def test_large_originals_get_a_2560_and_a_3200_view_small_ones_only_their_own_size(client):
    large = create_artwork(image=uploaded_image(size=(3400, 1700)))
    medium = create_artwork(image=uploaded_image(size=(1800, 1200)))
    large_sizes = {r.filter_spec: (r.width, r.height) for r in large.image.renditions.all()}
    assert large_sizes[VIEWER_SPECS[0]] == (2560, 1280)
    assert large_sizes[VIEWER_LARGE_SPECS[0]] == (3200, 1600)
    medium_specs = {r.filter_spec: r.width for r in medium.image.renditions.all()}
    assert medium_specs[VIEWER_SPECS[0]] == 1800
    assert VIEWER_LARGE_SPECS[0] not in medium_specs  # it would be the same file again

    page = soup(client.get(large.get_absolute_url()))
    full_size = page.select_one("a[data-viewer-open]")
    assert full_size.get_text() == "View full size"
    assert full_size["href"] == large.image.renditions.get(filter_spec=VIEWER_LARGE_SPECS[0]).url
    item = page.select_one("[data-viewer-item]")
    assert (item["data-viewer-width"], item["data-viewer-height"]) == ("3200", "1600")


def test_works_uploaded_before_the_viewer_get_its_renditions_from_the_command(client):
    artwork = create_artwork(image=uploaded_image(size=(3000, 2000)))
    artwork.image.renditions.filter(filter_spec__in=VIEWER_SPECS + VIEWER_LARGE_SPECS).delete()
    assert "View full size" not in client.get(artwork.get_absolute_url()).content.decode()
    call_command("requeue_missing_renditions", min_age=0)
    made = set(artwork.image.renditions.values_list("filter_spec", flat=True))
    assert set(VIEWER_SPECS + VIEWER_LARGE_SPECS) <= made
    assert "View full size" in client.get(artwork.get_absolute_url()).content.decode()


def test_the_page_image_carries_the_works_own_size_so_small_work_is_not_blown_up(client):
    small = create_artwork(
        image=uploaded_image(
            name="tiny.png", size=(10, 10), image_format="PNG", content_type="image/png"
        )
    )
    img = soup(client.get(small.get_absolute_url())).select_one("figure img.artwork-image")
    assert (img["width"], img["height"]) == ("10", "10")
    # One entry per distinct width: renditions of a small work are all the same size.
    assert img["srcset"].count(" 10w") == 1


def test_share_links_to_the_bare_page(client, collection):
    artwork = collection["Elm"]
    page = soup(client.get(f"{artwork.get_absolute_url()}?from=gallery"))
    share = page.select_one("a[data-share]")
    assert share.get_text() == "Share"
    assert share["href"] == f"http://testserver{artwork.get_absolute_url()}"
    assert page.select_one("[data-share-status]")["role"] == "status"


def test_the_artist_ticks_pixel_art_and_the_work_is_shown_with_square_pixels(client):
    artist = UserFactory()
    client.force_login(artist)
    artwork = create_artwork(artist, title="Sprite")
    form = soup(client.get(f"/my/artworks/{artwork.pk}/edit/"))
    checkbox = form.select_one("input[name=pixel_art]")
    assert (
        form.select_one(f"label[for={checkbox['id']}]")
        .get_text(strip=True)
        .startswith("This is pixel art")
    )
    response = client.post(
        f"/my/artworks/{artwork.pk}/edit/",
        {"title": "Sprite", "alt_text": "A sprite", "description": "", "pixel_art": "on"},
    )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.pixel_art
    client.logout()
    figure = soup(client.get(artwork.get_absolute_url())).select_one("figure.artwork-stage")
    assert "pixel-art" in figure["class"]
