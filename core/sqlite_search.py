"""SQLite's full-text search (modelsearch) made to use its indexes; imported only on SQLite
(modelsearch's SQLite module needs its SQLite-only models).

On SQLite, modelsearch's query finds the matching objects as
`pk IN (SELECT object_id FROM fts JOIN indexentry ... WHERE MATCH ... AND content_type IN ...)`
and ranks them with a subquery comparing `indexentry.object_id` (text) with the model's
integer `pk`. Without statistics (ANALYZE) SQLite walks that join from the content-type index,
that is through every index entry of the model, probing the full-text table once for each; and
the text-against-integer comparison cannot use the (content_type, object_id) index, so ranking
each result scans the entries again. At a million works, a search took seconds to minutes.

Ranking was worse still: modelsearch scores each result in a correlated subquery, and bm25()
works out its statistics (how many documents hold each term) afresh in every one, so ranking
n matches costs n full-text queries over n documents. A word in a tenth of 20,000 titles took
2 s, in a tenth of 200,000 more than 20 s.

Here the full-text match picks the entries first (`indexentry.id IN (SELECT rowid ... MATCH)`),
and a ranked search joins the full-text table, the entries and the model in one query that
the match drives (each entry read by its id, each object by its integer pk), scoring its
matches in that one pass: the newest RANKED_CANDIDATES of them (core.ranked_search).
Everything else — which backend a database gets, indexing, the results — is modelsearch's
own.
"""

from django.db.models import F, Func, IntegerField
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
    normalize,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .ranked_search import RANKED_CANDIDATES, BoundedRankingBackendMixin


class IndexedSQLiteSearchMixin:
    """SQLiteSearchQueryCompiler.search (modelsearch 1.x), with the matches located through
    SQLite's indexes, and ranked in one pass among a bounded number of candidates."""

    ranked_candidates = RANKED_CANDIDATES

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
        if self.order_by_relevance and score_field is None and not negated:
            score_field = "_score"
        if score_field is not None and not negated:
            if not isinstance(self.queryset.model._meta.pk, IntegerField):
                # Joined on the integer pk below; any other pk as modelsearch does it.
                return super().search(config, start, stop, score_field)
            queryset = self.ranked(match_expression, content_types, config, score_field)
        else:
            # The full-text table drives: only the entries that match are read, each by its
            # id. The content type is tested on those rows (SQLite's unary "+" keeps the
            # planner from walking the content-type index instead, through every entry of
            # the model).
            matching_entries = IndexEntry.objects.alias(
                entry_content_type=Func(
                    F("content_type_id"), template="+%(expressions)s", output_field=IntegerField()
                )
            ).filter(
                pk__in=SQLiteFTSIndexEntry.objects.filter(match_expression).values(
                    "index_entry_id"
                ),
                entry_content_type__in=content_types,
            )
            # The stored id as the model's own pk type, so `pk IN (...)` compares like with like.
            pk_field = self.queryset.model._meta.pk
            object_ids = matching_entries.values_list(Cast("object_id", pk_field), flat=True)
            if negated:
                queryset = self.queryset.exclude(pk__in=object_ids)
            else:
                queryset = self.queryset.filter(pk__in=object_ids)
        if not self.order_by_relevance and not queryset.ordered:
            # A stable order across pages, as modelsearch gives one (a model's default
            # ordering is one already).
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def ranked(self, match_expression, content_types, config, score_field):
        """The newest `ranked_candidates` matches (core.ranked_search) with their bm25 score
        (modelsearch's weighting), from one query in which the full-text table, the entries
        and the model are joined: bm25() then counts each term's documents once for the
        whole search, not once for each result.

        The candidates are the matches from the entry with the RANKED_CANDIDATES-th highest
        id on (`rowid >= ` that id): the full-text table reads its matches in rowid order,
        newest last, and answers a rowid range itself, so the cut costs a walk over the
        candidates' entries from the newest, and the ranked query reads only them. An
        entry keeps its id when its object is indexed again, so ids follow the objects'
        creation.

        The ORM cannot join the entries on `pk = CAST(object_id AS integer)` (its generic
        relation compares `object_id` with the pk cast to text, which no index of the model
        answers), hence `extra()`: the joins and the match are plain SQL conditions on the
        two tables it adds."""
        entries = IndexEntry._meta.db_table
        fts = SQLiteFTSIndexEntry._meta.db_table
        model = self.queryset.model
        pk = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        # The rank expression reads `title_norm` through the entry: compiled in a query on
        # the full-text table, where the entries' table is joined under its own name.
        scores = SQLiteFTSIndexEntry.objects.annotate(score=rank).query
        compiler = scores.get_compiler(using=self.queryset.db)
        rank_sql, rank_params = compiler.compile(scores.annotations["score"])
        match_sql, match_params = match_expression.as_sql(compiler, compiler.connection)
        placeholders = ", ".join(["%s"] * len(content_types))
        matches = self.queryset.extra(  # noqa: S610 - no user input in the SQL, only params
            tables=[fts, entries],
            where=[
                match_sql,
                f'"{fts}"."rowid" = "{entries}"."id"',
                # "+": no index on the content type, which would walk every entry of the
                # model (as SQLite chooses when nothing is scored, counting the matches).
                f'+"{entries}"."content_type_id" IN ({placeholders})',
                f'{pk} = CAST("{entries}"."object_id" AS integer)',
            ],
            params=[*match_params, *content_types],
        )
        queryset = matches.extra(select={score_field: rank_sql}, select_params=rank_params)  # noqa: S610
        if self.order_by_relevance:
            queryset = self.newest_candidates(queryset, matches, fts, config)
            # bm25() is lower for a better match.
            queryset = queryset.order_by(score_field, "-pk")
        return queryset

    def newest_candidates(self, queryset, matches, fts, config):
        """`queryset` cut to the matches from the last candidate's entry on. Fewer matches
        than RANKED_CANDIDATES (a rare word) leave no last candidate, and every match is
        one."""
        candidates = self.candidate_entries(matches, fts, config)
        if len(candidates) < self.ranked_candidates:
            return queryset
        return queryset.extra(where=[f'"{fts}"."rowid" >= %s'], params=[candidates[-1]])  # noqa: S610

    def candidate_entries(self, matches, fts, config):
        """The entry ids of the newest `ranked_candidates` matches, newest first, read once
        for this compiler. A listing's page and its paginator's count are slices of one
        results object, which share the compiler: both cut at the same entry, and the count
        is the candidates' number (BoundedSQLiteSearchResults), where each read the matches
        again before (a prefix query merges the whole of its terms' matches each time, 6 ms
        for a word in a quarter of a million titles, and the count ranked them too)."""
        read = self.__dict__.setdefault("read_candidates", {})
        if config not in read:
            read[config] = list(
                matches.prefetch_related(None)
                .extra(select={"entry_id": f'"{fts}"."rowid"'})  # noqa: S610
                .order_by("-entry_id")
                .values_list("entry_id", flat=True)[: self.ranked_candidates]
            )
        return read[config]

    def candidates_count(self, config, start, stop):
        """The number of results from `start` to `stop` of a ranked search whose candidates
        were read, or None for any other search. The candidates are the rows of the same
        matches that the ranked queryset cuts (an entry belongs to one object), so their
        number is the number of its results."""
        candidates = self.__dict__.get("read_candidates", {}).get(config)
        if candidates is None:
            return None
        end = len(candidates) if stop is None else min(len(candidates), stop)
        return max(end - start, 0)


class IndexedSQLiteSearchQueryCompiler(IndexedSQLiteSearchMixin, SQLiteSearchQueryCompiler):
    pass


class IndexedSQLiteAutocompleteQueryCompiler(
    IndexedSQLiteSearchMixin, SQLiteAutocompleteQueryCompiler
):
    pass


class BoundedSQLiteSearchResults(SQLiteSearchResults):
    """Results whose count, for a ranked search, is its candidates' number: no query of
    its own (IndexedSQLiteSearchMixin.candidate_entries)."""

    def _do_count(self):
        queryset = self.get_queryset()  # a ranked search reads its candidates here, once
        count = self.query_compiler.candidates_count(
            self.query_compiler.get_config(self.backend), self.start, self.stop
        )
        return queryset.count() if count is None else count


class IndexedSQLiteSearchBackend(BoundedRankingBackendMixin, SQLiteSearchBackend):
    results_class = BoundedSQLiteSearchResults
    query_compiler_class = IndexedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = IndexedSQLiteAutocompleteQueryCompiler
