"""Helpers shared by the account tests."""

import re
from urllib.parse import urlparse

from django.contrib.auth import SESSION_KEY, get_user_model

from tests.factories import PASSWORD
from tests.html import soup

User = get_user_model()


SIGNUP_URL = "/accounts/signup/"


LOGIN_URL = "/accounts/login/"


LOGOUT_URL = "/accounts/logout/"


CONFIRM_EMAIL_SENT_URL = "/accounts/confirm-email/"


PROFILE_URL = "/my/profile/"


SIGNUP_DEFAULT = "/my/artworks/upload/"


LOGIN_DEFAULT = "/my/artworks/"


UNSAFE_NEXT_URLS = [
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "https://evil.example/",
]


def signup_data(**overrides):
    data = {
        "username": "newartist",
        "email": "newartist@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def log_in(client, username, password, **data):
    return client.post(LOGIN_URL, {"login": username, "password": password, **data})


def main_text(response):
    main = soup(response).find("main")
    return main.get_text(" ", strip=True) if main else ""


def link_in(message):
    """The path of the first link in an email."""
    return urlparse(re.search(r"https?://\S+", message.body).group(0)).path


def confirm_email(client, message):
    """Follow a confirmation email's link and press "Confirm", as the member does."""
    path = link_in(message)
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm" in main_text(page)
    return client.post(path)


def alert_text(response):
    """The text of the form's error box (role="alert") and of every field error."""
    document = soup(response)
    parts = [node.get_text(" ", strip=True) for node in document.select('[role="alert"]')]
    parts += [node.get_text(" ", strip=True) for node in document.select("ul.errorlist")]
    return " ".join(parts)


def field_errors(response, field_name):
    document = soup(response)
    errors = document.find(id=f"id_{field_name}_error")
    return errors.get_text(" ", strip=True) if errors else ""
