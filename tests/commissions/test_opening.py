"""An artist opens and closes commissions; their pages invite requests."""

import pytest

from django.test import Client

from tests.commissions.helpers import MY, logged_in, request_url
from tests.factories import UserFactory, create_artwork

pytestmark = pytest.mark.django_db


# --- Opening and closing -----------------------------------------------------------------------


def test_an_artist_opens_commissions_and_their_page_invites_requests(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    artist = UserFactory(username="mira", display_name="Mira")
    create_artwork(artist)
    client.force_login(artist)
    assert "Open for commissions" not in Client().get("/artists/mira/").content.decode()

    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "Birds only."})
    assert response.status_code == 302
    page = client.get(MY).content.decode()
    assert "Saved. Your artist page says you are open for commissions." in page
    visitor_page = Client().get("/artists/mira/").content.decode()
    assert "Open for commissions" in visitor_page
    assert "Birds only." in visitor_page
    assert 'href="/my/commissions/request/mira/"' in visitor_page
    # The artist's own page offers the settings, not a request to themselves.
    own = client.get("/artists/mira/").content.decode()
    assert "Change your commission settings" in own
    assert "/my/commissions/request/mira/" not in own

    client.post(MY, {"commission_text": "Birds only."})
    artist.refresh_from_db()
    assert not artist.open_for_commissions
    assert "Saved. Your artist page does not invite commissions." in client.get(MY).content.decode()
    assert "Request a commission" not in Client().get("/artists/mira/").content.decode()
    assert "Commission settings" in client.get("/artists/mira/").content.decode()


def test_the_commission_text_is_at_most_500_characters(client, grace):
    client.force_login(grace)
    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    grace.refresh_from_db()
    assert not grace.open_for_commissions and grace.commission_text == ""


def test_the_commission_text_cannot_run_script(client, ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada.commission_text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ada.save()
    for viewer in (Client(), logged_in(UserFactory())):
        page = viewer.get("/artists/ada/").content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_opening_commissions_refreshes_the_cached_artist_page(ada):
    ada.open_for_commissions = False
    ada.save()
    first, second = Client(), Client()
    assert first.get("/artists/ada/")["X-Page-Cache"] == "miss"
    cached = second.get("/artists/ada/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Open for commissions" not in cached.content.decode()

    artist_client = logged_in(ada)
    artist_client.post(MY, {"open_for_commissions": "on", "commission_text": "Engines, mostly."})
    page = Client().get("/artists/ada/").content.decode()
    assert "Open for commissions" in page and "Engines, mostly." in page

    artist_client.post(MY, {"open_for_commissions": "on", "commission_text": "Looms now."})
    page = Client().get("/artists/ada/").content.decode()
    assert "Looms now." in page and "Engines, mostly." not in page

    artist_client.post(MY, {"commission_text": "Looms now."})
    assert "Open for commissions" not in Client().get("/artists/ada/").content.decode()


def test_anonymous_visitors_share_one_cached_page_with_the_request_link(ada):
    first, second = Client(), Client()
    miss, hit = first.get("/artists/ada/"), second.get("/artists/ada/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert miss.content == hit.content
    assert 'href="/my/commissions/request/ada/"' in hit.content.decode()


def test_the_artwork_page_links_ask_the_artist_to_the_request_form_when_open(ada, member):
    artwork = ada.artworks.get()
    link = f'href="/my/commissions/request/ada/?artwork={artwork.pk}"'
    assert link in Client().get(artwork.get_absolute_url()).content.decode()
    assert link in logged_in(member).get(artwork.get_absolute_url()).content.decode()
    assert link not in logged_in(ada).get(artwork.get_absolute_url()).content.decode()
    ada.open_for_commissions = False
    ada.save()
    page = Client().get(artwork.get_absolute_url()).content.decode()
    assert "please ask the artist before using this work" in page
    assert "/my/commissions/request/" not in page


def test_the_link_from_a_work_names_it_in_the_subject(client, ada, member):
    artwork = ada.artworks.get()
    page = client.get(f"{request_url(ada)}?artwork={artwork.pk}").content.decode()
    assert 'value="About “Engine”"' in page
    for junk in ("nonsense", "999999"):
        page = client.get(f"{request_url(ada)}?artwork={junk}").content.decode()
        assert "About “" not in page and 'name="subject"' in page


def test_commission_settings_beyond_the_rate_limit_get_429_and_change_nothing(
    client, grace, settings
):
    settings.COMMISSION_SETTINGS_RATE_LIMIT = "1/h"
    client.force_login(grace)
    client.post(MY, {"commission_text": "First."})
    response = client.post(MY, {"open_for_commissions": "on", "commission_text": "Second."})
    assert response.status_code == 429
    assert "many times in a short time" in response.content.decode()
    grace.refresh_from_db()
    assert grace.commission_text == "First." and not grace.open_for_commissions
