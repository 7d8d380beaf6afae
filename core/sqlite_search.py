"""SQLite's full-text search (modelsearch) made to use its indexes; imported only on SQLite
(modelsearch's SQLite module needs its SQLite-only models).

On SQLite, modelsearch's query finds the matching objects as
`pk IN (SELECT object_id FROM fts JOIN indexentry ... WHERE MATCH ... AND content_type IN ...)`
and ranks them with a subquery comparing `indexentry.object_id` (text) with the model's
integer `pk`. Without statistics (ANALYZE) SQLite walks that join from the content-type index,
that is through every index entry of the model, probing the full-text table once for each; and
the text-against-integer comparison cannot use the (content_type, object_id) index, so ranking
each result scans the entries again. At a million works, a search took seconds to minutes.

Here the full-text match picks the entries first (`indexentry.id IN (SELECT rowid ... MATCH)`)
and the ranking subquery compares `object_id` with the pk cast to text, so both read an index
whatever the statistics say. Everything else — which backend a database gets, indexing, the
results — is modelsearch's own; PostgreSQL and MySQL are untouched.
"""

from django.db.models import F, FloatField, Func, IntegerField, OuterRef, Subquery, TextField
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    normalize,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class IndexedSQLiteSearchMixin:
    """SQLiteSearchQueryCompiler.search (modelsearch 1.x), with the two subqueries that
    locate matches written so that SQLite reads them from indexes."""

    def search(self, config, start, stop, score_field=None):
        normalized_query = normalize(self.query)
        if isinstance(normalized_query, MatchAll):
            return self.queryset[start:stop]
        if isinstance(normalized_query, Not) and isinstance(normalized_query.subquery, MatchAll):
            return self.queryset.none()
        negated = isinstance(normalized_query, Not)
        if negated:
            normalized_query = normalized_query.subquery

        search_query = self.build_search_query(normalized_query, config=config)
        match_expression = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        content_types = get_descendants_content_types_pks(self.queryset.model)
        # The full-text table drives: only the entries that match are read, each by its id.
        # The content type is tested on those rows (SQLite's unary "+" keeps the planner from
        # walking the content-type index instead, through every entry of the model).
        matching_entries = IndexEntry.objects.alias(
            entry_content_type=Func(
                F("content_type_id"), template="+%(expressions)s", output_field=IntegerField()
            )
        ).filter(
            pk__in=SQLiteFTSIndexEntry.objects.filter(match_expression).values("index_entry_id"),
            entry_content_type__in=content_types,
        )
        # The stored id as the model's own pk type, so `pk IN (...)` compares like with like.
        pk_field = self.queryset.model._meta.pk
        object_ids = matching_entries.values_list(Cast("object_id", pk_field), flat=True)
        if negated:
            queryset = self.queryset.exclude(pk__in=object_ids)
        else:
            queryset = self.queryset.filter(pk__in=object_ids)

        if self.order_by_relevance and score_field is None and not negated:
            score_field = "_score"
        if score_field is not None and not negated:
            rank_expression = self._build_rank_expression(self.get_search_vectors(), config)
            # bm25() needs the MATCH in its own query. The pk cast to text meets the index
            # on (content_type, object_id): one entry read per result.
            score_subquery = (
                SQLiteFTSIndexEntry.objects.filter(match_expression)
                .filter(
                    index_entry__content_type__in=content_types,
                    index_entry__object_id=Cast(OuterRef("pk"), TextField()),
                )
                .annotate(score=rank_expression)
                .values("score")[:1]
            )
            queryset = queryset.annotate(
                **{score_field: Subquery(score_subquery, output_field=FloatField())}
            )
            if self.order_by_relevance:
                queryset = queryset.order_by(score_field, "-pk")

        if not self.order_by_relevance and not queryset.query.order_by:
            # A stable order across pages, as modelsearch gives one.
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]


class IndexedSQLiteSearchQueryCompiler(IndexedSQLiteSearchMixin, SQLiteSearchQueryCompiler):
    pass


class IndexedSQLiteAutocompleteQueryCompiler(
    IndexedSQLiteSearchMixin, SQLiteAutocompleteQueryCompiler
):
    pass


class IndexedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = IndexedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = IndexedSQLiteAutocompleteQueryCompiler
