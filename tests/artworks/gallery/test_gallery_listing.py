"""The gallery: its listing, search and tags (kept current, kept across pages, sane), and original
files never linked."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import card_titles, links, select, select_one

pytestmark = pytest.mark.django_db


# --- Gallery ---------------------------------------------------------------------------------


def test_gallery_lists_published_work_newest_first_with_artist_links(client):
    artist = UserFactory(username="ines", display_name="Inès Laurent")
    create_artwork(artist, title="Older")
    create_artwork(artist, title="Newer")
    page = client.get("/gallery/").content.decode()
    assert card_titles(page) == ["Newer", "Older"]
    assert '<a href="/artists/ines/">Inès Laurent</a>' in page


def test_gallery_is_paginated_24_a_page(client):
    artist = UserFactory()
    for number in range(26):
        create_artwork(artist, title=f"Work {number:02d}", image=uploaded_image(size=(40, 30)))
    first = client.get("/gallery/").content.decode()
    assert len(card_titles(first)) == 24
    # Next names the last work shown; the next page is the works after it.
    last_shown = Artwork.objects.get(title="Work 02")
    assert f'href="?page=2&amp;after={last_shown.pk}" rel="next"' in first
    second = client.get(f"/gallery/?page=2&after={last_shown.pk}").content.decode()
    assert card_titles(second) == ["Work 01", "Work 00"]
    assert "Page 2" in second
    assert 'href="/gallery/" rel="prev"' in second and 'rel="next"' not in second
    # An old link by page number still shows that page.
    by_number = client.get("/gallery/?page=2").content.decode()
    assert card_titles(by_number) == ["Work 01", "Work 00"]
    assert 'href="/gallery/" rel="prev"' in by_number
    # A malformed page number is the first page; one past the end offers the first page.
    assert len(card_titles(client.get("/gallery/?page=abc").content.decode())) == 24
    past_the_end = client.get("/gallery/?page=999")
    assert past_the_end.status_code == 200
    assert "There is nothing on page 999" in past_the_end.content.decode()


def test_tag_filter_and_tag_links(client):
    blue = create_artwork(title="Blue ink", tags="ink, blue")
    create_artwork(title="Red oil", tags="oil")
    page = client.get("/gallery/?tag=ink").content.decode()
    assert card_titles(page) == ["Blue ink"]
    assert "tagged “ink”" in page
    # Tags are on the work's own page; the cards leave the images the room.
    assert 'href="/gallery/?tag=blue"' not in page
    assert 'href="/gallery/?tag=blue"' in client.get(blue.get_absolute_url()).content.decode()


def tag_works(tag_name, count, **fields):
    """`count` bulk works carrying the tag, the newest last, and their titles newest first."""
    from taggit.models import Tag

    from artworks.models import TaggedArtwork
    from tests.factories import add_artworks

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
    shown = card_titles(client.get("/gallery/", query).content.decode())
    shown += card_titles(client.get("/gallery/", {**query, "page": 2}).content.decode())

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
        assert len(card_titles(client.get("/gallery/?tag=ink").content.decode())) == 10
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
    assert card_titles(client.get(f"/gallery/?q={query}").content.decode()) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's FTS5 does not stem")
def test_search_finds_other_forms_of_a_word_on_postgresql(client):
    create_artwork(title="Herons at dawn")
    create_artwork(title="Forest")
    assert card_titles(client.get("/gallery/?q=heron").content.decode()) == ["Herons at dawn"]


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
    img = select_one(page, ".artwork-grid img")
    assert (int(img["width"]), int(img["height"])) == (106, 320)  # 1:3 kept, fitted, never cropped
    assert ".jpg" in img["src"]


def test_cards_below_the_first_row_load_lazily(client):
    artist = UserFactory()
    for number in range(6):
        create_artwork(artist, title=f"W{number}", image=uploaded_image(size=(40, 30)))
    page = client.get("/gallery/").content.decode()
    imgs = select(page, "img")
    assert len(imgs) == 6
    assert [img.get("loading") == "lazy" for img in imgs] == [False] * 4 + [True] * 2


def test_original_files_are_never_linked_on_public_pages(client):
    artwork = create_artwork(title="Secret original")
    original_name = artwork.image.file.name.split("/")[-1]
    for url in ("/", "/gallery/", artwork.get_absolute_url(), artwork.artist.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "original_images" not in page
        assert original_name not in page


def gallery_titles(client, **params):
    shown = card_titles(client.get("/gallery/", params))
    return [artwork.title for artwork in Artwork.objects.all() if artwork.title in shown]


def test_editor_tag_change_in_the_admin_is_searchable(client):
    artwork = create_artwork(title="Retagged", tags="old")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/",
        {
            "title": "Retagged",
            "alt_text": artwork.alt_text,
            "description": "",
            "tags": "newtag",
            "status": "published",
            "moderation_note": "",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert gallery_titles(client, q="newtag") == ["Retagged"]


def test_member_rename_is_searchable(client):
    member = UserFactory(display_name="Old Name")
    create_artwork(member, title="Signed work")
    client.force_login(member)
    client.post("/my/profile/", {"display_name": "Zebedee Quill", "bio": ""})
    client.logout()
    assert gallery_titles(client, q="Zebedee") == ["Signed work"]


def test_pagination_links_keep_the_tag_and_search(client, settings):
    settings.ARTWORKS_PER_PAGE = 2
    artist = UserFactory()
    for number in range(3):
        create_artwork(
            artist, title=f"Blue {number}", tags="blue", image=uploaded_image(size=(40, 30))
        )
    create_artwork(artist, title="Red", tags="red", image=uploaded_image(size=(40, 30)))
    page = client.get("/gallery/", {"tag": "blue", "q": "Blue"}).content.decode()
    # Next keeps the tag and the search, and names the last work shown (a cursor).
    [following] = [
        href for href in links(page) if re.fullmatch(r"\?tag=blue&q=Blue&page=2&after=\d+", href)
    ]
    second = client.get("/gallery/" + following).content.decode()
    assert "Blue 0" in second and "Red" not in second
    by_number = client.get("/gallery/", {"tag": "blue", "q": "Blue", "page": 2}).content.decode()
    assert "Blue 0" in by_number and "Red" not in by_number


@pytest.mark.parametrize("value", ["\x00", "%00", "a\x00b", "!!!", "x" * 500])
def test_odd_tag_and_search_values_get_a_normal_page(client, value):
    create_artwork(title="Anything")
    assert client.get("/gallery/", {"tag": value}).status_code == 200
    assert client.get("/gallery/", {"q": value}).status_code == 200


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("x" * 51, "Keep each tag under 50 characters"),
        ("!!!", "is not a usable tag"),
        (", ".join(f"t{n}" for n in range(16)), "Use at most 15 tags"),
    ],
)
def test_unusable_tags_are_refused_next_to_the_field(client, tags, message):
    client.force_login(UserFactory())
    response = client.post(
        "/my/artworks/upload/",
        {"title": "T", "alt_text": "A", "tags": tags, "image": uploaded_image()},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Artwork.objects.exists()


def test_tags_differing_only_in_case_are_one_tag(client):
    create_artwork(title="One", tags="Ink")
    create_artwork(title="Two", tags="ink")
    assert sorted(gallery_titles(client, tag="ink")) == ["One", "Two"]
