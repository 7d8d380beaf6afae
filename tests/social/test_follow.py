"""Following artists: the model's rules, the Follow / Following button, the follower count and
the member's "Following" page."""

import pytest

from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artworks.models import Artwork
from social.models import Follow
from tests.factories import UserFactory, create_artwork
from tests.html import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(username="ada", display_name="Ada Lovelace")


@pytest.fixture
def member(client):
    member = UserFactory(username="grace")
    client.force_login(member)
    return member


def follow_url(artist):
    return f"/my/following/{artist.username}/"


def post_follow(client, artist, action="follow", **extra):
    return client.post(follow_url(artist), {"action": action, **extra.pop("data", {})}, **extra)


# --- The model ---------------------------------------------------------------------------------


def test_a_member_follows_an_artist_once(ada, member):
    Follow.objects.create(follower=member, artist=ada)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, artist=ada)
    assert Follow.objects.count() == 1


def test_the_database_refuses_a_member_following_themselves(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=member, artist=member)
    assert not Follow.objects.exists()


def test_follows_go_with_either_account(ada, member):
    Follow.objects.create(follower=member, artist=ada)
    Follow.objects.create(follower=ada, artist=member)
    ada.delete()
    assert not Follow.objects.exists()


# --- Following and unfollowing -----------------------------------------------------------------


def test_a_member_follows_and_unfollows_and_goes_back_where_they_were(client, ada, member):
    artwork = create_artwork(ada, title="Engine")
    response = post_follow(client, ada, data={"next": artwork.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == artwork.get_absolute_url()
    assert Follow.objects.filter(follower=member, artist=ada).exists()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "You now follow Ada Lovelace." in page
    assert 'aria-pressed="true"' in page
    assert 'value="unfollow"' in page

    response = post_follow(client, ada, "unfollow", data={"next": artwork.get_absolute_url()})
    assert response.status_code == 302
    assert not Follow.objects.exists()
    page = client.get(artwork.get_absolute_url()).content.decode()
    assert "You no longer follow Ada Lovelace." in page
    assert 'aria-pressed="false"' in page


def test_following_twice_keeps_one_follow(client, ada, member):
    post_follow(client, ada)
    post_follow(client, ada)
    assert Follow.objects.count() == 1


def test_the_button_answers_json_when_asked(client, ada, member):
    response = post_follow(client, ada, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "following": True,
        "followers": 1,
        "message": "You now follow Ada Lovelace.",
    }
    response = post_follow(client, ada, "unfollow", HTTP_ACCEPT="application/json")
    assert response.json()["following"] is False
    assert response.json()["followers"] == 0


def test_following_yourself_is_refused_with_a_message(client, member):
    response = post_follow(client, member)
    assert response.status_code == 400
    assert "You cannot follow yourself." in response.content.decode()
    assert not Follow.objects.exists()
    response = post_follow(client, member, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "You cannot follow yourself."}


def test_an_unknown_action_is_refused_with_a_message(client, ada, member):
    response = post_follow(client, ada, "befriend")
    assert response.status_code == 400
    assert "Choose to follow or to unfollow." in response.content.decode()
    assert not Follow.objects.exists()


def test_an_unknown_or_suspended_artist_is_404(client, ada, member):
    ada.is_active = False
    ada.save()
    assert post_follow(client, ada).status_code == 404
    assert client.post("/my/following/nobody/", {"action": "follow"}).status_code == 404
    assert not Follow.objects.exists()


def test_a_member_without_a_confirmed_email_is_asked_to_confirm_it(client, ada):
    unconfirmed = UserFactory(verified_email=False)
    client.force_login(unconfirmed)
    response = post_follow(client, ada)
    assert response.status_code == 403
    assert "Confirm your email" in response.content.decode()
    assert not Follow.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, ada):
    artwork = create_artwork(ada)
    response = post_follow(client, ada, data={"next": artwork.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={artwork.get_absolute_url()}"
    assert not Follow.objects.exists()


def test_a_get_is_not_a_follow(client, ada, member):
    assert client.get(follow_url(ada)).status_code == 405
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_next_never_leads_off_the_site(client, ada, member, next_url):
    response = post_follow(client, ada, data={"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == ada.get_absolute_url()


def test_follows_beyond_the_rate_limit_get_429_and_change_nothing(client, ada, member, settings):
    settings.FOLLOW_RATE_LIMIT = "2/h"
    post_follow(client, ada)
    post_follow(client, ada, "unfollow")
    response = post_follow(client, ada)
    assert response.status_code == 429
    assert "many artists in a short time" in response.content.decode()
    assert not Follow.objects.exists()
    assert post_follow(client, ada, HTTP_ACCEPT="application/json").status_code == 429


def test_csrf_is_required(ada, member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(follow_url(ada), {"action": "follow"}).status_code == 403
    assert not Follow.objects.exists()


# --- The button on the pages -------------------------------------------------------------------


def test_no_button_for_yourself(client, member):
    artwork = create_artwork(member)
    assert "follow-button" not in client.get(artwork.get_absolute_url()).content.decode()
    assert "follow-button" not in client.get(member.get_absolute_url()).content.decode()


def test_anonymous_visitors_get_a_log_in_link_and_one_cached_page(ada):
    artwork = create_artwork(ada)
    first, second = Client(), Client()
    for url in (artwork.get_absolute_url(), ada.get_absolute_url()):
        miss = first.get(url)
        hit = second.get(url)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
        assert miss.content == hit.content
        page = hit.content.decode()
        assert f'href="/accounts/login/?next={url}"' in page
        assert "csrfmiddlewaretoken" not in page


def test_members_pages_with_the_button_are_never_cached(client, ada, member):
    artwork = create_artwork(ada)
    for url in (artwork.get_absolute_url(), ada.get_absolute_url()):
        response = client.get(url)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert 'action="/my/following/ada/"' in response.content.decode()


def test_the_artist_page_counts_followers(client, ada, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    create_artwork(ada)
    assert "0 followers" in client.get(ada.get_absolute_url()).content.decode()
    Follow.objects.create(follower=UserFactory(), artist=ada)
    assert "1 follower<" in client.get(ada.get_absolute_url()).content.decode()
    Follow.objects.bulk_create(Follow(follower=UserFactory(), artist=ada) for _ in range(4))
    assert "5 followers" in client.get(ada.get_absolute_url()).content.decode()


# --- /my/following/ ----------------------------------------------------------------------------


def test_following_page_needs_a_log_in(client):
    response = client.get("/my/following/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_following_page_invites_a_member_who_follows_nobody(client, member):
    page = client.get("/my/following/").content.decode()
    assert "You do not follow anyone yet." in page


def test_following_page_shows_only_listed_public_work_of_active_followed_artists(
    client, ada, member
):
    bob = UserFactory(username="bob", display_name="Bob Ross")
    stranger = UserFactory(username="stranger")
    create_artwork(ada, title="Ada public")
    create_artwork(ada, title="Ada hidden", status=Artwork.Status.HIDDEN)
    create_artwork(ada, title="Ada held", status=Artwork.Status.HELD)
    unlisted = create_artwork(ada, title="Ada unlisted")
    Artwork.objects.filter(pk=unlisted.pk).update(visibility=Artwork.Visibility.UNLISTED)
    create_artwork(bob, title="Bob suspended")
    create_artwork(stranger, title="Not followed")
    Follow.objects.create(follower=member, artist=ada)
    Follow.objects.create(follower=member, artist=bob)
    bob.is_active = False
    bob.save()

    page = client.get("/my/following/").content.decode()
    assert "Ada public" in page
    for absent in ("Ada hidden", "Ada held", "Ada unlisted", "Bob suspended", "Not followed"):
        assert absent not in page
    # The artists followed, each with its Unfollow button; a suspended one is not named.
    assert "Artists you follow" in page
    assert 'action="/my/following/ada/"' in page
    assert "Bob Ross" not in page


def test_following_page_is_newest_first_and_paginated(client, ada, member, settings):
    settings.ARTWORKS_PER_PAGE = 2
    for number in range(3):
        create_artwork(ada, title=f"Work {number}")
    Follow.objects.create(follower=member, artist=ada)
    first = client.get("/my/following/").content.decode()
    assert first.index("Work 2") < first.index("Work 1")
    assert "Work 0" not in first
    assert 'rel="next"' in first
    second = client.get("/my/following/?page=2").content.decode()
    assert "Work 0" in second and "Work 2" not in second
    assert "nothing on page 9" in client.get("/my/following/?page=9").content.decode()


def test_each_artist_on_the_following_page_has_a_following_button_that_unfollows(
    client, ada, member
):

    zoe = UserFactory(username="zoë.k+1@x", display_name="Zoë K")
    for artist in (ada, zoe):
        Follow.objects.create(follower=member, artist=artist)
    document = soup(client.get("/my/following/?page=1"))
    items = document.select(".following-list li")
    assert [item.a.get_text() for item in items] == ["Zoë K", "Ada Lovelace"]
    for item, artist in zip(items, (zoe, ada), strict=True):
        assert item.a["href"] == artist.get_absolute_url()
        form = item.form
        assert form["data-follow"] == "" and form.button["aria-pressed"] == "true"
        assert form.button.get_text(" ", strip=True) == f"Following {artist.public_name}"
        fields = {field["name"]: field["value"] for field in form.select("input")}
        assert fields["next"] == "/my/following/?page=1" and fields["action"] == "unfollow"
        assert "csrfmiddlewaretoken" in fields
        response = client.post(form["action"], {"action": fields["action"]})
        assert response.status_code == 302
    assert not Follow.objects.filter(follower=member).exists()


def names_listed(response):
    return [item.a.get_text() for item in soup(response).select(".following-list li")]


def test_the_following_page_names_the_artists_followed_last_and_pages_through_them_all(
    client, member, settings
):
    settings.FOLLOWED_ARTISTS_SHOWN = settings.FOLLOWED_ARTISTS_PER_PAGE = 2
    artists = [UserFactory(display_name=name) for name in ("Ana", "Ben", "Cleo")]
    for artist in artists:
        Follow.objects.create(follower=member, artist=artist)

    following = client.get("/my/following/")
    assert names_listed(following) == ["Cleo", "Ben"]
    link = soup(following).find("a", string=lambda text: "All the artists you follow" in text)
    assert link["href"] == "?show=artists"

    first = client.get("/my/following/?show=artists")
    assert first.status_code == 200
    assert names_listed(first) == ["Cleo", "Ben"]
    assert soup(first).select_one('a[rel="next"]')["href"] == "?show=artists&page=2"
    second = client.get("/my/following/?show=artists&page=2")
    assert names_listed(second) == ["Ana"]
    assert soup(second).select_one('a[rel="prev"]')["href"] == "?show=artists&page=1"
    assert not soup(second).select('a[rel="next"]')
    beyond = client.get("/my/following/?show=artists&page=9").content.decode()
    assert "nothing on page 9" in beyond and 'href="?show=artists&amp;page=1"' in beyond

    # Unfollowing from a page of the list comes back to that page, one artist fewer.
    form = soup(second).select_one(".following-list form")
    assert form.select_one('input[name="next"]')["value"] == "/my/following/?show=artists&page=2"
    response = client.post(
        form["action"], {"action": "unfollow", "next": "/my/following/?show=artists&page=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/my/following/?show=artists&page=2"
    assert names_listed(client.get("/my/following/?show=artists")) == ["Cleo", "Ben"]
    assert "All the artists you follow" not in client.get("/my/following/").content.decode()


def test_the_whole_list_of_artists_followed_is_for_its_member_only(client, member):
    empty = client.get("/my/following/?show=artists").content.decode()
    assert "Artists you follow" in empty and "You do not follow anyone yet." in empty
    client.logout()
    response = client.get("/my/following/?show=artists")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_following_list_shows_the_same_button_as_the_artist_page(client, member):
    """One form for both (social/follow_form.html): the list's button for an artist is the
    one their work's page shows a follower, posting to the same address (for a username
    that needs quoting, too), only coming back to the list."""

    zoe = UserFactory(username="zoë.k+1@x", display_name="Zoë K")
    artwork = create_artwork(zoe, title="Zoë's field")
    Follow.objects.create(follower=member, artist=zoe)

    def button(url):
        document = soup(client.get(url))
        form = document.select_one(f'form[data-follow][action="{follow_url}"]')
        fields = {field["name"]: field["value"] for field in form.select("input")}
        return form.button.get_text(" ", strip=True), form.button["class"], fields

    follow_url = reverse("follow_artist", args=[zoe.username])
    on_list, on_page = button("/my/following/"), button(artwork.get_absolute_url())
    assert on_list[:2] == on_page[:2] == ("Following Zoë K", ["follow-button", "secondary"])
    assert on_list[2]["action"] == on_page[2]["action"] == "unfollow"
    assert on_list[2]["next"] == "/my/following/"


def test_the_member_menu_links_to_the_following_page(client, member):
    assert 'href="/my/following/"' in client.get("/gallery/").content.decode()


# --- Query cost --------------------------------------------------------------------------------


def following_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/my/following/")
    assert response.status_code == 200
    return len(queries)


def test_following_page_costs_the_same_for_5_and_500_follows_and_works(client, member):
    template = create_artwork(UserFactory(), title="Template")

    def add(count):
        artists = [UserFactory.build() for _ in range(count)]
        for artist in artists:
            artist.set_unusable_password()
        artists = type(member).objects.bulk_create(artists)
        Follow.objects.bulk_create(Follow(follower=member, artist=a) for a in artists)
        Artwork.objects.bulk_create(
            Artwork(title=f"Bulk {a.pk}", image_id=template.image_id, artist=a, alt_text="A work")
            for a in artists
        )

    add(5)
    client.get("/my/following/")  # section URLs are looked up once per change of content
    with_5 = following_queries(client)
    add(495)
    client.get("/my/following/")
    with_500 = following_queries(client)
    assert with_5 == with_500
    # Eight queries today (session, member, the page of works and their renditions, the
    # artists followed, the header's unread notifications count...), the same with 5 follows
    # or 500.
    assert with_5 <= 8, with_5


def test_artist_and_artwork_pages_cost_the_same_for_5_and_500_followers(client, ada, member):
    artwork = create_artwork(ada)

    def add(count):
        followers = type(member).objects.bulk_create(UserFactory.build() for _ in range(count))
        Follow.objects.bulk_create(Follow(follower=f, artist=ada) for f in followers)

    def counts():
        result = []
        for url in (ada.get_absolute_url(), artwork.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    add(5)
    client.get("/")
    with_5 = counts()
    add(495)
    client.get("/")
    with_500 = counts()
    assert with_5 == with_500
