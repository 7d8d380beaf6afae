"""The page tree, as the tests use it: the pages a bare migrate builds (home, gallery, artists'
index, exhibitions' index), and exhibitions added under their index the way an editor adds
one in the admin (a draft, then its revision published)."""

from datetime import timedelta

from django.utils import timezone

from artworks.models import GalleryPage
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import HomePage
from members.models import ArtistIndexPage


def home_page():
    return HomePage.objects.get()


def gallery_page():
    return GalleryPage.objects.get()


def artist_index_page():
    return ArtistIndexPage.objects.get()


def exhibition_index_page():
    return ExhibitionIndexPage.objects.get()


def add_page(parent, page, *, publish=True):
    """`page` added under `parent` as a draft, then published through a revision unless told
    otherwise; the page as saved, read back as its own type."""
    page.live = False
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def exhibited(artwork, note=""):
    """One block of an exhibition's body: a work with the curator's note about it."""
    return ("artwork", {"artwork": artwork, "note": note})


def create_exhibition(
    title="Colour and Line", opens=-7, closes=14, body=(), publish=True, **fields
):
    """An exhibition under the exhibitions' index, open from `opens` days from today until
    `closes` days from today (negative: in the past), showing the blocks of `body`."""
    today = timezone.localdate()
    fields.setdefault("intro", "<p>Works that move between colour and line.</p>")
    exhibition = ExhibitionPage(
        title=title,
        opens_on=today + timedelta(days=opens),
        closes_on=today + timedelta(days=closes),
        body=list(body),
        **fields,
    )
    return add_page(exhibition_index_page(), exhibition, publish=publish)
