"""Visibility and content warnings: unlisted work is reachable by its link and in no listing;
work in progress carries its label; mature work is blurred until a visitor chooses to see it,
and a moderator's content warning stays on."""

import pytest

from artworks.models import Artwork
from artworks.preferences import MATURE_COOKIE
from tests.factories import UserFactory, create_artwork, recount_listed_works
from tests.html import soup
from tests.moderation.admin.helpers import edit_data
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


def flagged(artwork, **flags):
    Artwork.objects.filter(pk=artwork.pk).update(**flags)
    artwork.refresh_from_db()
    recount_listed_works(artwork.artist)
    return artwork


@pytest.fixture
def works():
    artist = UserFactory(username="noor", display_name="Noor Haddad")
    listed = create_artwork(artist, title="Harbour lights", tags="harbour")
    unlisted = flagged(
        create_artwork(artist, title="Harbour sketch", tags="harbour"),
        visibility=Artwork.Visibility.UNLISTED,
    )
    return artist, listed, unlisted


def member_edit(client, artwork, **changes):
    data = {
        "title": artwork.title,
        "alt_text": artwork.alt_text,
        "tags": "",
        "licence": artwork.licence,
        "size_unit": "cm",
        "visibility": artwork.visibility,
        **changes,
    }
    return client.post(artwork.get_edit_url(), data)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/gallery/",
        "/gallery/?q=harbour",
        "/gallery/?tag=harbour",
        "/artists/",
        "/artists/noor/",
        "/feeds/artworks/",
        "/feeds/artists/noor/",
        "/feeds/tags/harbour/",
        "/sitemap.xml",
    ],
)
def test_unlisted_work_is_in_no_listing_feed_sitemap_or_search(client, works, path):
    _, listed, unlisted = works
    response = client.get(path, follow=True)
    assert response.status_code == 200
    # The sitemap is an index: the works are in the files it names.
    text = whole_sitemap(client) if path == "/sitemap.xml" else response.content.decode()
    if path not in ("/artists/",):
        assert listed.title in text or listed.get_absolute_url() in text
    assert unlisted.title not in text
    assert unlisted.get_absolute_url() not in text


def test_unlisted_work_is_reachable_by_its_link_and_not_indexed(client, works):
    _, listed, unlisted = works
    response = client.get(unlisted.get_absolute_url())
    assert response.status_code == 200
    document = soup(response)
    assert document.h1.get_text(strip=True) == "Harbour sketch"
    assert document.select_one('meta[name="robots"][content="noindex"]')
    listed_page = soup(client.get(listed.get_absolute_url()))
    assert not listed_page.select_one('meta[name="robots"][content="noindex"]')


def test_an_artist_unlists_and_labels_their_work_from_the_edit_form(client):
    artist = UserFactory()
    artwork = create_artwork(artist, title="Studio wall")
    client.force_login(artist)
    form = soup(client.get(artwork.get_edit_url()))
    assert form.select('input[type="radio"][name="visibility"]')
    mature = form.select_one('input[type="checkbox"][name="mature"]')
    assert mature.find_parent("label").get_text(strip=True) == "Mature content"
    legend = form.select_one('input[name="visibility"]').find_parent("fieldset").legend
    assert legend.get_text(strip=True) == "Who can find it"

    response = member_edit(
        client, artwork, visibility="unlisted", work_in_progress="on", mature="on"
    )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.visibility == "unlisted" and artwork.work_in_progress and artwork.mature
    mine = soup(client.get("/my/artworks/")).main
    text = mine.get_text(" ", strip=True)
    assert "Unlisted" in text and "Work in progress" in text and "Mature content" in text
    assert "Studio wall" not in client.get("/gallery/").content.decode()


def test_work_in_progress_is_listed_with_its_label(client):
    artwork = flagged(create_artwork(title="Half done"), work_in_progress=True)
    card = soup(client.get("/gallery/")).select_one(".artwork-card")
    assert "Half done" in card.get_text() and card.select_one(".wip-label")
    page = soup(client.get(artwork.get_absolute_url()))
    assert page.select_one("main .wip-label").get_text(strip=True) == "Work in progress"


def test_mature_work_is_blurred_with_a_show_control_in_listings_and_on_its_page(client):
    artwork = flagged(create_artwork(title="Life class"), mature=True)
    create_artwork(title="Still life")
    document = soup(client.get("/gallery/"))
    cards = {card.h3.get_text(strip=True): card for card in document.select(".artwork-card")}
    assert "mature" in cards["Life class"]["class"]
    veil = cards["Life class"].select_one("label.mature-veil")
    assert veil.select_one(".veil-show").get_text(strip=True) == "Mature content · Show"
    assert veil.select_one('input[type="checkbox"]')["aria-label"] == (
        "Show mature content: Life class"
    )
    assert "mature" not in cards["Still life"]["class"]

    page = soup(client.get(artwork.get_absolute_url()))
    figure = page.select_one("main figure")
    assert "mature" in figure["class"] and figure.select_one("label.mature-veil")


def test_a_moderators_content_warning_stays_on(client):
    artist = UserFactory()
    artwork = create_artwork(artist, title="Figure study")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/", edit_data(artwork, mature="on")
    )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.mature and artwork.mature_by_moderator

    client.force_login(artist)
    form = soup(client.get(artwork.get_edit_url()))
    assert form.select_one('input[name="mature"]').has_attr("disabled")
    assert "A moderator marked this work as mature content" in form.get_text()
    assert member_edit(client, artwork, title="Figure study II").status_code == 302
    artwork.refresh_from_db()
    assert artwork.title == "Figure study II" and artwork.mature


def test_viewing_preferences_are_kept_in_a_cookie(client):
    page = soup(client.get("/preferences/?next=/gallery/"))
    assert page.select_one('input[name="mature"][value="blur"]').has_attr("checked")
    assert page.select_one('input[name="next"]')["value"] == "/gallery/"

    response = client.post("/preferences/", {"mature": "show", "next": "/gallery/"})
    assert response.status_code == 302 and response["Location"] == "/gallery/"
    assert client.cookies[MATURE_COOKIE].value == "show"
    page = soup(client.get("/preferences/"))
    assert page.select_one('input[name="mature"][value="show"]').has_attr("checked")

    response = client.post("/preferences/", {"mature": "blur", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.cookies[MATURE_COOKIE].value == ""  # deleted

    response = client.post("/preferences/", {"mature": "everything"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_every_page_links_to_the_viewing_preferences_and_loads_them_first(client):
    document = soup(client.get("/gallery/"))
    link = document.select_one("footer a[href^='/preferences/']")
    assert link.get_text(strip=True) == "Viewing preferences"
    assert link["href"] == "/preferences/?next=/gallery/"
    script = document.head.select_one("script[src*='preferences']")
    assert script and not script.has_attr("defer")


def test_the_artist_of_an_unlisted_work_has_a_page_but_is_not_listed(client):
    artist = UserFactory(username="quiet", display_name="Quiet Artist")
    work = flagged(create_artwork(artist, title="Only for friends"), visibility="unlisted")
    page = soup(client.get(work.get_absolute_url()))
    artist_link = page.select_one("main").find("a", string="Quiet Artist")
    response = client.get(artist_link["href"])
    assert response.status_code == 200
    assert "Only for friends" not in response.content.decode()
    assert "Quiet Artist" not in client.get("/artists/").content.decode()
