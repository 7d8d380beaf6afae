"""Fixtures shared by the commission tests."""

import pytest

from tests.commissions.helpers import ADA_ADDRESS, GRACE_ADDRESS
from tests.factories import UserFactory, create_artwork


@pytest.fixture
def ada():
    """An artist with public work, open for commissions, and a private address."""
    artist = UserFactory(
        username="ada",
        display_name="Ada Lovelace",
        email=ADA_ADDRESS,
        open_for_commissions=True,
        commission_text="Portraits of engines.\nAbout six weeks.",
    )
    create_artwork(artist, title="Engine")
    return artist


@pytest.fixture
def grace():
    return UserFactory(username="grace", display_name="Grace Hopper", email=GRACE_ADDRESS)


@pytest.fixture
def member(client, grace):
    client.force_login(grace)
    return grace
