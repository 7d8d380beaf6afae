"""The admin's moderation listings at scale, in process on a scratch database: page weight,
time and queries of the Artworks listing (first page, awaiting review, searched), the
comments and member reports listings, with few members and then with many; and the query
plans of an artwork search on the gallery and in the admin.

    .venv/bin/python bench/admin_listing.py [--members 100,100000] [--artworks 2000]
                                            [--search-entries 300000]

--search-entries pads Wagtail's search index (SQLite) with that many entries of works that
match nothing and times the searches again: what a search costs at scale.

The database is a new SQLite file in a scratch folder unless DATABASE_URL names another one
(a PostgreSQL database of your own: the script creates its tables and fills it).
"""

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LISTINGS = [
    ("artworks, first page", "/admin/snippets/artworks/artwork/"),
    ("artworks, awaiting review", "/admin/snippets/artworks/artwork/?status=awaiting_review"),
    ("artworks, searched", "/admin/snippets/artworks/artwork/?q=heron"),
    ("artworks, by title", "/admin/snippets/artworks/artwork/?ordering=title"),
    ("comments", "/admin/snippets/comments/comment/"),
    ("member reports", "/admin/snippets/reports/report/"),
]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="ac-admin-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def add_members(target):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    existing = User.objects.count()
    batch = [
        User(
            username=f"member{number}",
            email=f"member{number}@example.com",
            display_name=f"Member {number}",
        )
        for number in range(existing, target)
    ]
    User.objects.bulk_create(batch, batch_size=5000)


def add_artworks(target):
    """Works with images of their own (no files: the listings read rows and renditions),
    every tenth awaiting review, one in fifty with "heron" in its title, a comment and a
    report on a few; each indexed for search."""
    from django.contrib.auth import get_user_model

    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from artworks.models import Artwork
    from comments.models import Comment
    from reports.models import Report

    Image = get_image_model()
    artists = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True)[:50])
    root = Collection.get_first_root_node()
    existing = Artwork.objects.count()
    numbers = range(existing, target)
    images = Image.objects.bulk_create(
        [
            Image(
                title=f"Work {n}",
                file=f"original_images/{n}.jpg",
                width=800,
                height=600,
                collection=root,
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    works = Artwork.objects.bulk_create(
        [
            Artwork(
                title=f"Heron {n}" if n % 50 == 5 else f"Study {n}",
                image=image,
                artist_id=artists[n % len(artists)],
                alt_text="A bench work",
                status=Artwork.Status.AWAITING_REVIEW if n % 10 == 0 else Artwork.Status.PUBLISHED,
            )
            for n, image in zip(numbers, images, strict=True)
        ],
        batch_size=2000,
    )
    comments = Comment.objects.bulk_create(
        [Comment(artwork=work, author_id=artists[0], body="Lovely") for work in works[::20]]
    )
    Report.objects.bulk_create(
        [Report(artwork=work, reporter_id=artists[1], reason="spam") for work in works[::40]]
        + [
            Report(comment=comment, reporter_id=artists[1], reason="spam")
            for comment in comments[::5]
        ]
    )
    from modelsearch.backends import get_search_backend

    index = get_search_backend().get_index_for_model(Artwork)
    for start in range(0, len(works), 1000):
        index.add_items(Artwork, works[start : start + 1000])


def measure(client, url, repeat=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches of templates and content types
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return len(response.content), statistics.median(times), len(queries)


def explain(queryset):
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql, params)
        return "\n".join("    " + " ".join(str(col) for col in row) for row in cursor.fetchall())


def print_search_plans():
    from modelsearch.backends import get_search_backend

    from artworks.models import Artwork

    backend = get_search_backend()
    gallery = Artwork.objects.filter(status=Artwork.Status.PUBLISHED)
    searches = [
        ("gallery search", backend.search("heron", gallery, order_by_relevance=False)),
        ("admin listing search", backend.search("heron", Artwork.objects.order_by("-created_at"))),
        ("admin autocomplete", backend.autocomplete("hero", Artwork.objects.all())),
    ]
    for name, results in searches:
        print(f"{name}:")
        print(explain(results.get_queryset()))


def pad_search_index(count):
    """`count` more index entries for the Artwork content type, straight in SQL (SQLite's
    triggers copy them into the full-text table): "Study <n>" matches none of the searches."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from artworks.models import Artwork

    content_type = ContentType.objects.get_for_model(Artwork).pk
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE n(i) AS (SELECT 10000000 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 10000000 + %s - 1) "
            "INSERT INTO wagtailsearch_indexentry "
            "(object_id, title_norm, content_type_id, autocomplete, body, title) "
            "SELECT CAST(i AS TEXT), 1.0, %s, 'study ' || i, 'a bench work', 'Study ' || i FROM n",
            [count, content_type],
        )


def time_searches():
    from modelsearch.backends import get_search_backend

    from artworks.models import Artwork

    backend = get_search_backend()
    searches = [
        (
            "gallery search",
            lambda: backend.search(
                "heron", Artwork.objects.filter(status="published"), order_by_relevance=False
            ),
        ),
        ("admin listing search", lambda: backend.search("heron", Artwork.objects.all())),
        ("admin autocomplete", lambda: backend.autocomplete("hero", Artwork.objects.all())),
    ]
    for name, search in searches:
        started = time.perf_counter()
        found = len(list(search()[:50]))
        print(f"{name:28} {found:>4} found {(time.perf_counter() - started) * 1000:>10.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", default="100,100000")
    parser.add_argument("--artworks", type=int, default=2000)
    parser.add_argument("--search-entries", type=int, default=0)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("bench_admin", "admin@example.com", "x")
    client = Client()
    client.force_login(admin)
    add_members(min(int(n) for n in args.members.split(",")))
    add_artworks(args.artworks)
    print_search_plans()
    if args.search_entries:
        time_searches()
        pad_search_index(args.search_entries)
        print(f"with {args.search_entries} more index entries:")
        time_searches()
    print(f"\n{'listing':28} {'members':>8} {'bytes':>10} {'ms':>8} {'queries':>8}")
    for members in (int(n) for n in args.members.split(",")):
        add_members(members)
        for name, url in LISTINGS:
            size, seconds, queries = measure(client, url)
            print(f"{name:28} {members:>8} {size:>10} {seconds * 1000:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
