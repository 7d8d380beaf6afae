"""The favourite view and the hearts on artwork pages and gallery cards."""

import pytest

from django.test import Client

from artworks.models import Artwork
from social import favourites
from social.models import Favourite
from tests.factories import UserFactory, create_artwork
from tests.social.favourites.helpers import counts

pytestmark = pytest.mark.django_db


def favourite_url(artwork):
    return f"/my/favourites/{artwork.pk}/"


def post_favourite(client, artwork, action="favourite", **extra):
    data = {"action": action, **extra.pop("data", {})}
    return client.post(favourite_url(artwork), data, **extra)


# --- The view ----------------------------------------------------------------------------------


def test_a_member_favourites_and_unfavourites_and_goes_back_where_they_were(
    client, member, artwork
):
    response = post_favourite(client, artwork, data={"next": "/gallery/"})
    assert response.status_code == 302
    assert response["Location"] == "/gallery/"
    assert counts(artwork) == (1, 1)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "“Engine” is in your favourites." in page
    assert 'aria-pressed="true"' in page
    assert 'value="unfavourite"' in page

    response = post_favourite(client, artwork, "unfavourite")
    assert response["Location"] == artwork.get_absolute_url()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "“Engine” is no longer in your favourites." in page
    assert 'value="favourite"' in page
    assert counts(artwork) == (0, 0)


def test_the_heart_answers_json_when_asked(client, member, artwork):
    response = post_favourite(client, artwork, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "favourited": True,
        "favourites": 1,
        "message": "“Engine” is in your favourites.",
    }
    response = post_favourite(client, artwork, "unfavourite", HTTP_ACCEPT="application/json")
    assert response.json()["favourited"] is False
    assert response.json()["favourites"] == 0


def test_an_unknown_action_is_refused_with_a_message(client, member, artwork):
    response = post_favourite(client, artwork, "love")
    assert response.status_code == 400
    assert "Choose to add the work to your favourites or to remove it." in response.content.decode()
    response = post_favourite(client, artwork, "love", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Favourite.objects.exists()


@pytest.mark.parametrize(
    "status", [Artwork.Status.HIDDEN, Artwork.Status.HELD, Artwork.Status.AWAITING_REVIEW]
)
def test_a_work_that_is_not_public_is_404(client, member, ada, status):
    work = create_artwork(ada, status=status)
    assert post_favourite(client, work).status_code == 404
    assert not Favourite.objects.exists()


def test_a_suspended_artists_work_and_an_unknown_id_are_404(client, member, ada, artwork):
    ada.is_active = False
    ada.save()
    assert post_favourite(client, artwork).status_code == 404
    assert client.post("/my/favourites/99999/", {"action": "favourite"}).status_code == 404
    huge = "/my/favourites/99999999999999999999999/"
    assert client.post(huge, {"action": "favourite"}).status_code == 404
    assert not Favourite.objects.exists()


def test_a_member_without_a_confirmed_email_is_asked_to_confirm_it(client, artwork):
    client.force_login(UserFactory(verified_email=False))
    response = post_favourite(client, artwork)
    assert response.status_code == 403
    assert "Confirm your email" in response.content.decode()
    response = post_favourite(client, artwork, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert not Favourite.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, artwork):
    response = post_favourite(client, artwork, data={"next": artwork.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={artwork.get_absolute_url()}"
    assert not Favourite.objects.exists()


def test_a_get_is_not_a_favourite(client, member, artwork):
    assert client.get(favourite_url(artwork)).status_code == 405
    assert not Favourite.objects.exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_next_never_leads_off_the_site(client, member, artwork, next_url):
    response = post_favourite(client, artwork, data={"next": next_url})
    assert response["Location"] == artwork.get_absolute_url()


def test_favourites_beyond_the_rate_limit_get_429_and_change_nothing(
    client, member, artwork, settings
):
    settings.FAVOURITE_RATE_LIMIT = "2/h"
    post_favourite(client, artwork)
    post_favourite(client, artwork, "unfavourite")
    response = post_favourite(client, artwork)
    assert response.status_code == 429
    assert "many favourites in a short time" in response.content.decode()
    assert post_favourite(client, artwork, HTTP_ACCEPT="application/json").status_code == 429
    assert not Favourite.objects.exists()
    assert counts(artwork) == (0, 0)


def test_csrf_is_required(member, artwork):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(favourite_url(artwork), {"action": "favourite"}).status_code == 403
    assert not Favourite.objects.exists()


# --- The hearts on the pages -------------------------------------------------------------------


def test_visitors_see_the_count_and_a_log_in_link_on_one_cached_page(ada, artwork):
    Artwork.objects.filter(pk=artwork.pk).update(favourite_count=3)
    first, second = Client(), Client()
    for url in (artwork.get_absolute_url(), "/gallery/", ada.get_absolute_url()):
        miss = first.get(url)
        hit = second.get(url)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
        assert miss.content == hit.content
        page = hit.content.decode()
        assert '3<span class="visually-hidden"> favourites</span>' in page
        assert "csrfmiddlewaretoken" not in page
        assert "/my/favourites/" not in page
    page = first.get(artwork.get_absolute_url()).content.decode()
    assert f'href="/accounts/login/?next={artwork.get_absolute_url()}"' in page


def test_members_see_hearts_on_gallery_cards_with_their_own_state(client, member, ada, artwork):
    other = create_artwork(ada, title="Loom")
    favourites.favourite(member, artwork)
    page = client.get("/gallery/").content.decode()
    assert page.count('class="favourite-form favourite-overlay"') == 2
    own = page[page.index(f'id="favourite-{artwork.pk}"') :]
    assert 'value="unfavourite"' in own.split("</form>")[0]
    assert 'aria-pressed="true"' in own.split("</form>")[0]
    theirs = page[page.index(f'id="favourite-{other.pk}"') :]
    assert 'aria-pressed="false"' in theirs.split("</form>")[0]
    # The token and `next` are tied to each card's form from outside the cached grid.
    assert 'name="csrfmiddlewaretoken" value="' in page
    assert f'form="favourite-{artwork.pk}"' in page
    assert f'form="favourite-{other.pk}"' in page


def test_the_cached_gallery_grid_never_shows_one_members_hearts_to_another(client, member, artwork):
    favourites.favourite(member, artwork)
    assert 'aria-pressed="true"' in client.get("/gallery/").content.decode()
    another = Client()
    another.force_login(UserFactory())
    page = another.get("/gallery/").content.decode()
    assert 'aria-pressed="true"' not in page
    assert 'value="unfavourite"' not in page
    # The first member's CSRF token is in neither the other's page nor the shared grid.
    assert client.cookies["csrftoken"].value not in page


def test_the_artwork_page_and_the_artist_page_carry_hearts(client, member, ada, artwork):
    other = create_artwork(ada, title="Loom")
    favourites.favourite(member, other)
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert f'action="/my/favourites/{artwork.pk}/"' in page  # the work's own heart
    assert f'id="favourite-{other.pk}"' in page  # "More by" card
    page = client.get(ada.get_absolute_url()).content.decode()
    assert f'id="favourite-{artwork.pk}"' in page
    assert f'id="favourite-{other.pk}"' in page


def test_members_pages_with_hearts_are_never_shared(client, member, artwork):
    """Built for the member (the gallery and their favourites are then kept for them alone:
    tests/site/test_member_page_cache.py), and private to any cache in front of the site."""
    for url in (artwork.get_absolute_url(), "/gallery/", "/my/favourites/"):
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit"
        assert "private" in response["Cache-Control"]
