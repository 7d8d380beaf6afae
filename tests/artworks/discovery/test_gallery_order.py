"""The gallery's orders."""

import re
from datetime import timedelta
from urllib.parse import urljoin

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.html import attributes, card_titles, links, select, select_one, texts

pytestmark = pytest.mark.django_db


# --- Gallery order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Dune", "Anchor", "Cliff", "Marsh"]),
        ("newest", ["Dune", "Anchor", "Cliff", "Marsh"]),
        ("oldest", ["Marsh", "Cliff", "Anchor", "Dune"]),
        ("title", ["Anchor", "Cliff", "Dune", "Marsh"]),
        # "bea" before "Zoë Adler" (case ignored), each artist's newest first.
        ("artist", ["Dune", "Cliff", "Anchor", "Marsh"]),
        ("sideways", ["Dune", "Anchor", "Cliff", "Marsh"]),  # unknown: newest
    ],
)
def test_gallery_sorts_as_asked(client, works, sort, expected):
    response = client.get(f"/gallery/?sort={sort}")
    assert response.status_code == 200
    assert card_titles(response.content.decode()) == expected


def test_sort_select_is_labelled_shows_the_current_order_and_keeps_filters(client, works):
    page = client.get("/gallery/?sort=title&tag=ink&ai=exclude").content.decode()
    sort_form = select_one(page, "form.sort-form")
    assert texts(sort_form, 'label[for="gallery-sort"]')[0].startswith("Sort")
    assert texts(sort_form, 'option[value="title"][selected]') == ["Title (A–Z)"]
    assert attributes(sort_form, 'input[type="hidden"][name="tag"]', "value") == ["ink"]
    assert attributes(sort_form, 'input[type="hidden"][name="ai"]', "value") == ["exclude"]
    assert select(sort_form, 'button[type="submit"]')  # works without JavaScript
    # The other forms keep the order when a visitor searches or filters.
    assert page.count('<input type="hidden" name="sort" value="title">') == 2
    # An order alone is not a filter.
    assert "Showing work" not in client.get("/gallery/?sort=oldest").content.decode()


def test_sort_combines_with_the_tag_filter(client, works):
    page = client.get("/gallery/?tag=ink&sort=title").content.decode()
    assert card_titles(page) == ["Cliff", "Dune", "Marsh"]


def test_pagination_links_keep_the_sort_and_filters(client, works, settings):
    settings.ARTWORKS_PER_PAGE = 2
    cliff = Artwork.objects.get(title="Cliff")
    first = client.get("/gallery/?sort=title").content.decode()
    assert card_titles(first) == ["Anchor", "Cliff"]
    assert f'href="?sort=title&amp;page=2&amp;after={cliff.pk}" rel="next"' in first
    second = client.get(f"/gallery/?sort=title&page=2&after={cliff.pk}").content.decode()
    assert card_titles(second) == ["Dune", "Marsh"]
    assert 'href="?sort=title" rel="prev"' in second
    assert card_titles(client.get("/gallery/?sort=title&page=2").content.decode()) == [
        "Dune",
        "Marsh",
    ]
    tagged = client.get("/gallery/?tag=ink&sort=oldest").content.decode()
    assert card_titles(tagged) == ["Marsh", "Cliff"]
    assert f'href="?tag=ink&amp;sort=oldest&amp;page=2&amp;after={cliff.pk}" rel="next"' in tagged
    # Pages of an artist sort with ties in name never repeat or lose a work.
    by_artist = [
        title
        for number in (1, 2)
        for title in card_titles(client.get(f"/gallery/?sort=artist&page={number}"))
    ]
    assert by_artist == ["Dune", "Cliff", "Anchor", "Marsh"]


@pytest.fixture
def tied_works(settings):
    """Seven works with ties in every order: two titles alike, two moments alike, and two
    artists whose names differ only in case."""
    sam = UserFactory(username="sam", display_name="Sam")
    other_sam = UserFactory(username="samuel", display_name="sam")
    ann = UserFactory(username="ann", display_name="")
    works = [
        create_artwork(artist, title=title)
        for artist, title in [
            (sam, "Twin"),
            (other_sam, "Twin"),
            (ann, "Alone"),
            (sam, "Heron"),
            (other_sam, "Twin"),
            (ann, "Zinc"),
            (sam, "Birch"),
        ]
    ]
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # pages of several sizes at one address
    moment = timezone.now() - timedelta(days=1)
    Artwork.objects.filter(pk__in=[works[1].pk, works[3].pk, works[4].pk]).update(created_at=moment)
    return works


def cards_on(page_html):
    """The ids of the works on a listing's cards, in the order shown."""
    return [
        re.match(r"/gallery/(\d+)/", href).group(1)
        for href in links(page_html, 'h3:not([class]) > a[href^="/gallery/"]')
    ]


def link(page_html, rel):
    found = links(page_html, f'a[rel="{rel}"]')
    return found[0] if found else None


def walk_pages(client, url, rel):
    """The works of each page from `url`, following the `rel` link to the end."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page_html = response.content.decode()
        pages.append(cards_on(page_html))
        following = link(page_html, rel)
        url = following and urljoin("/gallery/", following)
    return pages, url


@pytest.mark.parametrize("sort", ["", "oldest", "title", "artist", "favourites"])
def test_next_and_previous_by_cursor_show_every_work_once_in_order(
    client, tied_works, settings, sort
):
    whole = cards_on(client.get(f"/gallery/?sort={sort}").content.decode())
    assert len(whole) == 7
    settings.ARTWORKS_PER_PAGE = 2
    forwards, _ = walk_pages(client, f"/gallery/?sort={sort}", "next")
    assert [work for page in forwards for work in page] == whole
    # From the last page back by Previous: the same pages, the first at the bare address.
    last_page_html = client.get(f"/gallery/?sort={sort}").content.decode()
    address = f"/gallery/?sort={sort}"
    while link(last_page_html, "next"):
        address = urljoin("/gallery/", link(last_page_html, "next"))
        last_page_html = client.get(address).content.decode()
    assert "after=" in address and "Page 4" in last_page_html
    backwards, _ = walk_pages(client, address, "prev")
    assert backwards == forwards[::-1]
    assert link(client.get(address).content.decode(), "prev").count("before=") == 1


@pytest.mark.parametrize(
    "cursor", ["after=abc", "after=99999999", "before=-3", "after=1234567890123", "before="]
)
def test_a_malformed_or_unknown_cursor_gives_the_first_page(client, tied_works, settings, cursor):
    settings.ARTWORKS_PER_PAGE = 2
    first = client.get("/gallery/?sort=title").content.decode()
    response = client.get(f"/gallery/?sort=title&page=3&{cursor}")
    assert response.status_code == 200
    assert cards_on(response.content.decode()) == cards_on(first)


def test_a_page_by_cursor_keeps_working_when_its_anchor_is_hidden(client, tied_works, settings):
    settings.ARTWORKS_PER_PAGE = 2
    first = client.get("/gallery/?sort=title").content.decode()
    next_url = urljoin("/gallery/", link(first, "next"))
    second = cards_on(client.get(next_url).content.decode())
    Artwork.objects.filter(pk=cards_on(first)[-1]).update(status=Artwork.Status.HIDDEN)
    assert cards_on(client.get(next_url).content.decode()) == second


def test_the_artist_order_follows_a_change_of_name(client, works, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the same address before and after
    assert card_titles(client.get("/gallery/?sort=artist").content.decode()) == [
        "Dune",
        "Cliff",
        "Anchor",
        "Marsh",
    ]
    bea = get_user_model().objects.get(username="bea")
    bea.display_name = "Zulu"  # after "Zoë Adler" now
    bea.save()
    assert card_titles(client.get("/gallery/?sort=artist").content.decode()) == [
        "Anchor",
        "Marsh",
        "Dune",
        "Cliff",
    ]
    # A new work takes its artist's name with it.
    create_artwork(bea, title="Echo")
    assert card_titles(client.get("/gallery/?sort=artist").content.decode())[2] == "Echo"


def plan_steps(sql, params):
    """SQLite's plan as (id, parent, step) rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [(row[0], row[1], row[3]) for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("sort", ["", "oldest", "title", "artist", "favourites"])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_cursor_page_reads_its_index_from_the_anchor(client, tied_works, sort, direction):
    anchor = tied_works[3].pk
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/gallery/?sort={sort}&page=3&{direction}={anchor}")
    (page_query,) = [
        query["sql"] for query in queries.captured_queries if "IN (SELECT" in query["sql"]
    ]
    steps = plan_steps(page_query, ())
    searches = [step for _, _, step in steps if step.startswith("SEARCH U")]
    assert searches, steps
    # Each part of the order past the anchor is a range of an index, read in its order:
    # no table scan and no sort of its rows. Only the few rows found (at most a page from
    # each part) are sorted together.
    for search in searches:
        assert "USING COVERING INDEX artwork_listed_" in search, steps
        assert re.search(r"[<>]\?\)$", search), steps
    assert not any(step.startswith("SCAN") for _, _, step in steps), steps
    assert not any("RIGHT PART OF ORDER BY" in step for _, _, step in steps), steps


def test_each_order_has_its_own_cached_grid_and_page(works):
    visitor = Client()  # anonymous: the whole page and the grid fragment are cached
    for _ in range(2):
        assert card_titles(visitor.get("/gallery/").content.decode())[0] == "Dune"
        assert card_titles(visitor.get("/gallery/?sort=title").content.decode())[0] == "Anchor"
        assert card_titles(visitor.get("/gallery/?sort=oldest").content.decode())[0] == "Marsh"
