"""Query limits and helpers shared by the performance tests (and the favourite tests, which hold
member pages to the same limits)."""

# The artwork page looks up the published, public exhibitions showing the work: one query for
# the page view restrictions (Wagtail's PageQuerySet.public()) and one for the exhibitions;
# its extra images add one query, and one more for all their renditions when it has any.
# Its "More by this artist" strip adds two (the works and their card renditions); opened from
# a list, three more find its neighbours there (artworks.browsing): the work's own sort keys
# and one row on either side. Its comments cost one query (comments.templatetags), whatever
# their number (tests/comments/test_page_cost.py), and one per kind of avatar their authors have.
# The artist page asks for the artist's public collections (one
# query; two more, a cover picture and its renditions, when there are any).
QUERY_LIMITS = {
    "home": 10,
    "gallery": 9,
    "gallery page 2": 9,
    "artist": 11,
    "artwork": 14,
    "artwork from the gallery by artist": 17,
    "artwork from a tag by title": 17,
    "artwork from its artist": 17,
    # A page by cursor reads its anchor's sort keys first: one query more than by number.
    "gallery page 2 by cursor": 10,
    "gallery by artist, page 2 by cursor": 10,
    "artist page 2 by cursor": 12,
    "artwork from a gallery page by cursor": 17,
}


#: A logged-in member's pages before members could favourite, collect, comment, request
#: commissions and be notified (measured on the commit before them: 48 and 4,800 works
#: alike), and the budget since: within 1.2 times those. What they add: the hearts' state
#: (one query for a page), the artwork page's comments (one) and "Add to collection" list
#: (one), the artist page's public collections (one). The bell's count comes from the cache
#: (notifications.services.unread_count). bench/speed.py prints the same pages' counts.
MEMBER_QUERIES_BEFORE = {"home": 13, "gallery": 11, "artist": 15, "artwork": 18}


MEMBER_QUERY_LIMITS = {name: int(count * 1.2) for name, count in MEMBER_QUERIES_BEFORE.items()}
