"""Favourites in Chromium on a phone: hearting a work from its gallery card and from its
page, finding both on the Favourites page and taking one off again; and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from social.models import Favourite
from tests.browser.test_browser import log_in, nav
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def favourite_script_ready(page: Page):
    """static/js/in-place.js is deferred: a click before it runs posts the form the plain
    way."""
    page.locator("form[data-favourite][data-favourite-ready]").first.wait_for(state="attached")


def heart(page: Page, title):
    return page.get_by_role("main").get_by_role("button", name=f"Favourite {title}")


def favourited_titles():
    return set(Favourite.objects.values_list("artwork__title", flat=True))


def test_a_member_hearts_works_on_a_card_and_a_page_and_finds_them_in_favourites(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace")
    create_artwork(ada, title="Engine")
    loom = create_artwork(ada, title="Loom")
    page = phone()
    log_in(page, "grace")
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))

    # A heart on the gallery card: pressed in place, no reload, the count goes up.
    page.goto("/gallery/")
    card_heart = heart(page, "Engine")
    expect(card_heart).to_have_attribute("aria-pressed", "false")
    favourite_script_ready(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    card_heart.click()
    expect(card_heart).to_have_attribute("aria-pressed", "true")
    expect(
        page.locator("form:has(> button[aria-pressed='true']) [data-favourite-count]")
    ).to_have_text("1")
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert favourited_titles() == {"Engine"}
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0

    # The heart on a work's own page, with its count.
    page.goto(loom.get_absolute_url())
    page_heart = heart(page, "Loom")
    expect(page_heart).to_have_attribute("aria-pressed", "false")
    favourite_script_ready(page)
    page_heart.click()
    expect(page_heart).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".favourite-main [data-favourite-count]")).to_have_text("1")
    assert favourited_titles() == {"Engine", "Loom"}

    # The member menu leads to the Favourites page, with both works, hearts pressed.
    nav(page).locator("summary", has_text="Menu").click()
    nav(page).get_by_role("link", name="Favourites").click()
    expect(page).to_have_url(re.compile(r"/my/favourites/$"))
    for title in ("Engine", "Loom"):
        expect(page.get_by_role("link", name=title, exact=True).first).to_be_visible()
        expect(heart(page, title)).to_have_attribute("aria-pressed", "true")

    # Un-heart one there; it is gone from the page once it is reloaded.
    favourite_script_ready(page)
    heart(page, "Engine").click()
    expect(heart(page, "Engine")).to_have_attribute("aria-pressed", "false")
    assert favourited_titles() == {"Loom"}
    page.reload()
    expect(page.get_by_role("link", name="Engine", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Loom", exact=True).first).to_be_visible()


def test_the_hearts_work_without_javascript(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    UserFactory(username="grace")
    create_artwork(ada, title="Engine")
    page = phone(javascript=False)
    log_in(page, "grace")
    expect(page).to_have_url(re.compile(r"/my/artworks/$"))
    page.goto("/gallery/")
    heart(page, "Engine").click()
    expect(page).to_have_url(re.compile(r"/gallery/$"))
    expect(page.get_by_text("“Engine” is in your favourites.")).to_be_visible()
    expect(heart(page, "Engine")).to_have_attribute("aria-pressed", "true")
    heart(page, "Engine").click()
    expect(page.get_by_text("“Engine” is no longer in your favourites.")).to_be_visible()
    expect(heart(page, "Engine")).to_have_attribute("aria-pressed", "false")
    assert not Favourite.objects.exists()
