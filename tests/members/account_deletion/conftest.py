"""Fixtures shared by the account deletion tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def member(client):
    member = UserFactory(username="ada", display_name="Ada Lovelace")
    client.force_login(member)
    return member
