"""Fixtures shared by the comment tests."""

import pytest

from tests.factories import UserFactory, create_artwork


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def artwork(ada):
    return create_artwork(ada, title="Analytical engine")


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper")
