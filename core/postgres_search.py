"""PostgreSQL's full-text search (modelsearch) with its ranked searches bounded
(core.ranked_search says why); imported only on PostgreSQL.

modelsearch matches `(title || body) @@ query` (the GIN index of artworks' migration 0017
answers it) and orders every match by ts_rank: a word in a tenth of a million works reads
and scores 100,000 entries for a page (0.9 s). Here a ranked search keeps modelsearch's
match, stemming and weighting, and ranks only the newest RANKED_CANDIDATES matches of the
searched queryset, newest by their index entry's id (an entry keeps its id when its object
is indexed again, so ids follow the objects' creation). PostgreSQL finds those by walking
the entries' primary key from the newest and testing each against the match when the word is
common (about 10,000 entries read for a word in a tenth of the titles), and from the GIN
index's matches, sorted, when it is rare: its statistics on the indexed expression tell the
two apart. Fuzzy searches and searches in another order are modelsearch's own.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models.expressions import CombinedExpression

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not

from .ranked_search import RANKED_CANDIDATES, BoundedRankingBackendMixin


class BoundedRankingMixin:
    """PostgresSearchQueryCompiler.search (modelsearch 1.x) ranking a bounded number of
    candidates when it orders by relevance."""

    ranked_candidates = RANKED_CANDIDATES

    def search(self, config, start, stop, score_field=None, backend=None):
        unbounded = (
            not self.order_by_relevance
            or isinstance(self.query, MatchAll | Fuzzy)
            or (isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll))
        )
        if unbounded:
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        combined_vector = vectors[0][0]
        for vector, _boost in vectors[1:]:
            # The index's columns are F() references: joined with PostgreSQL's "||".
            combined_vector = CombinedExpression(
                combined_vector, "||", vector, output_field=SearchVectorField()
            )
        # An alias, not an annotation: the vectors are matched, not read (modelsearch selects
        # them with every result).
        matches = self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)
        newest = matches.order_by("-index_entries__id").values("pk")[: self.ranked_candidates]
        return self._apply_ordering_and_scoring(
            matches.filter(pk__in=newest), rank_expression, start, stop, score_field
        )


class BoundedPostgresSearchQueryCompiler(BoundedRankingMixin, PostgresSearchQueryCompiler):
    pass


class BoundedPostgresAutocompleteQueryCompiler(
    BoundedRankingMixin, PostgresAutocompleteQueryCompiler
):
    pass


class BoundedPostgresSearchBackend(BoundedRankingBackendMixin, PostgresSearchBackend):
    query_compiler_class = BoundedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = BoundedPostgresAutocompleteQueryCompiler
