"""The test data builders themselves: what a test asks of them is what it gets."""

import pytest

from artworks.models import Artwork
from tests.factories import create_artwork

pytestmark = pytest.mark.django_db


def test_create_artwork_saves_other_fields_without_a_status():
    artwork = create_artwork(title="Quiet", visibility=Artwork.Visibility.UNLISTED)

    artwork.refresh_from_db()
    assert artwork.visibility == Artwork.Visibility.UNLISTED
    assert artwork.status == Artwork.Status.PUBLISHED


def test_create_artwork_saves_other_fields_with_a_status():
    artwork = create_artwork(status="hidden", visibility=Artwork.Visibility.UNLISTED)

    artwork.refresh_from_db()
    assert (artwork.status, artwork.visibility) == ("hidden", Artwork.Visibility.UNLISTED)
