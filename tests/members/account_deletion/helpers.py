"""Helpers shared by the account deletion tests."""

from bs4 import BeautifulSoup

from tests.factories import PASSWORD

DELETE_URL = "/my/account/delete/"


def delete(client, capture, **data):
    with capture(execute=True):
        return client.post(DELETE_URL, {"password": PASSWORD, **data})


def main_text(response):
    return BeautifulSoup(response.content, "html.parser").find("main").get_text(" ", strip=True)
