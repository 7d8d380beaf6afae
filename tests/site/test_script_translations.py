"""The words our scripts write (follow buttons, the full-size view, the upload form) come from
the "djangojs" catalogue through gettext, served at /jsi18n/ in the page's language; no script
writes a sentence of its own."""

import json
import re

import pytest

from tests import PROJECT_ROOT
from tests.factories import UserFactory, create_artwork
from tests.html import attributes

SCRIPTS_DIR = PROJECT_ROOT / "static" / "js"
#: Every script, and every part of one (static/js/upload/ holds the upload script's modules).
SCRIPTS = sorted(SCRIPTS_DIR.glob("**/*.js"))
#: The catalogue's entries in the view's output (a script, so read as text, not HTML).
CATALOGUE = re.compile(r"const newcatalog = (\{.*?\});\n", re.DOTALL)
#: String literals: "…", '…' and `…` (a template literal's ${…} dropped).
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*", re.DOTALL)
#: A gettext family call's string arguments: they are the messages, not words of the script's.
TRANSLATED = re.compile(
    r"\b(?:gettext|ngettext|pgettext|npgettext)\(\s*(?:(?:" + LITERAL.pattern + r")\s*[,+]?\s*)+"
)
#: Words a script reads or sends, never shows: header names, event and key names, file types,
#: directives.
DATA_WORDS = {"Accept", "Escape", "Files", "AbortError", "Enter", "use strict"}


def words_of_their_own(source):
    """The literals of a script that read as words a person sees, outside any gettext call."""
    code = TRANSLATED.sub("", COMMENT.sub("", source))
    found = []
    for literal in LITERAL.findall(code):
        text = re.sub(r"\$\{[^}]*\}", " ", literal[1:-1])
        reads_as_words = re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", text) or re.fullmatch(
            r"[A-Z][a-z]+[.…]?", text
        )
        # Class lists ("upload-card-field upload-card-…") are names, not words.
        class_list = all("-" in token for token in text.split())
        if reads_as_words and text not in DATA_WORDS and not class_list:
            found.append(text)
    return found


def test_the_scripts_write_no_words_of_their_own():
    assert SCRIPTS, "no scripts found"
    found = {
        script.relative_to(SCRIPTS_DIR).as_posix(): words_of_their_own(script.read_text())
        for script in SCRIPTS
    }
    assert "upload/card.js" in found
    assert {name: words for name, words in found.items() if words} == {}


def test_the_catalogue_serves_the_scripts_messages_in_the_pages_language(pseudo_locale, client):
    collected = (pseudo_locale / "djangojs.po").read_text()
    for message in ("Following", "%(count)s follower", "Link copied", "Copy this link: %(url)s"):
        assert f'msgid "{message}"' in collected

    response = client.get("/jsi18n/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    catalogue = json.loads(CATALOGUE.search(response.content.decode()).group(1))
    assert catalogue["Following"] == "⟦Following⟧"
    assert catalogue["%(count)s follower"] == ["⟦%(count)s follower⟧", "⟦%(count)s followers⟧"]
    assert catalogue["the whole image in the window\x04Fit"] == "⟦Fit⟧"
    translations = [
        value
        for entry in catalogue.values()
        for value in (entry if isinstance(entry, list) else [entry])
    ]
    assert all(value.startswith("⟦") and value.endswith("⟧") for value in translations)


def test_the_catalogue_is_cached_by_browsers_until_the_next_release(client):
    response = client.get("/jsi18n/")

    assert "max-age=3600" in response["Cache-Control"]
    again = client.get("/jsi18n/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_pages_whose_scripts_speak_load_the_catalogue_first(client):
    work = create_artwork(UserFactory(), title="Low Tide")

    scripts = attributes(client.get(work.get_absolute_url()), "script[src]", "src")

    names = [source.rstrip("/").rsplit("/", 1)[-1].split(".")[0] for source in scripts]
    assert names.index("jsi18n") < names.index("viewer") < names.index("in-place")
