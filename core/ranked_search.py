"""Ranked search at a bounded cost, for the database backends (core.sqlite_search,
core.postgres_search).

Ranking scores every match: a word in a tenth of a million titles is 100,000 scores, then a
sort of them, for a page of 24 (0.3 s on SQLite, 0.9 s on PostgreSQL). A search engine with
an index built for ranking (Elasticsearch/OpenSearch, production.py's SEARCH_URL) answers
that from its index; the databases' full-text indexes find the matches but cannot hand them
over best first.

So a ranked search here ranks a bounded set of candidates: the newest RANKED_CANDIDATES
matches that the searched queryset keeps, newest by their index entry (whose id follows the
object's creation: it is kept when the object is indexed again). Its filters apply before
the cut, so a search within a few hundred works awaiting review finds every one of theirs.
A word in fewer works than that has all its matches ranked, as before; a common word has its
best matches among the newest thousand first. Newest, not the first the index yields: the
full-text indexes yield the oldest first, and a gallery whose search never shows recent work
for a common word looks abandoned. A thousand is more than anyone pages through (the gallery
caps its own search at ARTWORK_SEARCH_MAX_RESULTS, also a thousand; the admin's listing
shows 20 pages of 50) and keeps the ranking itself to a few milliseconds.

The count of a ranked search is the count of its candidates, so the results and their count
agree (a paginator never offers a page past them): it is at most RANKED_CANDIDATES, and a
count equal to `ranked_candidates` (the backend's attribute) means "that many or more".
Searches ordered by something other than relevance are not bounded: they return every match
in the queryset's order.
"""

RANKED_CANDIDATES = 1000


class BoundedRankingBackendMixin:
    """A database backend whose ranked searches rank at most `ranked_candidates` matches,
    the RANKED_CANDIDATES setting of its WAGTAILSEARCH_BACKENDS entry (default 1,000)."""

    def __init__(self, params):
        super().__init__(params)
        self.ranked_candidates = int(params.get("RANKED_CANDIDATES", RANKED_CANDIDATES))

    def search(self, *args, **kwargs):
        return self.bounded(super().search(*args, **kwargs))

    def autocomplete(self, *args, **kwargs):
        return self.bounded(super().autocomplete(*args, **kwargs))

    def bounded(self, results):
        """The results, lazy still, told how many matches their ranking may rank."""
        if results.query_compiler is not None:  # None for an empty query's empty results
            results.query_compiler.ranked_candidates = self.ranked_candidates
        return results


def result_pks(results):
    """The primary keys of search results, in their order. The database backends' results
    hand over their queryset, whose keys come without building an object for each result
    (a thousand artworks: 15–30 ms at a million works); a search engine's results are
    built from its hits, and read as they are."""
    queryset = getattr(results, "get_queryset", None)
    if queryset is None:
        return [result.pk for result in results]
    return list(queryset().values_list("pk", flat=True))
