"""Lists whose cards are the same for everyone keep their rendered cards under the public
content version (like the gallery's grid): the artists' list and the tag cloud. Kept cards
are served to members (whose pages are built) and to visitors' pages rebuilt after a change,
and any public change shows at once."""

import pytest

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.public_cache import public_version
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    client = Client()
    client.force_login(UserFactory(username="reader"))
    return client


def test_the_artists_cards_are_kept_and_a_rename_shows_at_once(
    member, django_capture_on_commit_callbacks
):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(ada, title="Analytical Engine")
    assert "Ada Lovelace" in member.get("/artists/").content.decode()
    kept = make_template_fragment_key("artist_list", [public_version(), str(ada.pk)])
    assert cache.get(kept) is not None and "Latest: Analytical Engine" in cache.get(kept)

    with django_capture_on_commit_callbacks(execute=True):
        ada.display_name = "Ada King"
        ada.save()
        create_artwork(ada, title="Difference Engine")
    page = member.get("/artists/").content.decode()

    assert "Ada King" in page and "Ada Lovelace" not in page
    assert "Latest: Difference Engine" in page


def test_the_tag_cloud_is_kept_and_a_new_tag_shows_at_once(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(title="Harbour", tags="sea")
    assert ">sea</a>" in member.get("/gallery/tags/").content.decode()
    kept = cache.get(f"tag-cloud-2:{settings.TAGS_PAGE_MAX_TAGS}:{public_version()}")
    assert '>sea</a> <span class="tag-count">1 work</span>' in kept
    with CaptureQueriesContext(connection) as queries:
        assert ">sea</a>" in member.get("/gallery/tags/").content.decode()
    assert not [query for query in queries if "taggit_tag" in query["sql"]]  # not counted again

    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(title="Pines", tags="forest")
    page = member.get("/gallery/tags/").content.decode()

    assert ">sea</a>" in page and ">forest</a>" in page
