"""Search at scale: a ranked search ranks the newest matches only (core.ranked_search), so
its cost stops growing with the number of works that match; a word in fewer works than
that has every match ranked; the gallery's search page costs the same queries with few
works as with many, and reads its matches by key."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsearch.backends import get_search_backend

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.html import card_titles
from tests.queries import queries_of

pytestmark = pytest.mark.django_db

CANDIDATES = 5


@pytest.fixture
def few_candidates(settings):
    """A ranked search ranks the newest five matches (a thousand on the site)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "RANKED_CANDIDATES": CANDIDATES}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }


def add_works(template, titles):
    """Bulk works with these titles, oldest first, each by a member of its own, indexed."""
    artists = UserFactory._meta.model.objects.bulk_create(UserFactory.build() for _ in titles)
    works = Artwork.objects.bulk_create(
        Artwork(title=title, image_id=template.image_id, artist=artist, alt_text="A work")
        for title, artist in zip(titles, artists, strict=True)
    )
    get_search_backend().get_index_for_model(Artwork).add_items(Artwork, works)
    return works


def test_ranked_search_ranks_the_newest_matches_best_match_first(few_candidates):
    template = create_artwork(title="Template")
    # The closest match is the oldest: outside the newest five, it is not a candidate.
    add_works(template, ["Heron"])
    add_works(template, [f"Filler {number}" for number in range(3)])
    newest = add_works(
        template,
        [
            "A grey heron wading by the long river at evening",
            "Heron at dawn",
            "The heron and the old mill pond",
            "A heron by the river in the morning light",
            "Heron in the tall reeds by the water",
        ],
    )

    results = Artwork.objects.search("heron")
    titles = [work.title for work in results]
    # The fewer words in the title, the closer the match.
    assert titles[0] == "Heron at dawn"
    assert titles[-1] == "A grey heron wading by the long river at evening"
    assert {work.pk for work in results} == {work.pk for work in newest}
    # The count agrees with the results: a paginator offers no page past them.
    assert results.count() == CANDIDATES == get_search_backend().ranked_candidates
    # Ordered by something else, a search returns every match.
    unranked = Artwork.objects.order_by("created_at").search("heron", order_by_relevance=False)
    assert [work.title for work in unranked][0] == "Heron"
    assert unranked.count() == 6


def test_ranked_search_counts_the_filters_before_the_cut(few_candidates):
    """A search within a few works (the moderation queue) finds all of theirs, however
    many newer works match."""
    template = create_artwork(title="Template")
    waiting = add_works(template, ["Heron waiting", "Heron also waiting"])
    Artwork.objects.filter(pk__in=[work.pk for work in waiting]).update(
        status=Artwork.Status.AWAITING_REVIEW
    )
    add_works(template, [f"Heron {number}" for number in range(8)])

    queue = Artwork.objects.filter(status=Artwork.Status.AWAITING_REVIEW)
    assert {work.title for work in queue.search("heron")} == {"Heron waiting", "Heron also waiting"}
    assert {work.title for work in queue.autocomplete("hero")} == {
        "Heron waiting",
        "Heron also waiting",
    }


def test_a_rare_word_has_every_match_ranked(few_candidates):
    template = create_artwork(title="Template")
    add_works(template, ["Quokka", "A quokka on a long walk", "Quokka smiling"])
    add_works(template, [f"Heron {number}" for number in range(10)])

    results = Artwork.objects.search("quokka")
    assert [work.title for work in results] == [
        "Quokka",
        "Quokka smiling",
        "A quokka on a long walk",
    ]
    assert results.count() == 3
    assert {work.title for work in Artwork.objects.autocomplete("quok")} == {
        "Quokka",
        "Quokka smiling",
        "A quokka on a long walk",
    }


def test_the_gallery_search_shows_a_common_word_newest_matches_newest_first(
    client, few_candidates, settings
):
    settings.ARTWORK_SEARCH_MAX_RESULTS = 3
    template = create_artwork(title="Template")
    add_works(template, ["Heron", "Old heron"])
    add_works(
        template,
        [
            "Heron by the pond in the rain and wind",
            "Heron at noon",
            "A heron far off across the wide marsh",
            "Heron at dusk",
            "Heron in May",
        ],
    )

    page = client.get("/gallery/?q=heron").content.decode()
    # The search's best three among its newest five matches, shown newest first.
    assert card_titles(page) == ["Heron in May", "Heron at dusk", "Heron at noon"]


@pytest.mark.parametrize("query", ["heron", "quokka"])
def test_the_gallery_search_costs_the_same_queries_for_5_and_300_works(client, settings, query):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what building the page costs
    template = create_artwork(title="Template")
    add_works(template, ["Quokka", "Heron", "Heron at dawn", "Grey heron"])
    small = queries_of(client, f"/gallery/?q={query}")
    add_works(template, [f"Heron {number}" for number in range(296)])
    assert queries_of(client, f"/gallery/?q={query}") == small
    assert "Quokka" in client.get("/gallery/?q=quokka").content.decode()


@pytest.mark.parametrize("query", ["heron", "quokka"])
def test_the_admin_search_costs_the_same_queries_below_and_past_the_cut(
    client, moderator, few_candidates, query
):
    """The searched Artworks listing with 4 works and with 300: a common word past the
    newest five matches ranked, a rare one below them, at the same cost. On SQLite its count
    and its page share the candidates (core.sqlite_search): two full-text matches in all,
    where the count and the cut were matched again, each reading every match of a prefix."""
    listing = f"/admin/snippets/artworks/artwork/?q={query}"
    template = create_artwork(title="Template")
    add_works(template, ["Quokka", "Heron", "Heron at dawn"])
    small = queries_of(client, listing)
    add_works(template, [f"Heron {number}" for number in range(296)])
    assert queries_of(client, listing) == small
    with CaptureQueriesContext(connection) as queries:
        page = client.get(listing).content.decode()
    expected = {"heron": "There are 5 matches", "quokka": "There is 1 match"}[query]
    assert expected in page
    if connection.vendor == "sqlite":
        matches = [entry["sql"].count(" MATCH ") for entry in queries.captured_queries]
        assert sum(matches) == 2, matches


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("query", ["heron", "quokka"])
def test_the_gallery_search_reads_its_matches_by_key(client, settings, query):
    """The page's works are the matches, read by key: walking the listing's order index
    and testing each work against them reads every work for a rare word (0.15 s at a
    million works)."""
    template = create_artwork(title="Template")
    add_works(template, ["Quokka", "Quokka smiling", *[f"Heron {number}" for number in range(30)]])
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the page is built, not read from the cache
    client.get(f"/gallery/?q={query}")  # what is looked up once (the site) out of the way
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/gallery/?q={query}").status_code == 200
    page_queries = [
        entry["sql"]
        for entry in queries.captured_queries
        if entry["sql"].startswith('SELECT "artworks_artwork"."id", "artworks_artwork"."title"')
    ]
    assert page_queries
    for sql in page_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[3] for row in cursor.fetchall()]
        assert not any("artwork_listed" in step for step in plan), plan
        assert not any(step.startswith("SCAN") for step in plan), plan
