"""Output escaping: a hostile member's words stay text on public pages, in meta tags and structured
data, on their own pages and in the admin."""

import json
import re

import pytest

from tests.factories import UserFactory, create_artwork
from tests.html import soup
from tests.site.security.helpers import (
    ADMIN_ARTWORKS_URL,
    MY_ARTWORKS_URL,
    NON_SCRIPT_TYPES,
    PROFILE_URL,
)

pytestmark = pytest.mark.django_db


PAYLOAD = '"><script>alert(1)</script>'


RAW_SCRIPT = "<script>alert(1)</script>"


ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


JS_URL = "javascript:alert(1)"


# --- Output escaping -----------------------------------------------------------------------


HOSTILE_TAGS = f"<b>bold</b>, {JS_URL}, {RAW_SCRIPT}"


HOSTILE_DESCRIPTION = f"{PAYLOAD}\n\n{JS_URL}"


HOSTILE_ALT = f"{PAYLOAD} {JS_URL}"


@pytest.fixture
def hostile():
    """A member and an artwork whose every text field is an attack."""
    member = UserFactory(username="mallory", display_name=PAYLOAD, bio=f"{PAYLOAD}\n{JS_URL}")
    artwork = create_artwork(
        member,
        title=PAYLOAD,
        alt_text=HOSTILE_ALT,
        description=HOSTILE_DESCRIPTION,
        tags=HOSTILE_TAGS,
    )
    return artwork


URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "data", "content")


def assert_nothing_executable(response, shown=True):
    """Nothing the attacker wrote became markup: no raw <script>, no executable script with
    their code, no event-handler attribute, no javascript: URL."""
    html = response.content.decode()
    assert RAW_SCRIPT not in html
    if shown:
        assert ESCAPED_SCRIPT in html
    document = soup(response)
    for script in document.find_all("script"):
        if script.get("type", "").lower() in NON_SCRIPT_TYPES:
            continue
        assert "alert(1)" not in script.get_text()
    for element in document.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"<{element.name} {attribute}=...>"
            if attribute in URL_ATTRIBUTES and element.name != "meta":
                normalised = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                assert not normalised.startswith("javascript:"), str(element)[:200]
    # Every tag name the attacker typed stayed text: the <b> tag is not bold.
    assert not document.find("b", string="bold")


def hostile_url(name, artwork):
    gallery_tag = artwork.tags.get(name="<b>bold</b>")
    return {
        "home": "/",
        "gallery": "/gallery/",
        "gallery tag filter": f"/gallery/?tag={gallery_tag.slug}",
        "gallery search": "/gallery/?q=alert",
        "artwork": artwork.get_absolute_url(),
        "artists": "/artists/",
        "artist": artwork.artist.get_absolute_url(),
    }[name]


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "gallery",
        "gallery tag filter",
        "gallery search",
        "artwork",
        "artists",
        "artist",
    ],
)
def test_hostile_text_is_escaped_on_public_pages(client, hostile, name):
    response = client.get(hostile_url(name, hostile))

    assert response.status_code == 200
    assert_nothing_executable(response)


# A double quote in ?q= is its own bug (see the search test below); this payload breaks out
# of a single-quoted attribute and still opens a <script>.
QUERY_PAYLOAD = "'><script>alert(1)</script>"


@pytest.mark.parametrize(
    "params",
    [{"q": QUERY_PAYLOAD}, {"tag": PAYLOAD}, {"q": QUERY_PAYLOAD, "tag": PAYLOAD}],
    ids=["search", "tag", "search and tag"],
)
def test_a_hostile_search_or_tag_in_the_address_is_escaped(client, hostile, params):
    response = client.get("/gallery/", params)

    assert response.status_code == 200
    assert_nothing_executable(response)
    search_box = soup(response).find("input", attrs={"name": "q"})
    # An empty box has no value attribute (Django's TextInput leaves it out).
    assert search_box.get("value", "") == params.get("q", "")


@pytest.mark.parametrize("query", ['"', PAYLOAD, 'say "hello'])
def test_a_search_with_a_stray_double_quote_is_answered_normally(client, hostile, query):
    response = client.get("/gallery/", {"q": query})

    assert response.status_code == 200
    # Only the payload itself shows the hostile work (escaped); the others match nothing.
    assert_nothing_executable(response, shown=query == PAYLOAD)


def test_hostile_tags_are_shown_as_text(client, hostile):
    response = client.get(hostile.get_absolute_url())

    tag_list = soup(response).find("ul", attrs={"aria-label": "Tags"})
    names = {link.get_text() for link in tag_list.find_all("a")}
    assert names == {"<b>bold</b>", JS_URL, RAW_SCRIPT}
    for link in tag_list.find_all("a"):
        assert link["href"].startswith("/gallery/?tag=")


def assert_only_structured_data(head):
    """The only inline script in the head is the JSON-LD block, whose text cannot end it
    early; any other is the site's own file (the viewing preferences), with no text."""
    for script in head.find_all("script"):
        if script.get("src"):
            assert script["src"].startswith("/static/js/") and not script.string
            continue
        assert script["type"] == "application/ld+json"
        text = script.string
        assert "<" not in text and ">" not in text
        json.loads(text)


def test_hostile_text_stays_inside_the_meta_tags(client, hostile):
    response = client.get(hostile.get_absolute_url())

    assert response.status_code == 200
    head = soup(response).find("head")

    def meta(**attrs):
        element = head.find("meta", attrs=attrs)
        assert element is not None, attrs
        return element["content"]

    # Each value comes back whole, as text inside its attribute: nothing broke out.
    assert meta(property="og:title") == f"{PAYLOAD} by {PAYLOAD}"
    assert meta(name="twitter:title") == f"{PAYLOAD} by {PAYLOAD}"
    assert meta(property="og:image:alt") == HOSTILE_ALT
    assert meta(name="twitter:image:alt") == HOSTILE_ALT
    assert meta(name="description") == HOSTILE_DESCRIPTION
    assert meta(property="og:description") == HOSTILE_DESCRIPTION
    assert head.find("title").get_text().startswith(PAYLOAD)
    assert_only_structured_data(head)
    html = response.content.decode()
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; by &quot;&gt;" in html


def test_hostile_bio_is_escaped_in_the_artist_meta_description(client, hostile):
    response = client.get(hostile.artist.get_absolute_url())

    head = soup(response).find("head")
    assert head.find("meta", attrs={"name": "description"})["content"] == (f"{PAYLOAD}\n{JS_URL}")
    assert head.find("title").get_text().startswith(PAYLOAD)
    assert_only_structured_data(head)


@pytest.mark.parametrize("which", ["my artworks", "edit form", "profile", "delete confirmation"])
def test_hostile_text_is_escaped_on_the_members_own_pages(client, hostile, which):
    client.force_login(hostile.artist)
    url = {
        "my artworks": MY_ARTWORKS_URL,
        "edit form": hostile.get_edit_url(),
        "profile": PROFILE_URL,
        "delete confirmation": hostile.get_delete_url(),
    }[which]

    response = client.get(url)

    assert response.status_code == 200
    assert_nothing_executable(response)


def test_the_edit_form_gives_back_the_hostile_values_as_plain_field_values(client, hostile):
    client.force_login(hostile.artist)

    document = soup(client.get(hostile.get_edit_url()))

    assert document.find("input", attrs={"name": "title"})["value"] == PAYLOAD
    assert document.find("input", attrs={"name": "alt_text"})["value"] == HOSTILE_ALT
    assert document.find("textarea", attrs={"name": "description"}).get_text().strip() == (
        HOSTILE_DESCRIPTION
    )


@pytest.mark.parametrize("which", ["listing", "inspect", "edit", "users", "bulk hide"])
def test_hostile_text_is_escaped_in_the_admin(client, hostile, which):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = {
        "listing": ADMIN_ARTWORKS_URL,
        "inspect": f"{ADMIN_ARTWORKS_URL}inspect/{hostile.pk}/",
        "edit": f"{ADMIN_ARTWORKS_URL}edit/{hostile.pk}/",
        "users": "/admin/users/",
        "bulk hide": f"/admin/bulk/artworks/artwork/hide/?id={hostile.pk}",
    }[which]

    response = client.get(url)

    assert response.status_code == 200
    assert_nothing_executable(response)


def test_the_admin_listing_shows_the_hostile_title_as_text(client, hostile):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(ADMIN_ARTWORKS_URL)

    document = soup(response)
    cells = [cell.get_text(" ", strip=True) for cell in document.select("table tbody td")]
    assert any(PAYLOAD in cell for cell in cells)
