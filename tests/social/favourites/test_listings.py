"""The gallery's "Most favourited this week", the member's Favourites page, and their query cost."""

from datetime import timedelta

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from artworks.models import Artwork
from core.member_pages import member_content_changed
from social import favourites
from social.models import Favourite
from tests.factories import UserFactory, create_artwork
from tests.site.performance.helpers import MEMBER_QUERY_LIMITS

pytestmark = pytest.mark.django_db


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
    # tests/site/performance/helpers.py (MEMBER_QUERY_LIMITS).
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
