"""Favourites: the service and its counters, the heart on artwork pages and gallery cards, the
member's Favourites page, the gallery's "Most favourited this week" order, and what they cost."""
