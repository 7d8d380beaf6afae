"""Helpers shared by the account deletion tests."""

from tests.factories import PASSWORD
from tests.html import text

DELETE_URL = "/my/account/delete/"


def delete(client, capture, **data):
    with capture(execute=True):
        return client.post(DELETE_URL, {"password": PASSWORD, **data})


def main_text(response):
    return text(response, "main")
