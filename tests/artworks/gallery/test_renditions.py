"""Images are made ahead of time: no request makes a rendition."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from artworks.models import Artwork
from tests import PROJECT_ROOT
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import select, soup

pytestmark = pytest.mark.django_db


# --- Images are made ahead of time -----------------------------------------------------------


def test_no_rendition_is_made_in_a_visitor_request(client, django_capture_on_commit_callbacks):
    artist = UserFactory(username="pat")
    with django_capture_on_commit_callbacks(execute=True):
        artworks = [
            create_artwork(artist, title=f"Prepared {n}", image=uploaded_image(size=(900, 700)))
            for n in range(3)
        ]
    rendition_model = get_image_model().get_rendition_model()
    before = rendition_model.objects.count()
    for url in ("/", "/gallery/", "/artists/", "/artists/pat/", artworks[0].get_absolute_url()):
        assert client.get(url).status_code == 200
    assert rendition_model.objects.count() == before


def test_listing_queries_do_not_grow_with_the_number_of_artworks(
    client, django_capture_on_commit_callbacks, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count what rendering the page costs

    def count_queries(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    artist = UserFactory(username="quinn")
    with django_capture_on_commit_callbacks(execute=True):
        create_artwork(artist, title="One", tags="a", image=uploaded_image(size=(60, 40)))
    # The page URLs are looked up once per change of public content, then remembered.
    client.get("/gallery/")
    few = {url: count_queries(url) for url in ("/", "/gallery/", "/artists/", "/artists/quinn/")}
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(8):
            create_artwork(
                UserFactory() if number % 2 else artist,
                title=f"More {number}",
                tags="a, b",
                image=uploaded_image(size=(60, 40)),
            )
    client.get("/gallery/")
    many = {url: count_queries(url) for url in few}
    assert many == few


def test_stored_images_have_every_rendition_the_templates_use(django_capture_on_commit_callbacks):
    from artworks.renditions import ALL_SPECS

    with django_capture_on_commit_callbacks(execute=True):
        artwork = create_artwork(title="All sizes", image=uploaded_image(size=(2000, 1500)))
    specs = set(artwork.image.renditions.values_list("filter_spec", flat=True))
    assert specs == set(ALL_SPECS)


def test_templates_use_only_the_shared_rendition_specs():
    """The picture specs in templates are the strings in artworks/renditions.py, so the
    prefetches and the upload task always match what the templates ask for."""

    from artworks import renditions

    known = {
        renditions.CARD,
        renditions.DETAIL,
        renditions.SHARE,
        renditions.AVATAR,
        renditions.BANNER,
    }
    templates = PROJECT_ROOT / "templates"
    found = set()
    for template in templates.rglob("*.html"):
        if "/admin/" in str(template):
            continue
        for tag in re.findall(
            r"{% (?:picture|image|srcset_image) (\S+) ([^%]+)%}", template.read_text()
        ):
            specs = " ".join(
                bit for bit in tag[1].split() if re.match(r"^(format|max|width|fill)-", bit)
            )
            found.add(specs)
        # Templates name their specs ({% artwork_picture artwork "card" %}): the names'.
        for tag, name in re.findall(
            r'{% (artwork|image)_picture \S+ "(\w+)"', template.read_text()
        ):
            pictures = (
                renditions.ARTWORK_PICTURES if tag == "artwork" else renditions.IMAGE_PICTURES
            )
            found.add(pictures[name])
    assert found and found <= known, found - known


def test_hidden_or_inactive_work_never_shows(client):
    visible = create_artwork(title="Visible work")
    hidden = create_artwork(title="Hidden work", status="hidden", tags="shared")
    inactive_artist = UserFactory(username="left")
    gone = create_artwork(inactive_artist, title="Departed work", tags="shared")
    inactive_artist.is_active = False
    inactive_artist.save()
    for url in ("/", "/gallery/", "/gallery/?tag=shared", "/gallery/?q=work", "/artists/"):
        page = client.get(url).content.decode()
        assert "Hidden work" not in page and "Departed work" not in page, url
    assert "Visible work" in client.get("/gallery/?q=work").content.decode()
    assert client.get(f"/gallery/{hidden.pk}/").status_code == 404
    assert client.get(f"/gallery/{gone.pk}/").status_code == 404
    assert client.get("/artists/left/").status_code == 404
    assert Artwork.objects.public().get() == visible


def test_the_grid_keeps_every_works_proportions_and_leaves_tags_to_the_works_page(client):
    create_artwork(title="Panorama", tags="sea", image=uploaded_image(size=(1200, 600)))
    create_artwork(title="Portrait", image=uploaded_image(size=(600, 900)))
    create_artwork(title="Speck", image=uploaded_image(size=(12, 10)))
    gallery = soup(client.get("/gallery/"))
    cells = {li.h3.get_text(strip=True): li for li in select(gallery, "ul.artwork-grid > li")}
    # The cell's class carries the work's width ÷ height (in hundredths, to 0.02), which the
    # stylesheet sizes the cell by: nothing is cropped or letterboxed.
    assert cells["Panorama"]["class"] == ["ar-200"]
    assert cells["Portrait"]["class"] == ["ar-66"]
    # A work smaller than its cell is shown at its own size, not blown up.
    assert "small-work" in cells["Speck"].article["class"]
    assert "small-work" not in cells["Panorama"].article["class"]
    assert not select(gallery, "ul.artwork-grid .tag-list")
    # Its own width and height hold its space while it loads: no layout shift.
    img = cells["Portrait"].img
    assert (int(img["width"]), int(img["height"])) == (213, 320)
