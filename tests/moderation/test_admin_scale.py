"""The admin's moderation listings and search stay cheap however many members and works there
are: no filter lists every member, each sort order reads an index, the first page, the status
filter and a search cost the same queries with 5 works and with 500."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.html import attributes
from tests.queries import queries_of

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/artworks/artwork/"
REPORTS = "/admin/snippets/reports/report/"
ONLY_ON_SQLITE = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN"
)


def add_works(template, count, **fields):
    """Bulk works (and their search index entries) by `count` members of their own."""
    artists = UserFactory._meta.model.objects.bulk_create(UserFactory.build() for _ in range(count))
    works = Artwork.objects.bulk_create(
        Artwork(
            title=f"Filler {artist.username}",
            image_id=template.image_id,
            artist=artist,
            alt_text="A work",
            **fields,
        )
        for artist in artists
    )
    from modelsearch.backends import get_search_backend

    get_search_backend().get_index_for_model(Artwork).add_items(Artwork, works)
    return works


def plan_of(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[3] for row in cursor.fetchall()]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status=awaiting_review",
        "?q=filler",
        "?ordering=title",
        "?ordering=-status",
        "?ordering=artist",
        "?artist_username=someone",
    ],
)
def test_artworks_listing_costs_the_same_for_5_and_500_works(client, moderator, query):
    template = create_artwork(title="Template")
    add_works(template, 4)
    add_works(template, 1, status=Artwork.Status.AWAITING_REVIEW)
    small = queries_of(client, LISTING + query)
    add_works(template, 400)
    add_works(template, 95, status=Artwork.Status.AWAITING_REVIEW)
    assert queries_of(client, LISTING + query) == small


def test_artist_filter_lists_no_members_and_finds_works_by_username(client, moderator):
    ana = UserFactory(username="Ana_K", display_name="Ana Kovac")
    create_artwork(ana, title="Ana's river")
    create_artwork(UserFactory(display_name="Bo Lind"), title="Bo's field")
    UserFactory(display_name="Someone Without Work")

    page = client.get(LISTING).content.decode()
    assert "Someone Without Work" not in page  # no member is offered as an <option>
    assert 'aria-controls="drilldown-id_artist"' not in page  # offered only while in use
    assert "Artist&#x27;s username" in page or "Artist's username" in page
    found = client.get(LISTING, {"artist_username": "ana_k"}).content.decode()
    assert "Ana&#x27;s river" in found and "Bo&#x27;s field" not in found
    linked = client.get(LISTING, {"artist": ana.pk}).content.decode()
    assert "Ana&#x27;s river" in linked and "Bo&#x27;s field" not in linked
    assert "Ana Kovac" in linked  # the active filter names the member
    # Its drop-down offers that member alone, to clear the filter with.
    assert [value for value in attributes(linked, "option", "value") if value.isdigit()] == [
        str(ana.pk)
    ]


def test_comments_artist_filter_lists_no_members(client, moderator):
    UserFactory(display_name="Someone Without Work")
    page = client.get("/admin/snippets/comments/comment/").content.decode()
    assert page.count("<option") < 20
    assert "Someone Without Work" not in page


@ONLY_ON_SQLITE
@pytest.mark.parametrize(
    "ordering", ["", "created_at", "title", "-title", "status", "-status", "artist"]
)
def test_each_sort_of_the_artworks_listing_reads_an_index(client, moderator, ordering):
    template = create_artwork(title="Template")
    add_works(template, 3)
    with CaptureQueriesContext(connection) as queries:
        client.get(LISTING, {"ordering": ordering} if ordering else {})
    (page_query,) = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "artworks_artwork"."id"') and "LIMIT" in query["sql"]
    ]
    plan = plan_of(page_query)
    # Walked in the index's order, fifty entries read for the page: no table scan, no sort.
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert not any(step == "SCAN artworks_artwork" for step in plan), plan


@pytest.mark.parametrize("url", ["/gallery/?q=heron", f"{LISTING}?q=heron"])
def test_search_finds_the_right_works_among_many(client, moderator, url):
    template = create_artwork(title="Template")
    add_works(template, 60)
    heron = create_artwork(title="Grey heron at dawn")
    page = client.get(url).content.decode()
    assert "Grey heron at dawn" in page
    assert "Filler " not in page
    assert f"/gallery/{heron.pk}/" in page or f"/edit/{heron.pk}/" in page


@ONLY_ON_SQLITE
def test_search_reads_the_index_entries_of_its_matches_only():
    """The full-text match picks the entries and each result's rank reads one entry by its
    (content type, object id): never every entry of the model, as matching an integer pk
    against the text object_id, or walking the content-type index, would."""
    template = create_artwork(title="Heron")
    add_works(template, 30)
    searches = [
        Artwork.objects.filter(status=Artwork.Status.PUBLISHED).search(
            "heron", order_by_relevance=False
        ),
        Artwork.objects.search("heron"),
        Artwork.objects.autocomplete("her"),
    ]
    for results in searches:
        sql, params = results.get_queryset().query.sql_with_params()
        plan = plan_of(sql, params)
        whole_model = [
            step for step in plan if re.search(r"INDEX \S+ \(content_type_id=\?\)$", step)
        ]
        assert not whole_model, plan
        assert not any(step.startswith("SCAN artworks_artwork") for step in plan), plan
    assert [work.title for work in searches[1]] == ["Heron"]


def test_ranked_search_puts_the_closest_match_first(client, moderator):
    template = create_artwork(title="Template")
    add_works(template, 20)
    long_title = "An evening study of the river with a heron in the reeds"
    create_artwork(title=long_title)
    create_artwork(title="Heron")

    assert [work.title for work in Artwork.objects.search("heron")] == ["Heron", long_title]
    # The admin listing ranks its search too (no explicit order), and finds both works.
    page = client.get(LISTING, {"q": "heron"}).content.decode()
    assert page.index(">Heron<") < page.index(long_title)
    assert "Filler " not in page


@ONLY_ON_SQLITE
def test_ranked_search_scores_its_matches_in_one_pass():
    """bm25() in a subquery per result counts the terms' documents again for each one: a
    word in a tenth of 20,000 titles took seconds. The match drives one joined query, each
    entry and work read by its id; the candidates it ranks (core.ranked_search) are read
    once before it, newest first in the full-text table's own order, and the paginator's
    count is their number, not a query of its own."""
    template = create_artwork(title="Heron")
    add_works(template, 30)
    for results in (Artwork.objects.search("heron"), Artwork.objects.autocomplete("her")):
        # The paginator's count, then the page of results, as the admin's listing asks.
        with CaptureQueriesContext(connection) as queries:
            assert results[:51].count() == 1
            assert [work.title for work in results[:50]] == ["Heron"]
        candidates, ranked = (query["sql"] for query in queries.captured_queries)
        for sql in (candidates, ranked):
            plan = plan_of(sql)
            assert not any("CORRELATED" in step for step in plan), plan
            assert plan[0].startswith("SCAN wagtailsearch_indexentry_fts VIRTUAL TABLE"), plan
            assert not any("SUBQUERY" in step for step in plan), plan
        plan = plan_of(candidates)
        assert not any("TEMP B-TREE" in step for step in plan), plan
        assert "bm25" not in candidates and "bm25" in ranked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_artworks_have_the_text_id_index_search_joins_on():
    # Index entries name their object by a text id: searches join `object_id = id::varchar`.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["artworks_artwork_id_as_text"]
        )
        (definition,) = cursor.fetchone()
    assert "(id)::character varying(50)" in definition


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_search_entries_have_the_title_and_body_index_postgresql_searches_with():
    # The backend matches `(title || body) @@ query`: without this index every search reads
    # all the index entries.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["wagtailsearch_indexentry_title_body_gin"],
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "(title || body)" in definition


@pytest.fixture
def count_cap_of_5(monkeypatch):
    """The admin listings count up to 10,000 rows; 5 here, so a few works pass it."""
    from core.admin_listing import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "count_cap", 5)


@pytest.mark.parametrize("query", ["", "?status=published", "?q=filler"])
def test_artworks_listing_past_its_count_cap_says_more_than(
    client, moderator, count_cap_of_5, query
):
    template = create_artwork(title="Template")
    add_works(template, 8)
    page = client.get(LISTING + query).content.decode()
    assert "More than 5 artworks" in page
    assert "Pages reach the first 5. Filter, search or sort the other way" in page
    if query:
        assert "There are more than 5 matches" in page
    assert "9 artworks" not in page and "There are 9 matches" not in page


def test_artworks_listing_within_its_count_cap_counts_exactly(client, moderator, count_cap_of_5):
    template = create_artwork(title="Template")
    add_works(template, 3, status=Artwork.Status.AWAITING_REVIEW)
    page = client.get(LISTING).content.decode()
    assert "4 artworks" in page and "More than" not in page
    queue = client.get(LISTING, {"status": "awaiting_review"}).content.decode()
    assert "There are 3 matches" in queue and "3 artworks" in queue
    assert "Pages reach the first" not in queue


def test_artworks_listing_pages_within_its_count_cap(client, moderator, monkeypatch):
    """Past the cap the page links stop at it: 50 works a page and a cap of 60 offer two
    pages, the second holding works 51 to 60, however many works there are."""
    from core.admin_listing import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "count_cap", 60)
    template = create_artwork(title="Template")
    add_works(template, 80)
    response = client.get(LISTING, {"p": 2})
    page = response.content.decode()
    assert "Page 2 of 2" in page and "More than 60 artworks" in page
    assert len(set(attributes(page, '[id^="snippet_"][id$="_title"]', "id"))) == 10


def test_the_count_reads_no_more_rows_than_the_cap(moderator, count_cap_of_5):
    from core.admin_listing import CappedCountPaginator

    template = create_artwork(title="Template")
    add_works(template, 8)
    paginator = CappedCountPaginator(Artwork.objects.order_by("-created_at"), 50)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5 and paginator.count_is_capped
    (count_query,) = queries.captured_queries
    assert "LIMIT 6" in count_query["sql"]


@pytest.mark.parametrize(
    "url", ["/admin/snippets/reports/report/", "/admin/snippets/comments/comment/"]
)
def test_moderation_listings_share_the_capped_count(client, moderator, url):
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["paginator"].count_cap == 10_000


def test_reports_listing_costs_the_same_below_and_past_its_count_cap(
    client, moderator, count_cap_of_5
):
    from reports.models import Report

    template = create_artwork(title="Template")

    def report(count):
        Report.objects.bulk_create(
            Report(artwork=work, reporter=moderator, reason="spam")
            for work in add_works(template, count)
        )

    report(3)
    below = queries_of(client, REPORTS)
    assert "More than" not in client.get(REPORTS).content.decode()
    report(12)
    assert queries_of(client, REPORTS) == below
    assert "More than 5 reports" in client.get(REPORTS).content.decode()


@pytest.mark.parametrize("query", ["", "?status=awaiting_review", "?q=filler"])
def test_artworks_listing_costs_the_same_below_and_past_its_count_cap(
    client, moderator, count_cap_of_5, query
):
    template = create_artwork(title="Template")
    add_works(template, 2)
    add_works(template, 2, status=Artwork.Status.AWAITING_REVIEW)
    below = queries_of(client, LISTING + query)
    add_works(template, 10)
    add_works(template, 10, status=Artwork.Status.AWAITING_REVIEW)
    assert queries_of(client, LISTING + query) == below
    assert "More than 5 artworks" in client.get(LISTING + query).content.decode()


def test_artwork_chooser_past_its_count_cap_says_more_than(client, moderator, count_cap_of_5):
    template = create_artwork(title="Template")
    add_works(template, 8)
    chooser = "/admin/snippets/choose/artworks/artwork/"
    html = client.get(chooser).json()["html"]
    assert "More than 5 artworks" in html
    searched = client.get(chooser + "results/", {"q": "filler"}).content.decode()
    assert "There are more than 5 matches" in searched and "There are 8 matches" not in searched
