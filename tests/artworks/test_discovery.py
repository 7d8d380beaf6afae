"""Finding work: the gallery's orders, the tags page, and the home page's current exhibitions
and featured artists."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import FeaturedArtist, HomePage
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def titles_on(page_html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page_html)


def section(page_html, heading):
    """The HTML of the home page's section with this heading, or None when it is absent."""
    match = re.search(rf"<section[^>]*>\s*<h2[^>]*>{heading}</h2>(.*?)</section>", page_html, re.S)
    return match.group(1) if match else None


def card_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a></h3>', html)


# --- Gallery order ---------------------------------------------------------------------------


@pytest.fixture
def works():
    """Four works, uploaded in this order, by two artists. Titles are capitalised alike, so
    the title order is the same in every database collation."""
    zoe = UserFactory(username="zoe", display_name="Zoë Adler")
    bea = UserFactory(username="bea", display_name="")  # shown by username
    create_artwork(zoe, title="Marsh", tags="ink")
    create_artwork(bea, title="Cliff", tags="ink")
    create_artwork(zoe, title="Anchor")
    create_artwork(bea, title="Dune", tags="ink")


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
    assert titles_on(response.content.decode()) == expected


def test_sort_select_is_labelled_shows_the_current_order_and_keeps_filters(client, works):
    page = client.get("/gallery/?sort=title&tag=ink&ai=exclude").content.decode()
    sort_form = re.search(r'<form[^>]*class="sort-form".*?</form>', page, re.S).group(0)
    assert '<label for="gallery-sort">Sort' in sort_form
    assert '<option value="title" selected>Title (A–Z)</option>' in sort_form
    assert '<input type="hidden" name="tag" value="ink">' in sort_form
    assert '<input type="hidden" name="ai" value="exclude">' in sort_form
    assert '<button type="submit"' in sort_form  # works without JavaScript
    # The other forms keep the order when a visitor searches or filters.
    assert page.count('<input type="hidden" name="sort" value="title">') == 2
    # An order alone is not a filter.
    assert "Showing work" not in client.get("/gallery/?sort=oldest").content.decode()


def test_sort_combines_with_the_tag_filter(client, works):
    page = client.get("/gallery/?tag=ink&sort=title").content.decode()
    assert titles_on(page) == ["Cliff", "Dune", "Marsh"]


def test_pagination_links_keep_the_sort_and_filters(client, works, settings):
    settings.ARTWORKS_PER_PAGE = 2
    cliff = Artwork.objects.get(title="Cliff")
    first = client.get("/gallery/?sort=title").content.decode()
    assert titles_on(first) == ["Anchor", "Cliff"]
    assert f'href="?sort=title&amp;page=2&amp;after={cliff.pk}" rel="next"' in first
    second = client.get(f"/gallery/?sort=title&page=2&after={cliff.pk}").content.decode()
    assert titles_on(second) == ["Dune", "Marsh"]
    assert 'href="?sort=title" rel="prev"' in second
    assert titles_on(client.get("/gallery/?sort=title&page=2").content.decode()) == [
        "Dune",
        "Marsh",
    ]
    tagged = client.get("/gallery/?tag=ink&sort=oldest").content.decode()
    assert titles_on(tagged) == ["Marsh", "Cliff"]
    assert f'href="?tag=ink&amp;sort=oldest&amp;page=2&amp;after={cliff.pk}" rel="next"' in tagged
    # Pages of an artist sort with ties in name never repeat or lose a work.
    by_artist = [
        title
        for number in (1, 2)
        for title in titles_on(client.get(f"/gallery/?sort=artist&page={number}").content.decode())
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
    return re.findall(r'<h3><a href="/gallery/(\d+)/', page_html)


def link(page_html, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', page_html)
    return found and unescape(found.group(1))


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
    assert titles_on(client.get("/gallery/?sort=artist").content.decode()) == [
        "Dune",
        "Cliff",
        "Anchor",
        "Marsh",
    ]
    bea = get_user_model().objects.get(username="bea")
    bea.display_name = "Zulu"  # after "Zoë Adler" now
    bea.save()
    assert titles_on(client.get("/gallery/?sort=artist").content.decode()) == [
        "Anchor",
        "Marsh",
        "Dune",
        "Cliff",
    ]
    # A new work takes its artist's name with it.
    create_artwork(bea, title="Echo")
    assert titles_on(client.get("/gallery/?sort=artist").content.decode())[2] == "Echo"


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
        assert titles_on(visitor.get("/gallery/").content.decode())[0] == "Dune"
        assert titles_on(visitor.get("/gallery/?sort=title").content.decode())[0] == "Anchor"
        assert titles_on(visitor.get("/gallery/?sort=oldest").content.decode())[0] == "Marsh"


# --- Tags page -------------------------------------------------------------------------------


def test_tags_page_counts_only_public_work_most_used_first(client):
    artist = UserFactory()
    for title in ("One", "Two", "Three"):
        create_artwork(artist, title=title, tags="ink, paper")
    create_artwork(artist, title="Oil one", tags="oil, paper")
    create_artwork(artist, title="Acrylic", tags="acrylic")
    # None of these is public, so none counts.
    create_artwork(artist, title="Hidden", tags="ink, secret", status="hidden")
    create_artwork(artist, title="Waiting", tags="ink, pending", status="awaiting_review")
    departed = UserFactory()
    create_artwork(departed, title="Departed", tags="ink, farewell")
    departed.is_active = False
    departed.save()

    response = client.get("/gallery/tags/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Tags</h1>" in page
    listed = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a> <span class="tag-count">([^<]+)</span></li>', page
    )
    assert listed == [
        ("/gallery/?tag=paper", "paper", "4 works"),
        ("/gallery/?tag=ink", "ink", "3 works"),
        ("/gallery/?tag=acrylic", "acrylic", "1 work"),  # ties by name
        ("/gallery/?tag=oil", "oil", "1 work"),
    ]
    for private_tag in ("secret", "pending", "farewell"):
        assert private_tag not in page


def test_tags_page_is_capped_and_costs_the_same_however_many_tags(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    create_artwork(title="First", tags="a1, a2")
    # The section URLs are looked up once per change of public content, then remembered.
    client.get("/gallery/tags/")

    def queries_for_tags_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/gallery/tags/").status_code == 200
        return len(queries)

    few = queries_for_tags_page()
    create_artwork(title="Second", tags=", ".join(f"b{number}" for number in range(12)))
    client.get("/gallery/tags/")
    assert queries_for_tags_page() == few
    settings.TAGS_PAGE_MAX_TAGS = 5
    assert client.get("/gallery/tags/").content.decode().count('class="tag-count"') == 5


def test_tags_page_without_tags_says_so_and_the_gallery_links_to_it(client):
    create_artwork(title="Untagged")
    assert "No work in the gallery has a tag yet" in client.get("/gallery/tags/").content.decode()
    assert (
        '<a href="/gallery/tags/">Browse all tags</a>' in client.get("/gallery/").content.decode()
    )


def test_tags_page_is_in_the_sitemap(client):
    assert "/gallery/tags/</loc>" in whole_sitemap(client)


# --- Home: current exhibitions ---------------------------------------------------------------


def make_exhibition(title, opens=-7, closes=14, artworks=(), publish=True):
    index = ExhibitionIndexPage.objects.get()
    exhibition = index.add_child(
        instance=ExhibitionPage(
            title=title,
            opens_on=TODAY + timedelta(days=opens),
            closes_on=TODAY + timedelta(days=closes),
            body=[("artwork", {"artwork": artwork, "note": ""}) for artwork in artworks],
            live=False,
        )
    )
    if publish:
        exhibition.save_revision().publish()
    return exhibition


def test_home_shows_current_exhibitions_soonest_closing_first(client):
    ada, bruno = UserFactory(), UserFactory()
    low_tide = create_artwork(ada, title="Low Tide")
    balance = create_artwork(bruno, title="Balance")
    hidden = create_artwork(UserFactory(), title="Hidden one", status="hidden")
    make_exhibition("Closing later", closes=30, artworks=[hidden, low_tide, balance])
    make_exhibition("Closing soon", closes=3)
    make_exhibition("Last day", opens=-20, closes=0, artworks=[balance])
    make_exhibition("Upcoming show", opens=2, closes=40, artworks=[low_tide])
    make_exhibition("Past show", opens=-40, closes=-1, artworks=[low_tide])
    make_exhibition("Unpublished show", artworks=[low_tide], publish=False)

    page = client.get("/").content.decode()
    shows = section(page, "Current exhibitions")
    assert card_titles(shows) == ["Last day", "Closing soon", "Closing later"]
    closing_later = shows.split("Closing later")[1]
    last_day = (TODAY + timedelta(days=30)).strftime("%-d %B %Y")
    assert f"Until {last_day} · 2 artists" in closing_later  # the hidden work's artist: no
    assert "Until" in shows.split("Last day")[1] and "1 artist<" in shows
    # A cover is the first public work, with the card markup; a show without work has none.
    assert shows.count("<picture>") == 2
    assert 'href="/exhibitions/closing-later/"' in shows
    assert '<a href="/exhibitions/">All exhibitions →</a>' in shows


def test_home_shows_at_most_the_configured_number_of_exhibitions(client, settings):
    settings.HOME_CURRENT_EXHIBITIONS = 2
    for days in (5, 3, 9):
        make_exhibition(f"Show {days}", closes=days)
    assert card_titles(section(client.get("/").content.decode(), "Current exhibitions")) == [
        "Show 3",
        "Show 5",
    ]


# --- Home: featured artists ------------------------------------------------------------------


def feature(*artists):
    """What an editor does: choose the artists in the home page's panel and publish."""
    home = HomePage.objects.get()
    home.featured_artists = [FeaturedArtist(artist=artist) for artist in artists]
    home.save_revision().publish()


def test_home_shows_featured_artists_in_the_editors_order(client):
    cleo = UserFactory(username="cleo", display_name="Cleo Marsh", bio="Draws " * 50)
    ayo = UserFactory(username="ayo", display_name="Ayo Bello", bio="Weaver.")
    create_artwork(cleo, title="Cleo's first")
    create_artwork(cleo, title="Cleo's newest")
    create_artwork(ayo, title="Loom")
    departed = UserFactory(display_name="Dana Departed")
    create_artwork(departed, title="Gone work")
    departed.is_active = False
    departed.save()
    only_hidden = UserFactory(display_name="Hana Hidden")
    create_artwork(only_hidden, title="Hidden work", status="hidden")
    no_work = UserFactory(display_name="Nadia Nowork")
    feature(cleo, departed, only_hidden, no_work, ayo)

    artists = section(client.get("/").content.decode(), "Featured artists")
    assert card_titles(artists) == ["Cleo Marsh", "Ayo Bello"]
    assert 'href="/artists/cleo/"' in artists
    assert "Draws Draws" in artists and "Draws " * 40 not in artists  # an excerpt
    assert "Weaver." in artists
    assert "Latest: <a" in artists and "Cleo&#x27;s newest" in artists
    assert "Cleo&#x27;s first" not in artists
    assert artists.count("<picture>") == 2
    for name in ("Dana Departed", "Hana Hidden", "Nadia Nowork"):
        assert name not in artists


def test_home_sections_are_absent_when_empty(client):
    departed = UserFactory(display_name="Dana Departed")
    create_artwork(departed, title="Gone work")
    departed.is_active = False
    departed.save()
    feature(departed)
    make_exhibition("Upcoming show", opens=2, closes=40)
    page = client.get("/").content.decode()
    assert "Current exhibitions" not in page
    assert "Featured artists" not in page
    assert "New in the gallery" in page


def test_home_queries_do_not_grow_with_exhibitions_or_featured_artists(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what rendering the page costs
    first = UserFactory()
    make_exhibition("First show", artworks=[create_artwork(first, title="First work")])
    feature(first)
    client.get("/")  # the section URLs are looked up once per change of public content

    def home_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    few = home_queries()
    artists = [first, *(UserFactory() for _ in range(5))]
    shows = [
        [create_artwork(artist, title="Work", image=uploaded_image(size=(40, 30)))]
        for artist in artists
    ]
    for number, works in enumerate(shows[:3]):
        make_exhibition(f"Show {number}", artworks=works)
    feature(*artists)
    page = client.get("/").content.decode()
    assert len(card_titles(section(page, "Current exhibitions"))) == 3
    assert len(card_titles(section(page, "Featured artists"))) == 6
    assert home_queries() == few


def test_a_draft_previews_its_own_featured_artists(client):
    published = UserFactory(display_name="Already Featured")
    drafted = UserFactory(display_name="Newly Chosen")
    for artist in (published, drafted):
        create_artwork(artist, title="Some work")
    feature(published)
    home = HomePage.objects.get()
    home.featured_artists = [FeaturedArtist(artist=drafted), FeaturedArtist(artist=published)]
    revision = home.save_revision()

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    preview = client.get(f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/")
    assert card_titles(section(preview.content.decode(), "Featured artists")) == [
        "Newly Chosen",
        "Already Featured",
    ]
    client.logout()
    live = section(client.get("/").content.decode(), "Featured artists")
    assert card_titles(live) == ["Already Featured"]
