"""Fixtures shared by the security tests."""

import pytest

from tests.factories import create_artwork


@pytest.fixture
def artwork():
    return create_artwork(title="Blue Study", tags="ink, blue")
