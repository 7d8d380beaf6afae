"""Fixtures shared by the notification tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace", email="ada@example.com")


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper", email="grace@example.com")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (the tasks, with the immediate backend) at its end,
    as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
