"""Share previews (OpenGraph and Twitter cards) on every public page people share, one site
name in every <title>, profile links a browser accepts as typed, and the markup fixes the Nu
HTML checker asked for."""

import re

import pytest

from django.test import Client

from wagtail.images import get_image_model

from artworks.renditions import AVATAR_SPECS, SHARE_SPECS
from artworks.sharing import AVATAR_SHARE_SPEC
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import select, select_one, soup
from tests.members.artist_pages.helpers import save_profile, upload_avatar
from tests.pages import create_exhibition, exhibited

pytestmark = pytest.mark.django_db

SITE_NAME = "Artist Collective"
Rendition = get_image_model().get_rendition_model()


@pytest.fixture
def visitor():
    return Client()


def head_of(response):
    assert response.status_code == 200
    return soup(response).find("head")


def meta(head, **attrs):
    element = head.find("meta", attrs=attrs)
    return element["content"] if element is not None else None


def share_rendition(artwork):
    return Rendition.objects.get(image=artwork.image, filter_spec=SHARE_SPECS[0])


def assert_share_preview(head, *, title, url, image_url, large=True, kind="website"):
    """The page's OpenGraph and Twitter tags: every address absolute, the image one that
    exists already."""
    assert meta(head, property="og:site_name") == SITE_NAME
    assert meta(head, property="og:type") == kind
    assert meta(head, property="og:title") == title
    assert meta(head, name="twitter:title") == title
    assert meta(head, property="og:description")
    assert meta(head, name="twitter:description") == meta(head, property="og:description")
    assert meta(head, property="og:url") == f"http://testserver{url}"
    assert meta(head, property="og:image") == f"http://testserver{image_url}"
    assert meta(head, name="twitter:image") == f"http://testserver{image_url}"
    assert meta(head, property="og:image:alt") is not None
    assert int(meta(head, property="og:image:width")) > 0
    assert meta(head, name="twitter:card") == ("summary_large_image" if large else "summary")


def test_home_and_gallery_share_the_latest_public_work(visitor):
    create_artwork(title="Older work")
    latest = create_artwork(title="Latest work")
    rendition = share_rendition(latest)

    assert_share_preview(
        head_of(visitor.get("/")), title=SITE_NAME, url="/", image_url=rendition.url
    )
    assert_share_preview(
        head_of(visitor.get("/gallery/")), title="Gallery", url="/gallery/", image_url=rendition.url
    )


def test_artwork_page_shares_its_own_share_rendition(visitor):
    artwork = create_artwork(UserFactory(display_name="Kai Sato"), title="Night market")
    assert_share_preview(
        head_of(visitor.get(artwork.get_absolute_url())),
        title="Night market by Kai Sato",
        url=artwork.get_absolute_url(),
        image_url=share_rendition(artwork).url,
        kind="article",
    )


def test_artist_page_shares_their_latest_work_without_an_avatar(visitor):
    artist = UserFactory(username="mira", display_name="Mira Holt")
    create_artwork(artist, title="First")
    latest = create_artwork(artist, title="Second")
    create_artwork(title="Someone else's, newer")
    assert_share_preview(
        head_of(visitor.get("/artists/mira/")),
        title="Mira Holt",
        url="/artists/mira/",
        image_url=share_rendition(latest).url,
        kind="profile",
    )


def test_artist_page_shares_their_avatar_once_its_renditions_exist(
    client, visitor, django_capture_on_commit_callbacks
):
    artist = UserFactory(username="ada", display_name="Ada Lovelace")
    create_artwork(artist, title="Public work")
    client.force_login(artist)
    upload_avatar(client, artist, django_capture_on_commit_callbacks)
    artist.refresh_from_db()
    assert set(AVATAR_SPECS) <= set(
        artist.avatar_image.renditions.values_list("filter_spec", flat=True)
    )
    avatar = artist.avatar_image.renditions.get(filter_spec=AVATAR_SHARE_SPEC)

    head = head_of(visitor.get("/artists/ada/"))
    # A 192 px avatar is too small for a large card: the summary card shows it.
    assert_share_preview(
        head,
        title="Ada Lovelace",
        url="/artists/ada/",
        image_url=avatar.url,
        large=False,
        kind="profile",
    )
    assert meta(head, property="og:description") == "Paints what the light does."


def test_artist_page_shares_the_work_chosen_as_avatar(client, visitor):
    artist = UserFactory(username="ada", display_name="Ada Lovelace")
    chosen = create_artwork(artist, title="Chosen")
    create_artwork(artist, title="Newer")
    client.force_login(artist)
    save_profile(client, artist, avatar_artwork=chosen.pk)
    assert_share_preview(
        head_of(visitor.get("/artists/ada/")),
        title="Ada Lovelace",
        url="/artists/ada/",
        image_url=share_rendition(chosen).url,
        kind="profile",
    )


def test_exhibition_page_shares_its_cover(visitor):
    cover = create_artwork(title="Cover work")
    exhibition = create_exhibition(
        "Night Harbours", body=[exhibited(cover), exhibited(create_artwork(title="Second"))]
    )
    head = head_of(visitor.get(exhibition.url))
    assert_share_preview(
        head, title="Night Harbours", url=exhibition.url, image_url=share_rendition(cover).url
    )
    assert meta(head, property="og:description") == "Works that move between colour and line."


def test_a_tiny_work_is_shared_on_the_small_card(visitor):
    artwork = create_artwork(title="Pixel", image=uploaded_image(size=(10, 10)))
    head = head_of(visitor.get(artwork.get_absolute_url()))
    assert meta(head, property="og:image") == f"http://testserver{share_rendition(artwork).url}"
    assert meta(head, name="twitter:card") == "summary"


def test_a_work_without_its_share_rendition_is_shown_without_an_image(visitor):
    artwork = create_artwork(title="Still preparing")
    Rendition.objects.filter(filter_spec=SHARE_SPECS[0]).delete()
    before = Rendition.objects.count()
    for url in ("/", "/gallery/", artwork.get_absolute_url(), artwork.artist.get_absolute_url()):
        head = head_of(visitor.get(url))
        assert meta(head, property="og:title")
        assert meta(head, property="og:image") is None
        assert meta(head, name="twitter:card") == "summary"
    # Visitors never made a rendition.
    assert Rendition.objects.count() == before


# --- Titles ------------------------------------------------------------------------------------


def test_every_page_names_the_site_once_in_its_title(client, visitor):
    artist = UserFactory(username="ada", display_name="Ada Lovelace")
    artwork = create_artwork(artist, title="Harbour")
    exhibition = create_exhibition("Night Harbours", body=[exhibited(artwork)])
    urls = [
        "/",
        "/gallery/",
        "/gallery/?tag=ink",
        "/gallery/tags/",
        "/artists/",
        "/artists/ada/",
        artwork.get_absolute_url(),
        "/exhibitions/",
        exhibition.url,
        "/accounts/login/",
        "/accounts/signup/",
    ]
    for url in urls:
        title = head_of(visitor.get(url)).find("title").get_text()
        assert title.count(SITE_NAME) == 1, (url, title)
    assert head_of(visitor.get("/")).find("title").get_text() == SITE_NAME
    assert head_of(visitor.get("/gallery/")).find("title").get_text() == f"Gallery · {SITE_NAME}"
    client.force_login(artist)
    for url in ("/my/profile/", "/my/artworks/", "/my/artworks/upload/"):
        title = head_of(client.get(url)).find("title").get_text()
        assert title.count(SITE_NAME) == 1, (url, title)


# --- Profile links -----------------------------------------------------------------------------


def test_profile_links_are_text_boxes_for_web_addresses(client):
    member = UserFactory()
    client.force_login(member)
    document = soup(client.get("/my/profile/"))
    for number in (1, 2, 3):
        box = document.find("input", attrs={"name": f"link_{number}"})
        assert box["type"] == "text"
        assert box["inputmode"] == "url"
        assert box["autocomplete"] == "off"
        assert box["spellcheck"] == "false"
        assert box["maxlength"] == "300"


def test_a_link_without_a_scheme_is_saved_as_https(client):
    member = UserFactory(username="mira")
    create_artwork(member)
    client.force_login(member)
    response = save_profile(client, member, link_1="instagram.com/mira", link_2="  ")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.link_1 == "https://instagram.com/mira"
    assert member.links == ["https://instagram.com/mira"]
    links = soup(Client().get("/artists/mira/"))
    assert links.select_one(".artist-links a")["href"] == "https://instagram.com/mira"


def test_a_link_to_another_scheme_is_still_refused(client):
    member = UserFactory()
    client.force_login(member)
    response = save_profile(client, member, link_1="javascript:alert(1)")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.link_1 == ""


# --- Markup the Nu HTML checker refused ------------------------------------------------------


def test_dates_carry_no_microseconds(client, visitor):
    artist = UserFactory()
    artwork = create_artwork(artist, title="Dated")
    client.force_login(artist)
    for response in (visitor.get(artwork.get_absolute_url()), client.get("/my/artworks/")):
        document = soup(response)
        stamps = [time["datetime"] for time in document.find_all("time")]
        assert stamps
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d{4})?", stamp), stamp


def test_help_texts_with_lists_are_not_inside_small(visitor):
    document = soup(visitor.get("/accounts/signup/"))
    assert document.select("small ul") == []
    rules = document.find(id="id_password1_helptext")
    assert rules.name == "div"
    assert rules.find("ul")


def test_exhibition_headings_do_not_skip_a_level(visitor):
    exhibition = create_exhibition(
        "Night Harbours",
        body=[
            exhibited(create_artwork(title="First")),
            ("heading", "Later"),
            exhibited(create_artwork()),
        ],
    )
    main = select_one(visitor.get(exhibition.url), "main")
    levels = [int(heading.name[1]) for heading in select(main, "h1, h2, h3, h4, h5, h6")]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))
