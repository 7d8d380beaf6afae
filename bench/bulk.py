"""Bulk rows for the scale bench, run inside `manage.py shell`: plain INSERTs in big batches
(COPY on PostgreSQL), no model instances, no signals. Each model's other columns take the
value an unsaved instance would save, so a NOT NULL column added later needs no change here."""

import itertools

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 20_000


def next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608
        return cursor.fetchone()[0] + 1


def db_time(moment):
    """A datetime as the database driver takes it (SQLite stores naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)


def constant_columns(model, varying, given):
    """The columns not in `varying`, each with what an unsaved `model(**given)` would save."""
    instance = model(**given)
    now = timezone.now()
    columns = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in varying:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.DateTimeField) and value is None and not field.null:
            value = now
        columns[field.column] = field.get_db_prep_save(value, connection)
    return columns


def insert(model, varying, rows, **given):
    """Insert `rows` (tuples of the `varying` columns, the primary key included when named)
    into `model`'s table; every other column takes its default or `given` value. Returns the
    number of rows."""
    constants = constant_columns(model, varying, given)
    columns = [*varying, *constants]
    fixed = tuple(constants.values())
    full_rows = (tuple(row) + fixed for row in rows)
    return insert_raw(model._meta.db_table, columns, full_rows)


def insert_raw(table, columns, rows):
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def reset_sequences(*model_list):
    """After rows with explicit keys, PostgreSQL's sequences must move past them (SQLite's
    AUTOINCREMENT follows the largest key by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def fast_sqlite():
    """A scratch database: no journal or fsync while seeding (the bench throws it away)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -400000")
