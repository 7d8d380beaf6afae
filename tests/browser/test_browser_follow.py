"""Following an artist in Chromium on a phone: from the artwork page, through log-in, to the
"Following" page, and back out again; with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from social.models import Follow
from tests.browser.test_browser import log_in, nav
from tests.factories import PASSWORD, UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def follow_script_ready(page: Page):
    """static/js/in-place.js is deferred: a click before it runs posts the form the plain way."""
    page.locator("form[data-follow][data-follow-ready]").first.wait_for(state="attached")


def follow_button(page: Page, name):
    return page.get_by_role("main").get_by_role(
        "button", name=re.compile(rf"^Follow(ing)? {name}$")
    )


def test_a_member_follows_from_the_artwork_page_and_sees_the_work_on_following(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace")
    artwork = create_artwork(ada, title="Analytical engine")
    page = phone()

    # A visitor's "Follow" leads to log-in, and back to the work afterwards.
    page.goto(artwork.get_absolute_url())
    page.get_by_role("main").get_by_role("button", name="Follow Ada Lovelace").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(artwork.get_absolute_url()) + "$"))

    # Follow, without a reload: the same button now says "Following" and is pressed.
    button = follow_button(page, "Ada Lovelace")
    expect(button).to_have_attribute("aria-pressed", "false")
    follow_script_ready(page)
    page.evaluate("window.stillTheSamePage = true")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text("Following Ada Lovelace")
    assert Follow.objects.filter(follower__username="grace", artist=ada).exists()
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    # The member menu leads to the Following page, which shows the work.
    nav(page).locator("summary", has_text="Menu").click()
    nav(page).get_by_role("link", name="Following").click()
    expect(page).to_have_url(re.compile(r"/my/following/$"))
    expect(page.get_by_role("link", name="Analytical engine", exact=True).first).to_be_visible()

    # Unfollow from the list of artists followed.
    unfollow = follow_button(page, "Ada Lovelace")
    expect(unfollow).to_have_text("Following Ada Lovelace")
    follow_script_ready(page)
    page.evaluate("window.stillTheSamePage = true")
    unfollow.click()
    expect(unfollow).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.stillTheSamePage") is True
    assert not Follow.objects.exists()


def test_following_works_without_javascript(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace")
    create_artwork(ada, title="Analytical engine")
    page = phone(javascript=False)
    log_in(page, "grace")
    page.goto("/artists/ada/")
    expect(page.get_by_text("0 followers")).to_be_visible()
    follow_button(page, "Ada Lovelace").click()
    expect(page).to_have_url(re.compile(r"/artists/ada/$"))
    expect(page.get_by_text("You now follow Ada Lovelace.")).to_be_visible()
    expect(page.get_by_text("1 follower", exact=True)).to_be_visible()
    expect(follow_button(page, "Ada Lovelace")).to_have_attribute("aria-pressed", "true")
    follow_button(page, "Ada Lovelace").click()
    expect(page.get_by_text("You no longer follow Ada Lovelace.")).to_be_visible()
    assert not Follow.objects.exists()


def test_a_member_opens_every_artist_they_follow_and_unfollows_one(phone, settings):
    settings.FOLLOWED_ARTISTS_SHOWN = 2  # the Following page names the last two followed
    grace = UserFactory(username="grace")
    for name in ("Ana Ruiz", "Ben Okri", "Cleo Park"):
        Follow.objects.create(follower=grace, artist=UserFactory(display_name=name))
    page = phone()
    log_in(page, "grace")

    page.goto("/my/following/")
    artists = page.locator(".following-list li")
    expect(artists).to_have_count(2)
    expect(artists.first).to_contain_text("Cleo Park")
    page.get_by_role("link", name=re.compile("All the artists you follow")).click()

    expect(page).to_have_url(re.compile(r"/my/following/\?show=artists$"))
    expect(page.get_by_role("heading", name="Artists you follow", level=1)).to_be_visible()
    expect(artists).to_have_count(3)
    expect(artists.last).to_contain_text("Ana Ruiz")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    follow_script_ready(page)
    follow_button(page, "Ana Ruiz").click()
    expect(follow_button(page, "Ana Ruiz")).to_have_attribute("aria-pressed", "false")
    followed = Follow.objects.filter(follower=grace).values_list("artist__display_name", flat=True)
    assert sorted(followed) == ["Ben Okri", "Cleo Park"]
    page.get_by_role("link", name="Following", exact=False).filter(has_text="←").click()
    expect(page).to_have_url(re.compile(r"/my/following/$"))
    expect(page.locator(".following-list li")).to_have_count(2)
    expect(page.get_by_role("link", name=re.compile("All the artists you follow"))).to_have_count(0)
