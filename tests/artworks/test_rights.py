"""Artists' rights and reach: licences, no AI training, AI labels, facts, feeds, sitemap,
structured data."""

import json

import pytest
from defusedxml import ElementTree as ET

from artworks.models import Artwork
from core.models import AI_CRAWLERS, CrawlerSettings
from tests.factories import UserFactory, create_artwork, recount_listed_works, uploaded_image
from tests.html import select, select_one
from tests.sitemaps import sitemap_locations

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def set_fields(artwork, **fields):
    Artwork.objects.filter(pk=artwork.pk).update(**fields)
    artwork.refresh_from_db()
    recount_listed_works(artwork.artist)
    return artwork


def gallery_titles(client, **params):
    return [
        title.get_text(strip=True)
        for title in select(client.get("/gallery/", params), ".artwork-card h3")
    ]


# --- Licence ------------------------------------------------------------------


def test_upload_form_offers_licences_defaulting_to_all_rights_reserved(client):
    client.force_login(UserFactory())
    page = client.get("/my/artworks/upload/").content.decode()
    assert ">Licence" in page
    assert '<option value="all-rights-reserved" selected>All rights reserved</option>' in page
    for label in ("CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-ND 4.0", "CC0"):
        assert label in page


def test_chosen_licence_is_saved_shown_and_linked(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        "/my/artworks/upload/",
        {
            "title": "Shared",
            "alt_text": "x",
            "tags": "",
            "licence": "cc-by-sa-4.0",
            "image": uploaded_image(),
        },
    )
    assert response.status_code == 302
    artwork = Artwork.objects.get()
    assert artwork.licence == "cc-by-sa-4.0"
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">' in page


def test_licence_is_editable_and_all_rights_reserved_asks_for_permission(client):
    member = UserFactory()
    artwork = create_artwork(member, title="Mine")
    assert "please ask the artist" in client.get(artwork.get_absolute_url()).content.decode()
    client.force_login(member)
    client.post(
        f"/my/artworks/{artwork.pk}/edit/",
        {"title": "Mine", "alt_text": "x", "tags": "", "licence": "cc0-1.0", "size_unit": "cm"},
    )
    artwork.refresh_from_db()
    assert artwork.licence == "cc0-1.0"


def test_gallery_filters_by_licence(client):
    set_fields(create_artwork(title="Open"), licence="cc-by-4.0")
    create_artwork(title="Closed")
    assert gallery_titles(client, licence="cc-by-4.0") == ["Open"]
    assert len(gallery_titles(client, licence="not-a-licence")) == 2


# --- No AI training ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/gallery/", "/artists/", "/accounts/login/"])
def test_every_public_page_says_noai(client, url):
    create_artwork(title="Any")
    assert '<meta name="robots" content="noai, noimageai">' in client.get(url).content.decode()


def test_robots_txt_turns_ai_crawlers_away_and_welcomes_search_engines(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for crawler in AI_CRAWLERS:
        assert f"User-agent: {crawler}\n" in text
    groups = text.split("\n\n")
    assert groups[0].rstrip().endswith("Disallow: /")
    assert "User-agent: *" in groups[1] and "Allow: /" in groups[1]
    assert "Googlebot" not in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_editors_extend_the_blocked_crawlers_in_the_admin(client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/settings/core/crawlersettings/{site.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"extra_blocked_crawlers": "NewAIBot\n\nBad: Injected\nOther-Bot"})
    assert response.status_code == 302
    assert "NewAIBot" in CrawlerSettings.for_site(site).extra_blocked_crawlers
    client.logout()
    text = client.get("/robots.txt").content.decode()
    groups = text.split("\n\n")
    assert "User-agent: NewAIBot" in groups[0] and "User-agent: Other-Bot" in groups[0]
    assert "Injected" not in text


def test_rendition_responses_carry_x_robots_tag(client, settings):
    from importlib import reload

    from django.urls import clear_url_caches

    import config.urls

    settings.SERVE_RENDITIONS = True
    reload(config.urls)
    clear_url_caches()
    try:
        artwork = create_artwork(title="Tagged image")
        rendition = artwork.image.renditions.first()
        response = client.get(rendition.url)
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noai, noimageai"
    finally:
        settings.SERVE_RENDITIONS = False
        reload(config.urls)
        clear_url_caches()


# --- Made with AI ------------------------------------------------------------------


def test_ai_declaration_is_labelled_and_can_be_left_out(client):
    member = UserFactory()
    client.force_login(member)
    client.post(
        "/my/artworks/upload/",
        {
            "title": "Prompted",
            "alt_text": "x",
            "tags": "",
            "made_with_ai": "on",
            "image": uploaded_image(),
        },
    )
    create_artwork(title="Handmade")
    client.logout()
    assert Artwork.objects.get(title="Prompted").made_with_ai
    page = client.get("/gallery/").content.decode()
    assert page.count('<span class="ai-label">Made with AI</span>') == 1
    assert 'href="?ai=exclude">Hide work made with AI</a>' in page
    assert gallery_titles(client, ai="exclude") == ["Handmade"]
    assert "Show work made with AI too" in client.get("/gallery/?ai=exclude").content.decode()
    detail = client.get(Artwork.objects.get(title="Prompted").get_absolute_url())
    assert "made with generative AI" in detail.content.decode()


def test_upload_form_asks_about_generative_ai(client):
    client.force_login(UserFactory())
    page = client.get("/my/artworks/upload/").content.decode()
    assert "This work was made with generative AI" in page


# --- Facts ------------------------------------------------------------------


def test_facts_are_shown_and_medium_filters_the_gallery(client):
    artwork = create_artwork(title="Oil study")
    set_fields(artwork, medium="painting", year_made=2019, width=30, height=40, depth=2)
    create_artwork(title="Print")
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "Painting" in page and "2019" in page and "30 × 40 × 2 cm" in page
    assert gallery_titles(client, medium="painting") == ["Oil study"]


@pytest.mark.parametrize(
    ("field", "value"), [("year_made", "99"), ("width", "-3"), ("medium", "lasers")]
)
def test_impossible_facts_are_refused(client, field, value):
    client.force_login(UserFactory())
    response = client.post(
        "/my/artworks/upload/",
        {"title": "T", "alt_text": "x", "tags": "", field: value, "image": uploaded_image()},
    )
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Artwork.objects.exists()


# --- Feeds ------------------------------------------------------------------


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_site_feed_lists_public_work_with_image_credit_and_licence(client):
    artist = UserFactory(username="noor", display_name="Noor")
    artwork = set_fields(create_artwork(artist, title="Feed me", tags="ink"), licence="cc-by-4.0")
    create_artwork(title="Hidden one", status="hidden")
    feed = parse_feed(client.get("/feeds/artworks/"))
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Feed me"]
    entry = entries[0]
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Noor"
    assert entry.find(f"{ATOM}rights").text == "© Noor. CC BY 4.0"
    assert entry.find(f"{ATOM}link").get("href").endswith(artwork.get_absolute_url())
    summary = entry.find(f"{ATOM}summary").text
    image = select_one(summary, "img")
    assert image["src"].startswith("http://testserver/media/images/"), image["src"]
    assert image["src"].endswith(".jpg"), image["src"]
    assert image["alt"] == artwork.alt_text
    assert "creativecommons.org/licenses/by/4.0/" in summary


def test_artist_and_tag_feeds_and_their_alternate_links(client):
    artist = UserFactory(username="ola")
    create_artwork(artist, title="Ola's", tags="blue")
    create_artwork(title="Someone else's", tags="red")
    artist_feed = parse_feed(client.get("/feeds/artists/ola/"))
    assert [e.find(f"{ATOM}title").text for e in artist_feed.findall(f"{ATOM}entry")] == ["Ola's"]
    tag_feed = parse_feed(client.get("/feeds/tags/red/"))
    assert [e.find(f"{ATOM}title").text for e in tag_feed.findall(f"{ATOM}entry")] == [
        "Someone else's"
    ]
    assert client.get("/feeds/artists/nobody/").status_code == 404
    assert client.get("/feeds/tags/nothing/").status_code == 404
    assert 'type="application/atom+xml"' in client.get("/gallery/").content.decode()
    assert 'href="/feeds/tags/red/"' in client.get("/gallery/?tag=red").content.decode()
    assert 'href="/feeds/artists/ola/"' in client.get("/artists/ola/").content.decode()


# --- Search engines ------------------------------------------------------------------


def test_sitemap_lists_pages_and_only_public_work_and_artists(client):
    shown = create_artwork(UserFactory(username="seen"), title="Seen")
    hidden = create_artwork(UserFactory(username="unseen"), title="Unseen", status="hidden")
    locations = sitemap_locations(client)  # the index, then every file it names
    assert any(location.endswith("/gallery/") for location in locations)
    assert any(location.endswith(shown.get_absolute_url()) for location in locations)
    assert any(location.endswith("/artists/seen/") for location in locations)
    assert not any(location.endswith(hidden.get_absolute_url()) for location in locations)
    assert not any(location.endswith("/artists/unseen/") for location in locations)


def json_ld(response):
    return json.loads(select_one(response, 'script[type="application/ld+json"]').string)


def test_artwork_page_carries_visual_artwork_json_ld(client):
    artist = UserFactory(username="kim", display_name="Kim Lee")
    artwork = set_fields(
        create_artwork(artist, title="Blue hour", description="Ink."),
        licence="cc-by-nc-4.0",
        medium="drawing",
        year_made=2021,
        width=21,
        height=29.7,
    )
    response = client.get(artwork.get_absolute_url())
    data = json_ld(response)
    assert data["@type"] == "VisualArtwork"
    assert data["name"] == "Blue hour"
    assert data["creator"] == {
        "@type": "Person",
        "name": "Kim Lee",
        "url": "http://testserver/artists/kim/",
    }
    assert data["license"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert data["artMedium"] == "Drawing" and data["dateCreated"] == "2021"
    assert data["width"]["value"] == 21 and data["height"]["value"] == 29.7
    assert data["image"].startswith("http://testserver/media/images/")
    page = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver{artwork.get_absolute_url()}">' in page
    assert 'property="og:image:alt"' in page


def test_artist_page_carries_person_json_ld(client):
    artist = UserFactory(username="pia", display_name="Pia", bio="Paints <b>boats</b>.")
    create_artwork(artist, title="Boat")
    data = json_ld(client.get("/artists/pia/"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Pia",
        "alternateName": "pia",
        "url": "http://testserver/artists/pia/",
        "description": "Paints <b>boats</b>.",
    }


def test_tag_feed_is_404_for_a_tag_only_non_public_work_carries(client):
    create_artwork(title="Secret plan", tags="codename-heron", status="hidden")
    create_artwork(title="Waiting work", tags="codename-heron", status="awaiting_review")
    response = client.get("/feeds/tags/codename-heron/")
    assert response.status_code == 404
    assert "codename-heron" not in client.get("/gallery/tags/").content.decode()
    public = create_artwork(title="Now public", tags="codename-heron")
    feed = client.get("/feeds/tags/codename-heron/").content.decode()
    assert "Now public" in feed and "Secret plan" not in feed
    public.delete()
    assert client.get("/feeds/tags/codename-heron/").status_code == 404


@pytest.fixture
def served_renditions(settings):
    """Django serves /media/images/ as production does on one machine without a front web
    server (SERVE_RENDITIONS)."""
    from importlib import reload

    from django.urls import clear_url_caches

    import config.urls

    settings.SERVE_RENDITIONS = True
    reload(config.urls)
    clear_url_caches()
    yield
    settings.SERVE_RENDITIONS = False
    reload(config.urls)
    clear_url_caches()


def test_hidden_works_renditions_stop_answering_and_return_under_new_addresses(
    client, served_renditions, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from artworks import moderation
    from tests.factories import UserFactory

    artwork = create_artwork(title="Soon hidden")
    public_urls = {rendition.url for rendition in artwork.image.renditions.all()}
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200
        # Shared caches (a CDN) keep it a minute at most; browsers keep what they saw.
        assert "s-maxage=60" in response["Cache-Control"]
        assert "immutable" not in response["Cache-Control"]

    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.HIDDEN, note="Copyright", by=None)
    for url in public_urls:
        assert client.get(url).status_code == 404, url
    hidden_urls = {rendition.url for rendition in artwork.image.renditions.all()}
    assert len(hidden_urls) == len(public_urls) and not hidden_urls & public_urls
    # The moderator still sees the work on its edit screen.
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    edit = client.get(f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/").content.decode()
    assert any(url in edit for url in hidden_urls)
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(artwork, Artwork.Status.PUBLISHED, by=None)
    republished = {rendition.url for rendition in artwork.image.renditions.all()}
    assert not republished & hidden_urls and not republished & public_urls
    for url in hidden_urls:
        assert client.get(url).status_code == 404
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert any(url in page for url in republished)


def test_deactivating_a_member_moves_their_renditions_away(
    client, served_renditions, django_capture_on_commit_callbacks
):
    from members.moderation import set_member_active

    artwork = create_artwork(title="Member work")
    urls = [rendition.url for rendition in artwork.image.renditions.all()]
    with django_capture_on_commit_callbacks(execute=True):
        set_member_active(artwork.artist, False, by=None)
    for url in urls:
        assert client.get(url).status_code == 404
