"""Fixtures shared by the discovery tests."""

import pytest

from tests.factories import UserFactory, create_artwork


@pytest.fixture
def works():
    """Four works, uploaded in this order, by two artists. Titles are capitalised alike, so
    the title order is the same in every database collation."""
    zoe = UserFactory(username="zoe", display_name="Zoë Adler")
    bea = UserFactory(username="bea", display_name="")  # shown by username
    create_artwork(zoe, title="Marsh", tags="ink")
    create_artwork(bea, title="Cliff", tags="ink")
    create_artwork(zoe, title="Anchor")
    create_artwork(bea, title="Dune", tags="ink")
