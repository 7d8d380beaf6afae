"""Notifications in Chromium on a phone: a member follows an artist; the artist sees the bell's
count in the header, opens their notifications and marks them read."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import log_in
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def header(page: Page):
    return page.get_by_role("banner")


def no_sideways_scroll(page: Page):
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_an_artist_sees_a_new_follower_by_the_bell_and_marks_it_read(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace", display_name="Grace Hopper")
    create_artwork(ada, title="Analytical engine")

    # Grace follows Ada from her page (the script posts the form without a reload).
    grace = phone()
    log_in(grace, "grace")
    grace.goto("/artists/ada/")
    expect(header(grace).get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    grace.locator("form[data-follow][data-follow-ready]").first.wait_for(state="attached")
    follow = grace.get_by_role("main").get_by_role(
        "button", name=re.compile(r"^Follow(ing)? Ada Lovelace$")
    )
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")

    # Ada sees the count on the bell, beside the menu button, without opening the menu.
    artist = phone()
    log_in(artist, "ada")
    bell = header(artist).get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible()
    expect(bell.locator(".nav-bell-count")).to_have_text("1")
    no_sideways_scroll(artist)
    bell.click()
    expect(artist).to_have_url(re.compile(r"/my/notifications/$"))
    expect(artist.get_by_role("heading", level=1)).to_have_text("Notifications")
    item = artist.get_by_role("listitem").filter(has_text="Grace Hopper now follows you")
    expect(item).to_be_visible()
    expect(item).to_contain_text("New")
    no_sideways_scroll(artist)

    # Opening the page marked nothing read; the button does.
    artist.reload()
    expect(header(artist).get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    artist.get_by_role("button", name="Mark all as read").click()
    expect(artist.get_by_text("All your notifications are marked as read.")).to_be_visible()
    expect(header(artist).get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(item).not_to_contain_text("New")
    expect(artist.get_by_role("button", name="Mark all as read")).to_have_count(0)
