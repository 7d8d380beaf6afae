"""The sentences that say what narrows the gallery are each one message around their parts
(GalleryFilterForm.summary and nothing_matches), and read in English as they always have."""

import pytest

from django.http import QueryDict

from artworks.gallery_filters import GalleryFilterForm
from tests.factories import create_artwork
from tests.html import select_one

pytestmark = pytest.mark.django_db


def form_for(query):
    return GalleryFilterForm(QueryDict(query))


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("tag=blue", "Showing work tagged “blue”."),
        ("q=sea&tag=ink", "Showing work matching “sea” tagged “ink”."),
        (
            "q=sea&tag=ink&medium=painting&licence=cc0-1.0",
            "Showing work matching “sea” tagged “ink” in painting under CC0 1.0 (public domain).",
        ),
        ("ai=exclude", "Showing work, leaving out work made with AI."),
        (
            "medium=drawing&ai=exclude",
            "Showing work in drawing, leaving out work made with AI.",
        ),
    ],
)
def test_the_summary_names_every_filter_in_one_sentence(query, sentence):
    assert form_for(query).summary == sentence


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("q=zeppelin", "Nothing matches “zeppelin”."),
        ("q=sea&tag=ink", "Nothing matches “sea” with the tag “ink”."),
        ("tag=ink&medium=painting", "Nothing matches with the tag “ink” with these filters."),
        ("ai=exclude", "Nothing matches with these filters."),
    ],
)
def test_an_empty_listing_says_what_was_asked_for(query, sentence):
    assert form_for(query).nothing_matches == sentence


def test_the_gallery_shows_both_sentences_with_what_a_visitor_typed_escaped(client):
    create_artwork(title="Low Tide", tags="sea")

    narrowed = client.get("/gallery/?tag=sea")
    empty = client.get("/gallery/?q=%3Cb%3Ezeppelin")

    assert "Showing work tagged “sea”." in select_one(narrowed, "main").get_text()
    message = select_one(empty, ".empty-state p")
    assert message.get_text() == (
        "Nothing matches “<b>zeppelin”. Try another word, or browse all work."
    )
    assert message.select_one("b") is None
    assert message.select_one("a")["href"] == "/gallery/"
