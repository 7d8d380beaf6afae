"""Fixtures shared by the upload tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user
