"""The site's navigation: the home page and the sections' index pages (the gallery, the
artists, the exhibitions), linked by their pages' URLs rather than by spelled-out paths, so a
page an editor renames or moves is linked where it now is.

Core imports no app of ours, so each app registers its section's page class when it is
ready (register_section). Registering, rather than looking the pages up by their Wagtail page
type, keeps each link's label and place with the app that owns the section, and costs no
query: the classes' CachedUrlMixin.cached_url() remembers each URL under the public content
version, so a request reads them from memory."""

from dataclasses import dataclass

from django.utils.functional import cached_property

_home = []
_sections = []


@dataclass(frozen=True)
class Section:
    name: str
    page_class: type
    label: str
    position: int


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    current: bool


def register_home(page_class):
    """The site's root page (a CachedUrlMixin page class): the site name links to it."""
    _home[:] = [page_class]


def register_section(name, page_class, label, position):
    """A section's index page (a CachedUrlMixin page class) in the main navigation and the
    footer, at `position` from the left; templates find its URL as `site_nav.urls.<name>`."""
    _sections[:] = sorted(
        [
            *(s for s in _sections if s.page_class is not page_class),
            Section(name, page_class, label, position),
        ],
        key=lambda section: section.position,
    )


class SiteNavigation:
    """The links a page's header and footer show, read only when a template does."""

    def __init__(self, request):
        self.path = getattr(request, "path", "")

    @cached_property
    def home_url(self):
        return _home[0].cached_url() if _home else "/"

    @cached_property
    def urls(self):
        """Each section's URL by its name, for links in text ("browse the gallery")."""
        return {section.name: section.page_class.cached_url() for section in _sections}

    @cached_property
    def sections(self):
        """Each section's link; current (aria-current) on the section's pages and below."""
        return [
            NavLink(url, section.label, url != self.home_url and self.path.startswith(url))
            for section, url in zip(_sections, self.urls.values(), strict=True)
        ]


def site_navigation(request):
    """Context processor: `site_nav`, the header's and footer's links."""
    return {"site_nav": SiteNavigation(request)}
