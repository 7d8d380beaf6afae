"""What visitors see: the gallery, artwork pages, artists, and the home page."""

import re

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

from artworks.models import Artwork

from .factories import UserFactory, create_artwork, uploaded_image

pytestmark = pytest.mark.django_db


def titles_on(page_html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', page_html)


# --- Gallery ---------------------------------------------------------------------------------


def test_gallery_lists_published_work_newest_first_with_artist_links(client):
    artist = UserFactory(username="ines", display_name="Inès Laurent")
    create_artwork(artist, title="Older")
    create_artwork(artist, title="Newer")
    page = client.get("/gallery/").content.decode()
    assert titles_on(page) == ["Newer", "Older"]
    assert '<a href="/artists/ines/">Inès Laurent</a>' in page


def test_gallery_is_paginated_24_a_page(client):
    artist = UserFactory()
    for number in range(26):
        create_artwork(artist, title=f"Work {number:02d}", image=uploaded_image(size=(40, 30)))
    first = client.get("/gallery/").content.decode()
    assert len(titles_on(first)) == 24
    # Next names the last work shown; the next page is the works after it.
    last_shown = Artwork.objects.get(title="Work 02")
    assert f'href="?page=2&amp;after={last_shown.pk}" rel="next"' in first
    second = client.get(f"/gallery/?page=2&after={last_shown.pk}").content.decode()
    assert titles_on(second) == ["Work 01", "Work 00"]
    assert "Page 2" in second
    assert 'href="/gallery/" rel="prev"' in second and 'rel="next"' not in second
    # An old link by page number still shows that page.
    by_number = client.get("/gallery/?page=2").content.decode()
    assert titles_on(by_number) == ["Work 01", "Work 00"]
    assert 'href="/gallery/" rel="prev"' in by_number
    # A malformed page number is the first page; one past the end offers the first page.
    assert len(titles_on(client.get("/gallery/?page=abc").content.decode())) == 24
    past_the_end = client.get("/gallery/?page=999")
    assert past_the_end.status_code == 200
    assert "There is nothing on page 999" in past_the_end.content.decode()


def test_tag_filter_and_tag_links(client):
    blue = create_artwork(title="Blue ink", tags="ink, blue")
    create_artwork(title="Red oil", tags="oil")
    page = client.get("/gallery/?tag=ink").content.decode()
    assert titles_on(page) == ["Blue ink"]
    assert "tagged “ink”" in page
    # Tags are on the work's own page; the cards leave the images the room.
    assert 'href="/gallery/?tag=blue"' not in page
    assert 'href="/gallery/?tag=blue"' in client.get(blue.get_absolute_url()).content.decode()


def tag_works(tag_name, count, **fields):
    """`count` bulk works carrying the tag, the newest last, and their titles newest first."""
    from taggit.models import Tag

    from artworks.models import TaggedArtwork

    from .factories import add_artworks

    template = create_artwork(title="Template")
    works = add_artworks(count, [template.artist], template, **fields)
    tag = Tag.objects.get_or_create(name=tag_name, slug=tag_name)[0]
    TaggedArtwork.objects.bulk_create(TaggedArtwork(tag=tag, content_object=w) for w in works)
    return [work.title for work in reversed(works)]


@pytest.mark.parametrize("common", [True, False])
@pytest.mark.parametrize("sort", ["", "oldest", "title", "artist"])
def test_a_common_and_a_rare_tag_list_the_same_works_in_the_same_order(
    client, settings, monkeypatch, common, sort
):
    """A common tag's listing walks the gallery's order, a rare tag's is collected and sorted
    (GalleryPage.tagged_artworks): either way the page holds the listed works with the tag."""
    from artworks.models import GalleryPage

    monkeypatch.setattr(GalleryPage, "COMMON_TAG_WORKS", 3 if common else 1000)
    titles = tag_works("ink", 30)
    tag_works("oil", 5)
    hidden = create_artwork(title="Hidden ink", tags="ink", status=Artwork.Status.HIDDEN)
    unlisted = create_artwork(title="Unlisted ink", tags="ink", visibility="unlisted")
    query = {"tag": "ink", **({"sort": sort} if sort else {})}
    shown = titles_on(client.get("/gallery/", query).content.decode())
    shown += titles_on(client.get("/gallery/", {**query, "page": 2}).content.decode())

    expected = {"": titles, "oldest": titles[::-1], "title": sorted(titles), "artist": titles}
    assert shown == expected[sort]
    assert hidden.title not in shown and unlisted.title not in shown


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("common", [True, False])
def test_a_tags_page_reads_the_tag_work_index_and_sorts_only_a_rare_tags_works(
    client, monkeypatch, common
):
    """A common tag: the newest listed works are walked in order, each checked by one lookup in
    the (tag, work) index, until the page is full; nothing is sorted. A rare tag: its works
    are found through that index and sorted, and the gallery's index is not walked."""
    from artworks.models import GalleryPage

    monkeypatch.setattr(GalleryPage, "COMMON_TAG_WORKS", 3 if common else 1000)
    tag_works("ink", 10)
    with CaptureQueriesContext(connection) as queries:
        assert len(titles_on(client.get("/gallery/?tag=ink").content.decode())) == 10
    (page_query,) = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "artworks_artwork"."id"') and "LIMIT 25" in query["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + page_query)
        plan = [row[3] for row in cursor.fetchall()]
    walked = [step for step in plan if "artwork_listed_newest" in step]
    tag_lookups = [step for step in plan if "taggedartwork_tag_work" in step]
    if common:
        assert walked and "(tag_id=? AND content_object_id=?)" in tag_lookups[0], plan
        # Only the page's own rows are sorted (the outer query), not the tag's works.
        assert sum("TEMP B-TREE" in step for step in plan) == 1, plan
    else:
        assert not walked and "(tag_id=?)" in tag_lookups[0], plan


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", ["Harbour at dawn"]),  # title
        ("lighthouse", ["Harbour at dawn"]),  # description
        ("seascape", ["Harbour at dawn"]),  # tag
        ("Moreau", ["Harbour at dawn"]),  # artist name
    ],
)
def test_search_covers_title_description_tags_and_artist(client, query, expected):
    artist = UserFactory(display_name="Jeanne Moreau")
    create_artwork(
        artist, title="Harbour at dawn", description="A lighthouse far away.", tags="seascape"
    )
    create_artwork(title="Forest", description="Trees.", tags="green")
    assert titles_on(client.get(f"/gallery/?q={query}").content.decode()) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's FTS5 does not stem")
def test_search_finds_other_forms_of_a_word_on_postgresql(client):
    create_artwork(title="Herons at dawn")
    create_artwork(title="Forest")
    assert titles_on(client.get("/gallery/?q=heron").content.decode()) == ["Herons at dawn"]


def test_search_with_no_result_says_so(client):
    create_artwork(title="Forest")
    page = client.get("/gallery/?q=zeppelin").content.decode()
    assert "Nothing matches “zeppelin”" in page


def test_empty_gallery_has_a_friendly_message(client):
    page = client.get("/gallery/").content.decode()
    assert "The gallery is empty for now" in page


def test_thumbnails_keep_proportions_and_use_modern_format_with_fallback(client):
    create_artwork(title="Tall", image=uploaded_image(size=(300, 900)))
    page = client.get("/gallery/").content.decode()
    assert '<source sizes="' in page and 'type="image/webp"' in page
    img = re.search(r"<img [^>]*>", page.split('class="artwork-grid"')[1]).group(0)
    width = int(re.search(r'width="(\d+)"', img).group(1))
    height = int(re.search(r'height="(\d+)"', img).group(1))
    assert (width, height) == (106, 320)  # 1:3 kept, fitted inside 320×320, never cropped
    assert ".jpg" in re.search(r'src="([^"]+)"', img).group(1)


def test_cards_below_the_first_row_load_lazily(client):
    artist = UserFactory()
    for number in range(6):
        create_artwork(artist, title=f"W{number}", image=uploaded_image(size=(40, 30)))
    page = client.get("/gallery/").content.decode()
    imgs = re.findall(r"<img [^>]*>", page)
    assert len(imgs) == 6
    assert ['loading="lazy"' in img for img in imgs] == [False] * 4 + [True] * 2


def test_original_files_are_never_linked_on_public_pages(client):
    artwork = create_artwork(title="Secret original")
    original_name = artwork.image.file.name.split("/")[-1]
    for url in ("/", "/gallery/", artwork.get_absolute_url(), artwork.artist.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "original_images" not in page
        assert original_name not in page


# --- Artwork page ----------------------------------------------------------------------------


def test_artwork_page_shows_the_work_and_share_meta(client):
    artist = UserFactory(username="kai", display_name="Kai Sato")
    artwork = create_artwork(
        artist, title="Night market", description="Gouache on paper.", tags="city, night"
    )
    response = client.get(f"/gallery/{artwork.pk}/", follow=True)
    assert response.redirect_chain == [(f"/gallery/{artwork.pk}/night-market/", 301)]
    page = response.content.decode()
    assert "<h1>Night market</h1>" in page
    assert "Gouache on paper." in page
    assert '<a href="/artists/kai/">Kai Sato</a>' in page
    assert 'href="/gallery/?tag=night"' in page
    assert "← Back to the gallery" in page
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert og_image.startswith("http://testserver/media/images/")
    assert 'name="twitter:card" content="summary_large_image"' in page
    assert 'fetchpriority="high"' in page


def test_wrong_slug_redirects_to_the_right_one(client):
    artwork = create_artwork(title="Right slug")
    response = client.get(f"/gallery/{artwork.pk}/wrong-slug/")
    assert response.status_code == 301
    assert response["Location"] == f"/gallery/{artwork.pk}/right-slug/"


def test_unknown_artwork_is_404(client):
    assert client.get("/gallery/999999/").status_code == 404


# --- Artists ---------------------------------------------------------------------------------


def test_artists_lists_only_members_with_published_work(client):
    with_work = UserFactory(display_name="Lena Berg")
    only_hidden = UserFactory(display_name="Hidden Hal")
    UserFactory(display_name="No Work Nadia")
    create_artwork(with_work, title="Lena's latest")
    create_artwork(only_hidden, title="Hal's", status="hidden")
    page = client.get("/artists/").content.decode()
    assert "Lena Berg" in page and "Lena&#x27;s latest" in page
    assert "Hidden Hal" not in page and "No Work Nadia" not in page


def test_artist_page_shows_bio_and_published_work(client):
    artist = UserFactory(username="mo", display_name="Mo Adeyemi", bio="Printmaker in Lagos.")
    create_artwork(artist, title="Public print")
    create_artwork(artist, title="Hidden print", status="hidden")
    page = client.get("/artists/mo/").content.decode()
    assert "<h1>Mo Adeyemi</h1>" in page
    assert "Printmaker in Lagos." in page
    assert "Public print" in page
    assert "Hidden print" not in page


@pytest.mark.parametrize("case", ["unknown", "inactive", "no published work"])
def test_artist_page_404s(client, case):
    if case == "inactive":
        artist = UserFactory(username="gone", is_active=False)
        create_artwork(artist, title="Orphan")
    elif case == "no published work":
        artist = UserFactory(username="gone")
        create_artwork(artist, title="Hidden", status="hidden")
    assert client.get("/artists/gone/").status_code == 404


# --- Home ------------------------------------------------------------------------------------


def test_home_shows_intro_and_newest_work(client):
    create_artwork(title="Fresh work")
    page = client.get("/").content.decode()
    assert "home for independent artists" in page
    assert "Fresh work" in page


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
    from pathlib import Path

    from artworks import renditions

    known = {
        renditions.CARD,
        renditions.DETAIL,
        renditions.SHARE,
        renditions.AVATAR,
        renditions.BANNER,
    }
    templates = Path(__file__).resolve().parents[1] / "templates"
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
    soup = BeautifulSoup(client.get("/gallery/").content, "html.parser")
    cells = {li.h3.get_text(strip=True): li for li in soup.select("ul.artwork-grid > li")}
    # The cell's class carries the work's width ÷ height (in hundredths, to 0.02), which the
    # stylesheet sizes the cell by: nothing is cropped or letterboxed.
    assert cells["Panorama"]["class"] == ["ar-200"]
    assert cells["Portrait"]["class"] == ["ar-66"]
    # A work smaller than its cell is shown at its own size, not blown up.
    assert "small-work" in cells["Speck"].article["class"]
    assert "small-work" not in cells["Panorama"].article["class"]
    assert not soup.select("ul.artwork-grid .tag-list")
    # Its own width and height hold its space while it loads: no layout shift.
    img = cells["Portrait"].img
    assert (int(img["width"]), int(img["height"])) == (213, 320)
