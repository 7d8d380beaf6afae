"""Fixtures shared by the artist page tests."""

import pytest

from django.test import Client

from tests.factories import UserFactory, create_artwork


@pytest.fixture
def member(client):
    """A logged-in member with one public work, so their artist page exists."""
    user = UserFactory(username="ada", display_name="Ada Lovelace")
    create_artwork(user, title="Public work")
    client.force_login(user)
    return user


@pytest.fixture
def visitor():
    return Client()
