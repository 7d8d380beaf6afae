"""Fixtures shared by the report tests."""

import pytest

from tests.factories import UserFactory, create_artwork


@pytest.fixture
def artwork():
    return create_artwork(UserFactory(username="painter"), title="Reported work")


@pytest.fixture
def member():
    return UserFactory(username="watcher")
