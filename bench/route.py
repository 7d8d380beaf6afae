#!/usr/bin/env python
"""
What HomePage.route's override is worth: the queries and the time of the gallery, an artist's
page and a 404, each served with the override and with Wagtail's own Page.route, in-process
(Django's test client) on a scratch SQLite database with a few works, the page cache off so
that every request routes and builds its page.

Run by hand: `.venv/bin/python bench/route.py [--requests N]`. Figures, not pass/fail.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from wagtail.models import Page  # noqa: E402

URLS = {"gallery": "/gallery/", "artist page": "/artists/ada/", "404": "/no-such-section/"}


def measure(client, url, requests):
    """The queries of one GET of `url` (after a first, which looks up what is kept per
    process), and the median time of `requests` more, in milliseconds."""
    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # Counted as they run (a capture of the query log would be emptied by each request).
    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return status, len(executed), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    arguments = parser.parse_args()

    setup_test_environment()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from home.models import HomePage
        from tests.factories import UserFactory, create_artwork

        ada = UserFactory(username="ada")
        for number in range(6):
            create_artwork(ada, title=f"Study {number}", tags="ink")
        overridden = HomePage.route
        rows = {}
        for variant, route in (("override", overridden), ("Page.route", Page.route)):
            HomePage.route = route
            client = Client()
            logging.disable(logging.WARNING)  # "Not Found" for each 404
            for name, url in URLS.items():
                rows[(name, variant)] = measure(client, url, arguments.requests)
        HomePage.route = overridden
        print(f"{'page':<14}{'route':<12}{'status':>7}{'queries':>9}{'median ms':>11}")
        for (name, variant), (status, queries, median) in rows.items():
            print(f"{name:<14}{variant:<12}{status:>7}{queries:>9}{median:>11.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
