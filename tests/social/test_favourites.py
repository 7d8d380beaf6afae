"""Favourites: the service and its counters, the heart on artwork pages and gallery cards, the
member's Favourites page, the gallery's "Most favourited this week" order, and what they cost."""

from datetime import timedelta

import pytest

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from core.member_pages import member_content_changed
from social import account_data, favourites
from social.models import Favourite
from social.signals import favourite_added
from tests.factories import UserFactory, create_artwork
from tests.site.test_performance import MEMBER_QUERY_LIMITS

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def member(client):
    member = UserFactory(username="grace")
    client.force_login(member)
    return member


@pytest.fixture
def artwork(ada):
    return create_artwork(ada, title="Engine")


def favourite_url(artwork):
    return f"/my/favourites/{artwork.pk}/"


def post_favourite(client, artwork, action="favourite", **extra):
    data = {"action": action, **extra.pop("data", {})}
    return client.post(favourite_url(artwork), data, **extra)


def counts(artwork):
    artwork.refresh_from_db()
    return artwork.favourite_count, artwork.favourites_this_week


# --- The model and the service -----------------------------------------------------------------


def test_a_member_favourites_a_work_once(member, artwork):
    Favourite.objects.create(member=member, artwork=artwork)
    with pytest.raises(IntegrityError), transaction.atomic():
        Favourite.objects.create(member=member, artwork=artwork)


def test_favouriting_moves_both_counters_and_twice_is_once(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(member, artwork)
    assert Favourite.objects.count() == 1
    assert counts(artwork) == (1, 1)
    favourites.favourite(UserFactory(), artwork)
    assert counts(artwork) == (2, 2)


def test_unfavouriting_moves_the_counters_back_and_twice_is_once(member, artwork):
    favourites.favourite(member, artwork)
    favourites.unfavourite(member, artwork)
    favourites.unfavourite(member, artwork)
    assert not Favourite.objects.exists()
    assert counts(artwork) == (0, 0)


def test_unfavouriting_an_old_favourite_leaves_the_weekly_figure(member, artwork):
    favourites.favourite(member, artwork)
    Favourite.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("refresh_favourite_counts")
    assert counts(artwork) == (1, 0)
    favourites.unfavourite(member, artwork)
    assert counts(artwork) == (0, 0)


def test_only_public_work_can_be_favourited(member, ada):
    hidden = create_artwork(ada, title="Hidden", status=Artwork.Status.HIDDEN)
    awaiting = create_artwork(ada, title="Awaiting", status=Artwork.Status.AWAITING_REVIEW)
    for work in (hidden, awaiting):
        with pytest.raises(favourites.FavouriteRefused):
            favourites.favourite(member, work)
    suspended = create_artwork(UserFactory(is_active=False), title="Suspended")
    with pytest.raises(favourites.FavouriteRefused):
        favourites.favourite(member, suspended)
    assert not Favourite.objects.exists()


def test_a_member_may_favourite_their_own_work(ada, artwork):
    favourites.favourite(ada, artwork)
    assert counts(artwork) == (1, 1)


def test_the_signal_is_sent_once_for_a_new_favourite(member, artwork):
    received = []

    def receiver(sender, member, artwork, favourite, **kwargs):
        received.append((member, artwork, favourite))

    favourite_added.connect(receiver)
    try:
        favourites.favourite(member, artwork)
        favourites.favourite(member, artwork)
        favourites.unfavourite(member, artwork)
    finally:
        favourite_added.disconnect(receiver)
    assert len(received) == 1
    assert received[0][0] == member and received[0][1] == artwork


def test_a_deleted_member_leaves_the_counters(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(UserFactory(), artwork)
    member.delete()
    assert Favourite.objects.count() == 1
    assert counts(artwork) == (1, 1)


def test_a_deleted_work_takes_its_favourites(member, artwork):
    favourites.favourite(member, artwork)
    artwork.delete()
    assert not Favourite.objects.exists()


# --- The recount command -----------------------------------------------------------------------


def test_the_hourly_recount_lets_favourites_leave_the_week(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(UserFactory(), artwork)
    Favourite.objects.filter(member=member).update(created_at=timezone.now() - timedelta(days=8))
    call_command("refresh_favourite_counts")
    assert counts(artwork) == (2, 1)


def test_the_full_recount_repairs_both_figures(member, artwork):
    favourites.favourite(member, artwork)
    Artwork.objects.filter(pk=artwork.pk).update(favourite_count=40, favourites_this_week=0)
    call_command("refresh_favourite_counts", "--all")
    assert counts(artwork) == (1, 1)


# --- Account data ------------------------------------------------------------------------------


def test_account_export_lists_follows_and_favourites(member, ada, artwork):
    from social.models import Follow

    Follow.objects.create(follower=member, artist=ada)
    favourites.favourite(member, artwork)
    exported = account_data.export(member)
    assert [follow["artist"] for follow in exported["follows"]] == ["ada"]
    assert exported["favourites"][0]["title"] == "Engine"
    assert exported["favourites"][0]["url"] == artwork.get_absolute_url()
    assert account_data.files(member) == []


def test_account_erasure_takes_favourites_off_the_counters(member, artwork):
    favourites.favourite(member, artwork)
    account_data.erase(member)
    assert not Favourite.objects.exists()
    assert counts(artwork) == (0, 0)


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
    tests/test_member_page_cache.py), and private to any cache in front of the site."""
    for url in (artwork.get_absolute_url(), "/gallery/", "/my/favourites/"):
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit"
        assert "private" in response["Cache-Control"]


# --- The gallery's weekly order ----------------------------------------------------------------


def test_the_gallery_sorts_by_most_favourited_this_week(client, ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    create_artwork(ada, title="Quiet")
    loved = create_artwork(ada, title="Loved")
    liked = create_artwork(ada, title="Liked")
    old_favourite = create_artwork(ada, title="Old news")
    for fan in (UserFactory() for _ in range(3)):
        favourites.favourite(fan, loved)
    favourites.favourite(UserFactory(), liked)
    for fan in (UserFactory() for _ in range(5)):
        favourites.favourite(fan, old_favourite)
    Favourite.objects.filter(artwork=old_favourite).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    call_command("refresh_favourite_counts")

    page = client.get("/gallery/?sort=favourites").content.decode()
    assert "Most favourited this week" in page
    order = [page.index(title) for title in ("Loved", "Liked", "Old news", "Quiet")]
    # Old news and Quiet have none this week: newest first among equals.
    assert order[0] < order[1] < min(order[2], order[3])
    assert page.index("Old news") < page.index("Quiet")


def test_the_weekly_order_pages_and_offers_neighbours(client, ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.ARTWORKS_PER_PAGE = 2
    works = [create_artwork(ada, title=f"Work {number}") for number in range(3)]
    favourites.favourite(UserFactory(), works[0])
    first = client.get("/gallery/?sort=favourites").content.decode()
    assert first.index("Work 0") < first.index("Work 2")
    assert "Work 1" not in first
    second = client.get("/gallery/?sort=favourites&page=2").content.decode()
    assert "Work 1" in second
    # From the gallery in this order, Work 2 comes after Work 0 and before Work 1.
    page = client.get(f"{works[2].get_absolute_url()}?from=gallery&sort=favourites").content
    page = page.decode()
    assert f'href="{works[0].get_absolute_url()}?from=gallery&amp;sort=favourites" rel="prev"' in (
        page
    )
    assert f'href="{works[1].get_absolute_url()}?from=gallery&amp;sort=favourites" rel="next"' in (
        page
    )


# --- /my/favourites/ ---------------------------------------------------------------------------


def test_favourites_page_needs_a_log_in(client):
    response = client.get("/my/favourites/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_favourites_page_invites_a_member_without_favourites(client, member):
    assert "You have no favourites yet." in client.get("/my/favourites/").content.decode()


def test_favourites_page_shows_only_public_work_of_active_members(client, member, ada):
    bob = UserFactory(username="bob")
    public = create_artwork(ada, title="Ada public")
    hidden = create_artwork(ada, title="Ada hidden")
    suspended = create_artwork(bob, title="Bob suspended")
    create_artwork(ada, title="Not a favourite")
    for work in (public, hidden, suspended):
        favourites.favourite(member, work)
    Artwork.objects.filter(pk=hidden.pk).update(status=Artwork.Status.HIDDEN)
    bob.is_active = False
    bob.save()
    page = client.get("/my/favourites/").content.decode()
    assert "Ada public" in page
    for absent in ("Ada hidden", "Bob suspended", "Not a favourite"):
        assert absent not in page
    assert 'aria-pressed="true"' in page


def test_favourites_page_is_newest_first_and_paginated(client, member, ada, settings):
    settings.ARTWORKS_PER_PAGE = 2
    works = [create_artwork(ada, title=f"Work {number}") for number in range(3)]
    for work in works:
        favourites.favourite(member, work)
    # Favourited in the order 2, 0, 1: the page follows the favourites, not the works.
    for minutes, work in zip((3, 2, 1), (works[2], works[0], works[1]), strict=True):
        Favourite.objects.filter(artwork=work).update(
            created_at=timezone.now() - timedelta(minutes=minutes)
        )
    first = client.get("/my/favourites/").content.decode()
    assert first.index("Work 1") < first.index("Work 0")
    assert "Work 2" not in first
    assert 'rel="next"' in first
    second = client.get("/my/favourites/?page=2").content.decode()
    assert "Work 2" in second and "Work 1" not in second
    assert "nothing on page 9" in client.get("/my/favourites/?page=9").content.decode()


def test_favourites_given_at_the_same_moment_page_without_repeats(client, member, ada, settings):
    """Ties on the time are broken by the latest favourite first, as the favourites' index
    is ordered: each work appears once across the pages."""
    settings.ARTWORKS_PER_PAGE = 2
    works = [create_artwork(ada, title=f"Work {number}") for number in range(5)]
    for work in works:
        favourites.favourite(member, work)
    Favourite.objects.filter(member=member).update(created_at=timezone.now())
    shown = []
    for page in (1, 2, 3):
        html = client.get(f"/my/favourites/?page={page}").content.decode()
        shown += [work.title for work in reversed(works) if f">{work.title}<" in html]
    assert shown == [f"Work {number}" for number in (4, 3, 2, 1, 0)]


def test_the_member_menu_links_to_the_favourites_page(client, member):
    assert 'href="/my/favourites/"' in client.get("/gallery/").content.decode()


# --- Query cost --------------------------------------------------------------------------------


def add_works(count, artist, template):
    Artwork.objects.bulk_create(
        Artwork(title=f"Bulk {number}", image_id=template.image_id, artist=artist, alt_text="A")
        for number in range(count)
    )


def add_favourites(member, works):
    """Favourites the quick way, counters included (the service is one work at a time)."""
    Favourite.objects.bulk_create(Favourite(member=member, artwork=work) for work in works)


def favourites_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/my/favourites/")
    assert response.status_code == 200
    return len(queries)


def test_favourites_page_costs_the_same_for_5_and_500_favourites(client, member, ada):
    template = create_artwork(ada, title="Template")
    add_works(499, ada, template)
    works = list(Artwork.objects.order_by("pk"))
    add_favourites(member, works[:5])
    client.get("/my/favourites/")
    with_5 = favourites_page_queries(client)
    add_favourites(member, works[5:])
    client.get("/my/favourites/")
    with_500 = favourites_page_queries(client)
    assert with_5 == with_500
    # Session, member, the page of favourites with their works and artists, the works'
    # renditions, and the menu's bits.
    assert with_5 <= 6, with_5


def test_member_pages_with_hearts_cost_the_same_whatever_the_favourites(
    client, member, ada, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    template = create_artwork(ada, title="Template", tags="ink")
    urls = {
        "gallery": "/gallery/",
        "artist": ada.get_absolute_url(),
        "artwork": template.get_absolute_url(),
    }

    def measure():
        result = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[name] = len(queries)
        return result

    add_works(4, ada, template)
    add_favourites(member, Artwork.objects.all()[:3])
    with_5 = measure()
    add_works(495, ada, template)
    add_favourites(member, Artwork.objects.exclude(favourites__member=member))
    with_500 = measure()
    # One query for all the hearts of a page, whatever their number: "which of these works
    # has the member favourited". The pages' whole budget for members is pinned in
    # tests/test_performance.py (MEMBER_QUERY_LIMITS).
    assert with_5 == with_500
    for name, limit in MEMBER_QUERY_LIMITS.items():
        if name in with_500:
            assert with_500[name] <= limit, name


def test_the_cached_grid_follows_the_weekly_order_and_every_heart_keeps_its_token(
    client, member, ada
):
    earlier = create_artwork(ada, title="Earlier")
    later = create_artwork(ada, title="Later")
    first = client.get("/gallery/?sort=favourites").content.decode()
    assert first.index("Later") < first.index("Earlier")
    favourites.favourite(UserFactory(), earlier)  # no public content version moved
    # The member's whole page, kept for them, follows the order when it is built again
    # (as visitors' pages do, core.member_pages); the grid inside it follows at once.
    member_content_changed(member.pk)
    page = client.get("/gallery/?sort=favourites").content.decode()
    assert page.index("Earlier") < page.index("Later")
    for work in (earlier, later):
        assert f'id="favourite-{work.pk}"' in page
        assert 'name="csrfmiddlewaretoken" value="' in page
        assert page.count(f'form="favourite-{work.pk}"') == 2
