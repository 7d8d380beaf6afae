"""Helpers shared by the commission tests."""

from django.test import Client

MY = "/my/commissions/"


ADA_ADDRESS = "ada.private@example.com"


GRACE_ADDRESS = "grace@example.com"


def request_url(artist):
    return f"{MY}request/{artist.username}/"


REQUEST = {
    "subject": "A portrait of our compiler",
    "message": "Oil on canvas, about 40 x 50 cm, for the office.",
    "budget": "€400",
    "deadline": "",
}


def send(client, artist, commit_callbacks, **fields):
    """POST the request form, running what waits for the commit (the relay task)."""
    with commit_callbacks(execute=True):
        return client.post(request_url(artist), {**REQUEST, **fields})


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
