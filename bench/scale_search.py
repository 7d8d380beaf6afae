"""The search backend's index entries for the bulk artworks, written as Wagtail's database
backend (modelsearch) writes them for Artwork.search_fields, so searches at scale are honest:
title (and autocomplete) from the title; body from the description, the tags' names and the
artist's display name and username, in that order."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from bench.bulk import insert_raw


def index_artworks(plan, titles, tags):
    from wagtail.search.backends import get_search_backend

    from artworks.models import Artwork
    from members.models import User

    names = {
        pk: (display_name, username)
        for pk, display_name, username in User.objects.values_list("pk", "display_name", "username")
    }
    content_type = ContentType.objects.get_for_model(Artwork).pk
    entries = (
        (str(pk), title, " ".join(tags[pk]), *names[plan.artists[pk - plan.first_work]])
        for pk, title in titles.items()
    )
    backend = get_search_backend()
    if connection.vendor == "postgresql":
        index_in_postgres(backend, content_type, entries)
        # New entries carry title_norm 1.0 until the backend works out the real one (from
        # the number of lexemes), as it does after each batch it indexes.
        backend.get_index_for_model(Artwork)._refresh_title_norms()
    else:
        index_in_sqlite(content_type, entries, title_norms(titles.values()))


def title_norms(titles):
    """title_norm as the SQLite backend works it out (the average title length over each
    title's, in characters), computed here: updating a million rows afterwards would run the
    full-text table's trigger for each."""
    lengths = [len(title) for title in titles if title]
    average = sum(lengths) / len(lengths)
    return {title: average / len(title) for title in titles if title}


def index_in_sqlite(content_type, entries, norms):
    """Plain text; SQLite's triggers fill the FTS5 table from each row."""
    columns = ["content_type_id", "object_id", "title", "autocomplete", "body", "title_norm"]
    rows = (
        # The description (empty here) comes first, joined with a space like the rest.
        (content_type, pk, title, title, " ".join(["", tags, display_name, username]))
        + (norms.get(title, 1.0),)
        for pk, title, tags, display_name, username in entries
    )
    insert_raw("wagtailsearch_indexentry", columns, rows)


def index_in_postgres(backend, content_type, entries):
    """Weighted tsvectors made by PostgreSQL from the text staged in a temporary table."""
    from modelsearch.backends.database.postgres.weights import get_weight

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_index_text "
            "(object_id text, title text, tags text, display_name text, username text)"
        )
    insert_raw(
        "bench_index_text", ["object_id", "title", "tags", "display_name", "username"], entries
    )
    config = f"'{backend.config}'::regconfig, " if backend.config else ""
    title, tag, plain = get_weight(3), get_weight(2), get_weight(None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title, autocomplete, body, title_norm,
                 title_text, body_text)
            SELECT %s, object_id,
                setweight(to_tsvector({config}title), '{title}'),
                setweight(to_tsvector('simple', title), 'D'),
                setweight(to_tsvector({config}tags), '{tag}')
                || setweight(to_tsvector({config}display_name), '{plain}')
                || setweight(to_tsvector({config}username), '{plain}'),
                1.0, title, concat_ws(' ', NULLIF(tags, ''), NULLIF(display_name, ''), username)
            FROM bench_index_text
            """,  # noqa: S608 - the weights and configuration are the backend's own
            [content_type],
        )
        cursor.execute("DROP TABLE bench_index_text")
