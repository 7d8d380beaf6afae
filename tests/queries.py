"""Counting the database queries a page costs, for the tests that pin them at two sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(client, url):
    """The queries of a second GET of `url`: what is looked up once (the site, content types,
    section URLs) is out of the count."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
