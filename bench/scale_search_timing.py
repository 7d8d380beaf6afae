"""In-process search times for bench/scale.py: the search backend's own queries, run in each
site's Django (`manage.py shell` on its seeded database), without the page around them.
Goal 3: a ranked, stemmed search for a common word answers in 150 ms at a million works on
PostgreSQL; the table holds every search to that goal, on both databases. A ranked search
ranks the newest thousand matches (core.ranked_search), and the admin's count counts them."""

import re

GOAL_MS = 150

# Medians of five runs after a first one, in milliseconds, one line a search.
SCRIPT = r"""
import statistics, time
from django.conf import settings
from modelsearch.backends import get_search_backend
from artworks.models import Artwork
from core.admin_listing import COUNT_CAP
from core.ranked_search import result_pks

backend = get_search_backend()
published = Artwork.objects.filter(status=Artwork.Status.PUBLISHED)
page = settings.ARTWORKS_PER_PAGE
cap = settings.ARTWORK_SEARCH_MAX_RESULTS
# As the admin's listing asks one results object: its paginator's capped count, then a page.
def admin_search(results):
    return results[: COUNT_CAP + 1].count(), list(results[:50])

searches = {
    "ranked search, a word in a quarter of titles": lambda: list(published.search("sunset")[:page]),
    "ranked search, a word in 3 titles": lambda: list(published.search("quokka")[:page]),
    # As GalleryPage.filtered_artworks asks for the matches: the ids of the best, capped.
    "the gallery's search (the ids of its capped matches)": lambda: result_pks(
        published.only("pk").search("sunset")[:cap]
    ),
    "the admin's search (autocomplete, ranked) and its count": lambda: admin_search(
        backend.autocomplete("sunset", Artwork.objects.order_by("-created_at"))
    ),
}
for name, search in searches.items():
    search()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        search()
        times.append(time.perf_counter() - started)
    print(f"SEARCH {name}|{statistics.median(times) * 1000:.1f}")
"""


def measure_searches(sites):
    """[(search, ms on the small site, ms on the large one)]."""
    times = []
    for site, _sessions in sites:
        output = site.shell(SCRIPT)
        times.append(dict(re.findall(r"SEARCH (.+)\|([\d.]+)", output)))
    small, large = times
    return [(name, float(small[name]), float(large[name])) for name in small]


def print_search_table(title, small_size, large_size, results):
    print(f"\n{title}\n")
    print(f"| search | goal | ms at {small_size:,} | ms at {large_size:,} | result |")
    print("| --- | --- | --- | --- | --- |")
    for name, small, large in results:
        verdict = "pass" if large <= GOAL_MS else "SHORT"
        print(f"| {name} | ≤ {GOAL_MS} ms | {small:.0f} | {large:.0f} | {verdict} |")
