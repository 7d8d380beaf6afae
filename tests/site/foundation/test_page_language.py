"""A page names the language it is written in: the active one, which the pseudo-locale of
the translation test or a future second language changes."""

import pytest

from django.template.loader import render_to_string
from django.utils import translation

from tests.html import soup

pytestmark = pytest.mark.django_db


def test_pages_are_in_the_sites_language(client, settings):
    assert soup(client.get("/")).html["lang"] == settings.LANGUAGE_CODE


def test_pages_follow_the_active_language(client):
    with translation.override("fr"):
        response = client.get("/")

    assert soup(response).html["lang"] == "fr"


def test_error_pages_follow_the_active_language():
    # The error pages render without a request (the fault may be the database itself).
    with translation.override("de"):
        page = render_to_string("503.html")

    assert '<html lang="de">' in page
