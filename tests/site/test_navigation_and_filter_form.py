"""The header's and footer's links follow the section pages' URLs (core.navigation), and the
gallery's filter form drops what it does not know instead of failing."""

import pytest

from django.http import QueryDict

from artworks.gallery_filters import GalleryFilterForm
from artworks.models import GalleryPage
from tests.html import select, select_one

pytestmark = pytest.mark.django_db


def nav_links(page_html):
    """(address, aria-current, text) of each link in the main navigation's list, in order."""
    nav = select_one(page_html, 'nav[aria-label="Main"]')
    return [
        (link["href"], link.get("aria-current"), link.get_text()) for link in select(nav, "li > a")
    ]


def test_main_navigation_links_the_sections_and_marks_the_current_one(client):
    links = nav_links(client.get("/artists/").content.decode())
    assert links[:3] == [
        ("/gallery/", None, "Gallery"),
        ("/artists/", "page", "Artists"),
        ("/exhibitions/", None, "Exhibitions"),
    ]


def test_navigation_follows_a_section_page_an_editor_renames(client):
    gallery = GalleryPage.objects.get()
    gallery.slug = "works"
    gallery.save_revision().publish()
    page = client.get("/works/").content.decode()
    assert ("/works/", "page", "Gallery") in nav_links(page)
    footer = select_one(page, "footer")
    assert ("/works/", "Gallery") in [(a["href"], a.get_text()) for a in select(footer, "a[href]")]
    assert "/gallery/" not in str(footer)


def test_not_found_page_links_home_and_the_gallery(client):
    page = client.get("/no-such-page/").content.decode()
    assert '<a href="/" role="button">' in page
    assert '<a href="/gallery/" role="button" class="secondary">' in page


def form_for(query):
    return GalleryFilterForm(QueryDict(query))


def test_filter_form_keeps_known_values_in_the_addresses_order():
    form = form_for("sort=title&ai=exclude&medium=painting&q=%20sea%20&tag=ink&licence=cc0-1.0")
    assert form.is_valid()
    assert list(form.applied.items()) == [
        ("tag", "ink"),
        ("q", "sea"),
        ("licence", "cc0-1.0"),
        ("medium", "painting"),
        ("ai", "exclude"),
        ("sort", "title"),
    ]
    assert form.narrows and form.narrowed_by_panel


@pytest.mark.parametrize(
    "query",
    ["sort=sideways", "sort=newest", "medium=lasers", "licence=mine", "ai=on", "q=%20%20", "tag="],
)
def test_filter_form_drops_unknown_and_default_values(query):
    form = form_for(query)
    assert form.is_valid()
    assert form.applied == {}
    assert not form.narrows


def test_filter_form_shortens_and_cleans_text():
    form = form_for("q=" + "a" * 300 + "&tag=in%00k")
    assert form.applied == {"tag": "ink", "q": "a" * 200}


def test_filter_bar_shows_what_is_applied_not_what_was_typed():
    form = form_for("medium=lasers&sort=title&ai=exclude")
    assert '<option value="" selected>' in str(form["medium"])
    assert '<option value="title" selected>' in str(form["sort"])
    assert "checked" in str(form["ai"]) and 'value="exclude"' in str(form["ai"])
    assert form.ai_toggle_query == "sort=title"
    assert form_for("").ai_toggle_query == "ai=exclude"
    assert '<option value="newest" selected>' in str(form_for("")["sort"])
