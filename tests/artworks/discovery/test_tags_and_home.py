"""The tags page, and the home page's current exhibitions and featured artists."""

from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import FeaturedArtist
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import links, select, texts
from tests.pages import create_exhibition, exhibited, home_page
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


TODAY = timezone.localdate()


def section(page_html, heading):
    """The home page's section that opens with this heading, or None when it is absent."""
    for element in select(page_html, "section"):
        title = element.select_one(":scope > h2:first-child")
        if title is not None and title.get_text() == heading:
            return element
    return None


def card_titles(section):
    return texts(section, "h3.card-title > a")


def card(section, title):
    """The card in the section whose title is this."""
    (found,) = [
        article
        for article in select(section, "article.artwork-card")
        if texts(article, "h3.card-title > a") == [title]
    ]
    return found


def link_texts(section):
    """(address, text) of each link in the section."""
    return [(link["href"], link.get_text()) for link in select(section, "a[href]")]


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
    listed = [
        (item.a["href"], item.a.get_text(), item.select_one(".tag-count").get_text())
        for item in select(page, "li:has(> span.tag-count)")
    ]
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
    return create_exhibition(
        title,
        opens=opens,
        closes=closes,
        body=[exhibited(artwork) for artwork in artworks],
        publish=publish,
        intro="",
    )


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
    closing_later = card(shows, "Closing later").p.get_text()
    last_day = (TODAY + timedelta(days=30)).strftime("%-d %B %Y")
    assert f"Until {last_day} · 2 artists" in closing_later  # the hidden work's artist: no
    last_day_line = card(shows, "Last day").p.get_text()
    assert "Until" in last_day_line and last_day_line.endswith(" · 1 artist")
    # A cover is the first public work, with the card markup; a show without work has none.
    assert len(select(shows, "picture")) == 2
    assert "/exhibitions/closing-later/" in links(shows)
    assert ("/exhibitions/", "All exhibitions →") in link_texts(shows)


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
    home = home_page()
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
    assert "/artists/cleo/" in links(artists)
    words = artists.get_text()
    assert "Draws Draws" in words and "Draws " * 40 not in str(artists)  # an excerpt
    assert "Weaver." in words
    latest = card(artists, "Cleo Marsh").select_one("p:not(.artist-bio)")
    assert latest.contents[0] == "Latest: " and latest.contents[1].name == "a"
    assert latest.a.get_text() == "Cleo's newest"
    assert "Cleo's first" not in str(artists)
    assert len(select(artists, "picture")) == 2
    for name in ("Dana Departed", "Hana Hidden", "Nadia Nowork"):
        assert name not in str(artists)


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
    home = home_page()
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
