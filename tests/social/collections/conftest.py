"""Fixtures shared by the collection tests."""

import pytest

from tests.factories import UserFactory, create_artwork


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def member(client):
    member = UserFactory(username="grace", display_name="Grace Hopper")
    client.force_login(member)
    return member


@pytest.fixture
def work(ada):
    return create_artwork(ada, title="Analytical engine")
