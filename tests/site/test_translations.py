"""Every user-facing string is translatable. Django's makemessages collects the catalogue from
the project's code and templates; a pseudo-locale made from it puts every translated string
in brackets, ⟦like this⟧; the main pages rendered in it must show no words outside brackets
but the site's own content (titles, names, tags, descriptions) and dates."""

import re
from datetime import timedelta

import pytest
from bs4 import Comment, Doctype

from django.utils import timezone

from wagtail.models import Page

from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from social.models import Follow
from tests.factories import UserFactory, create_artwork
from tests.html import soup

#: Attributes people read or hear (screen readers announce labels and titles).
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-description")
#: Elements whose text is not the templates': dates (Django's own catalogues translate the
#: months), code, and data for scripts.
NOT_TEXT = ("script", "style", "time", "code", "noscript")
LETTERS = re.compile(r"[^\W\d_]{2,}")
BRACKETED = re.compile(r"⟦.*?⟧", re.DOTALL)
PIECE_END = "\x00"


def untranslated(html, content):
    """The words on the page that passed through no translation, nor are the site's content."""
    document = soup(html)
    for element in document(NOT_TEXT):
        element.decompose()
    texts = [
        str(text)
        for text in document.find_all(string=True)
        if not isinstance(text, (Comment, Doctype))
    ]
    # A message may hold markup ("by <a>…</a>"): its brackets open in one text and close in a
    # later one, so the page's texts are read in their order, each ending at a separator.
    pieces = BRACKETED.sub(" ", PIECE_END.join(texts)).split(PIECE_END)
    pieces += [
        BRACKETED.sub(" ", element[attribute])
        for attribute in READ_ATTRIBUTES
        for element in document.find_all(attrs={attribute: True})
    ]
    found = []
    for rest in pieces:
        # The longest first: a title that holds a tag ("Painted at dawn", "dawn") goes whole.
        for value in sorted(content, key=len, reverse=True):
            rest = rest.replace(value, " ")
        if LETTERS.search(rest):
            found.append(rest.strip())
    return found


@pytest.fixture
def site_content(db):
    """A little of everything the main pages show, and its text (titles, names, tags)."""
    ada = UserFactory(display_name="Ada Moreno", bio="Paints the harbour.")
    work = create_artwork(
        ada, title="Low Tide", tags="sea, dawn", description="Oil on board.", medium="painting"
    )
    create_artwork(UserFactory(display_name="Bruno Keller"), title="Balance", tags="sea")
    today = timezone.localdate()
    exhibition = ExhibitionIndexPage.objects.get().add_child(
        instance=ExhibitionPage(
            title="Colour and Line",
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=14),
            intro="<p>Works between colour and line.</p>",
            body=[("artwork", {"artwork": work, "note": "Painted at dawn."})],
        )
    )
    content = {
        "Ada Moreno",
        "Bruno Keller",
        ada.username,
        "Paints the harbour.",
        "Low Tide",
        "Balance",
        "A picture called Low Tide",
        "A picture called Balance",
        "Oil on board.",
        "sea",
        "dawn",
        "Colour and Line",
        "Works between colour and line.",
        "Painted at dawn.",
        # The site's name, from Wagtail's Site record (editors set it).
        "Artist Collective",
        # The signer the Content Credentials panel names: the signing certificate's
        # organisation (here the development CA's), data read from the manifest.
        "Artist Collective (development)",
    }
    return {
        "work": work,
        "artist": ada,
        "exhibition": exhibition,
        "content": content | editors_page_text(),
    }


def editors_page_text():
    """What editors wrote on the live pages (titles, intros: the migrations write the first
    ones): content, not the templates' text."""
    text = set()
    for page in Page.objects.live().specific():
        text.add(page.title)
        for value in vars(page).values():
            if isinstance(value, str) and "<" in value:
                html = soup(value)
                text.update(piece.strip() for piece in html.find_all(string=True))
    return {piece for piece in text if piece}


MAIN_PAGES = {
    "home": lambda data: "/",
    "gallery": lambda data: "/gallery/",
    "gallery filtered": lambda data: "/gallery/?tag=sea&sort=title",
    "gallery search": lambda data: "/gallery/?q=tide",
    "tags": lambda data: "/gallery/tags/",
    "artwork": lambda data: data["work"].get_absolute_url(),
    "artists": lambda data: "/artists/",
    "artist": lambda data: data["artist"].get_absolute_url(),
    "exhibitions": lambda data: "/exhibitions/",
    "exhibition": lambda data: data["exhibition"].url,
}


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_the_main_pages_show_only_translated_text_and_content(
    pseudo_locale, site_content, client, name
):
    response = client.get(MAIN_PAGES[name](site_content))
    assert response.status_code == 200
    assert "⟦" in response.content.decode()
    assert untranslated(response.content.decode(), site_content["content"]) == []


def test_the_catalogue_holds_the_sites_strings(pseudo_locale):
    catalogue = (pseudo_locale / "django.po").read_text()
    # From a template, a model's choices, a form and a view's message.
    for message in ("Gallery", "Awaiting review", "Alt text", "Follow"):
        assert f'msgid "{message}"' in catalogue


@pytest.mark.parametrize("address", ["/my/following/", "/my/following/?show=artists"])
def test_the_following_pages_show_only_translated_text_and_content(
    pseudo_locale, site_content, client, address, settings
):
    settings.FOLLOWED_ARTISTS_SHOWN = 1  # the link to the whole list shows too
    reader = UserFactory(username="reader")
    for artist in UserFactory._meta.model.objects.exclude(pk=reader.pk).filter(is_staff=False):
        Follow.objects.create(follower=reader, artist=artist)
    client.force_login(reader)
    response = client.get(address)
    assert response.status_code == 200
    assert untranslated(response.content.decode(), site_content["content"]) == []
