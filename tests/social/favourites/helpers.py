"""Helpers shared by the favourite tests."""


def counts(artwork):
    artwork.refresh_from_db()
    return artwork.favourite_count, artwork.favourites_this_week
