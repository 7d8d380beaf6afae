"""
The sitemap as an index of files of at most SITEMAP_PAGE_SIZE addresses each (sitemaps.org
allows 50,000), one section per kind of page. A section of model rows is paged by ranges of
primary keys, not by OFFSET: file N lists the rows with a key in ((N-1)·size, N·size], found
by walking the primary key's index, so the last file of a million rows costs what the first
does, and the index needs only the highest key (one index lookup), never a count.

The price of ranges is that a file may hold fewer than `size` addresses (keys of rows that
are not public, or deleted) and, rarely, none: such a file is answered as an empty urlset,
in which crawlers find nothing new.
"""

from html import escape
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.timezone import get_current_timezone

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

SECTION_URL_NAME = "sitemap_section"


class PageSitemap(WagtailSitemap):
    """The site's Wagtail pages (home, gallery, artists, exhibitions, editors' pages), each
    with the addresses its get_sitemap_urls adds. The page tree stays small (artworks and
    artists are routes, listed by their own sections), so Wagtail's own paging serves."""

    @property
    def limit(self):
        return settings.SITEMAP_PAGE_SIZE


class KeyRangePage:
    """One file of a KeyRangePaginator: the rows whose primary key falls in its range."""

    def __init__(self, object_list, number):
        self.object_list = object_list
        self.number = number


class KeyRangePaginator:
    """Pages a queryset by ranges of `per_page` primary keys (see the module's docstring).
    It answers what Django's sitemap views ask of a paginator: `num_pages` and `page(n)`."""

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self):
        # The whole table's highest key, not the public rows': MAX over the primary key
        # alone is one index lookup on every database, where a filtered one may scan.
        highest = self.queryset.model._base_manager.aggregate(highest=Max("pk"))["highest"]
        return max(1, -(-(highest or 0) // self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        first_key = (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gt=first_key, pk__lte=first_key + self.per_page)
        return KeyRangePage(rows.order_by("pk"), number)


class KeyRangeSitemap(WagtailSitemap):
    """A section of model rows (artworks, artists), paged by KeyRangePaginator. Subclasses
    give `items()` (a queryset of the rows to list), the `fields` each entry needs, and
    `entries(rows)`: an (address, lastmod or None) pair for each row, read from the fields
    alone (values, not model instances: a file holds tens of thousands). Addresses are on
    the Wagtail site's public origin, as pages' are (`manage.py set_site_url`), whichever
    address served the request."""

    fields: tuple[str, ...] = ("pk",)

    @property
    def limit(self):
        return settings.SITEMAP_PAGE_SIZE

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def items(self):
        raise NotImplementedError

    def entries(self, rows):
        raise NotImplementedError

    def get_latest_lastmod(self):
        # The index names no date for a section: the newest change among a million rows is
        # a scan, and the files' own entries carry their dates.
        return None

    @cached_property
    def root_url(self):
        return self.get_wagtail_site().root_url

    def page_entries(self, number):
        rows = self.paginator.page(number).object_list.values_list(*self.fields)
        return self.entries(rows)


def urlset(entries):
    """A sitemap file written directly: Django's sitemap template took ten seconds to render
    46,000 entries, this writes them in a fraction of one. Dates as the template writes them
    (Y-m-d, in the site's time zone)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    # Once, not per entry; and the standard library's escape (the same entities as
    # Django's, without its lazy-string wrapper, which cost more than the rest together).
    zone = get_current_timezone()
    for location, lastmod in entries:
        date = f"<lastmod>{lastmod.astimezone(zone):%Y-%m-%d}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(location)}</loc>{date}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


@x_robots_tag
def sitemap_index(request, sections):
    """/sitemap.xml: every file of every section, addressed on the Wagtail site's public
    origin like the addresses inside them. Costs one cheap query per section."""
    sitemaps = {name: sitemap_class(request) for name, sitemap_class in sections.items()}
    root_url = next(iter(sitemaps.values())).get_wagtail_site().root_url
    entries = []
    for name, sitemap in sitemaps.items():
        address = urljoin(root_url, reverse(SECTION_URL_NAME, kwargs={"section": name}))
        entries.append(SitemapIndexItem(address))
        entries += [
            SitemapIndexItem(f"{address}?p={number}")
            for number in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@x_robots_tag
def sitemap_section(request, sections, section):
    """One file of one section (`?p=` for the files after the first)."""
    if section not in sections:
        raise Http404("No such sitemap.")
    sitemap = sections[section](request)
    if not isinstance(sitemap, KeyRangeSitemap):
        return sitemap_views.sitemap(request, {section: sitemap}, section=section)
    try:
        entries = sitemap.page_entries(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap file.") from error
    return HttpResponse(urlset(entries), content_type="application/xml")
