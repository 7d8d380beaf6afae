"""The search backend: the one `wagtail.search.backends.database` picks for the database in
use, with its ranked searches bounded (core.ranked_search) on SQLite and PostgreSQL, and
SQLite's full-text search reading its indexes (core.sqlite_search says why)."""

from django.db import connection

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (the factory name Wagtail's backend modules export)
    if connection.vendor == "postgresql":
        from .postgres_search import BoundedPostgresSearchBackend

        return BoundedPostgresSearchBackend(params)
    backend = database.SearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    if type(backend) is not SQLiteSearchBackend:
        return backend  # SQLite without FTS5: modelsearch's fallback, which has no index to use
    from .sqlite_search import IndexedSQLiteSearchBackend

    return IndexedSQLiteSearchBackend(params)
