"""Fixtures shared by the extra image tests."""

import pytest

from tests.factories import (
    UserFactory,
)


@pytest.fixture
def member(client):
    user = UserFactory(username="iris")
    client.force_login(user)
    return user
