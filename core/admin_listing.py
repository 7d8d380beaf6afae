"""Admin listings whose count stays cheap however many rows there are.

Django's paginator counts every row the listing could show, to number its pages: on
PostgreSQL, counting a million artworks reads the whole table (or a whole index) on every
page of the admin's Artworks listing, filtered or not. An editor never pages through a
million works; they filter, search or sort to find one. So the listing counts at most
COUNT_CAP + 1 rows (`SELECT count(*) FROM (SELECT ... LIMIT cap + 1)`), numbers its pages up
to the cap, and says "More than 10,000" when there are more.

Why a capped count rather than PostgreSQL's planner estimate: the estimate exists only for
the whole table (not for a filter, a search or the moderation queue), it can be off by a lot
between two ANALYZE runs, and an editor reading "1,000,214 artworks" takes it as a fact. A
capped count is exact up to the cap, and honest above it.
"""

from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext

from wagtail.admin.paginator import WagtailPaginator
from wagtail.snippets.views.snippets import IndexView

COUNT_CAP = 10_000


class CappedCountPaginator(WagtailPaginator):
    """Counts at most `count_cap` + 1 rows. With more, `count` is the cap (so pages are
    numbered up to it) and `count_is_capped` is true; the labels say "More than …"."""

    count_cap = COUNT_CAP

    @cached_property
    def counted(self):
        # Sliced, a queryset counts in a subquery with LIMIT; so do the search backend's
        # results (their count honours the slice's stop).
        return self.object_list[: self.count_cap + 1].count()

    @cached_property
    def count_is_capped(self):
        return self.counted > self.count_cap

    @cached_property
    def count(self):
        return min(self.counted, self.count_cap)

    @cached_property
    def items_count_label(self):
        if self.count_is_capped:
            return gettext("More than %(count)s %(items)s") % {
                "count": number_format(self.count_cap, force_grouping=True),
                "items": self.verbose_name_plural,
            }
        return super().items_count_label


class CappedCountIndexView(IndexView):
    """A snippet listing with CappedCountPaginator, and the template that says so in its
    heading of matches and under its page links (core/admin/capped_index_results.html)."""

    paginator_class = CappedCountPaginator


#: For a SnippetViewSet's `index_results_template_name` (the full page includes it too).
CAPPED_RESULTS_TEMPLATE = "core/admin/capped_index_results.html"


class CappedCountChooserMixin:
    """For a snippet chooser's choose and results views: the same capped count, and its
    search heading saying "more than" past the cap."""

    paginator_class = CappedCountPaginator
    results_template_name = "core/admin/capped_chooser_results.html"
