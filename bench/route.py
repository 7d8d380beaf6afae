#!/usr/bin/env python
"""
What HomePage.route's override is worth: the queries and the time of the gallery, an
artwork's page (a route of the gallery's), an artist's page, the exhibitions and a 404, each
served with the override and with Wagtail's own Page.route, in-process (Django's test client)
on a scratch SQLite database with a few works, the page cache off so that every request
routes and builds its page.

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

URLS = {
    "gallery": "/gallery/",
    "artwork page": None,  # the first work's, once made
    "artist page": "/artists/ada/",
    "exhibitions": "/exhibitions/",
    "404": "/no-such-section/",
}


def queries_of(client, url):
    """The status and the queries of one GET of `url`, after a first GET (which looks up
    what each process keeps)."""
    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # Counted as they run (a capture of the query log would be emptied by each request).
    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    return status, len(executed)


def median_times(client, url, routes, requests):
    """The median time of a GET of `url` with each route, in milliseconds: the routes take
    turns, so that the machine's other work weighs on both alike."""
    from home.models import HomePage

    times = {name: [] for name in routes}
    for _ in range(requests):
        for name, route in routes.items():
            HomePage.route = route
            started = time.perf_counter()
            client.get(url)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(figures) for name, figures in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    arguments = parser.parse_args()

    setup_test_environment()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from artworks.models import Artwork
        from home.models import HomePage
        from tests.factories import UserFactory, create_artwork

        ada = UserFactory(username="ada")
        for number in range(6):
            create_artwork(ada, title=f"Study {number}", tags="ink")
        URLS["artwork page"] = Artwork.objects.first().get_absolute_url()
        routes = {"override": HomePage.route, "Page.route": Page.route}
        client = Client()
        logging.disable(logging.WARNING)  # "Not Found" for each 404
        print(f"{'page':<14}{'route':<12}{'status':>7}{'queries':>9}{'median ms':>11}")
        try:
            for page, url in URLS.items():
                counted = {}
                for name, route in routes.items():
                    HomePage.route = route
                    counted[name] = queries_of(client, url)
                medians = median_times(client, url, routes, arguments.requests)
                for name, (status, queries) in counted.items():
                    print(f"{page:<14}{name:<12}{status:>7}{queries:>9}{medians[name]:>11.1f}")
        finally:
            HomePage.route = routes["override"]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
