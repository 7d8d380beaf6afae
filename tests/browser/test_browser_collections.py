"""Collections in Chromium on a phone: a member collects a work from its page into a new
collection, writes a note, reorders, makes the collection public; a visitor finds it on the
member's artist page and opens it."""

import re

import pytest
from playwright.sync_api import Page, expect

from social.models import Collection, CollectionItem
from tests.browser.test_browser import log_in, nav
from tests.factories import UserFactory, create_artwork

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def scripts_ready(page: Page):
    """The page's deferred scripts have run (in-place.js marks its form): a click before then
    could race them. The collection forms themselves need no script."""
    page.locator("form[data-follow][data-follow-ready]").first.wait_for(state="attached")


def no_sideways_scroll(page: Page):
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_member_builds_a_public_collection_that_a_visitor_finds(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    grace = UserFactory(username="grace", display_name="Grace Hopper")
    first = create_artwork(ada, title="Analytical engine")
    second = create_artwork(ada, title="Difference engine")
    # Grace shows work of her own, so she has an artist page for the collection to be on.
    create_artwork(grace, title="Compiler")
    page = phone()
    log_in(page, "grace")

    # From the first work's page: a new collection, with a note.
    page.goto(first.get_absolute_url())
    scripts_ready(page)
    page.get_by_text("Add to collection").click()
    page.get_by_label("Name for a new collection").fill("Engines <b>of</b> thought")
    page.get_by_label("Note").fill("Where it all began.")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(first.get_absolute_url()) + "$"))
    expect(page.get_by_text("Added to “Engines <b>of</b> thought”.")).to_be_visible()

    # The second work into the same collection, chosen from the list.
    page.goto(second.get_absolute_url())
    scripts_ready(page)
    page.get_by_text("Add to collection").click()
    expect(page.get_by_label("Collection", exact=True)).to_have_value(
        str(Collection.objects.get().pk)
    )
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Added to “Engines <b>of</b> thought”.")).to_be_visible()
    assert CollectionItem.objects.count() == 2

    # The member menu leads to the collections; the second work moves to the top.
    nav(page).locator("summary", has_text="Menu").click()
    nav(page).get_by_role("link", name="Collections").click()
    expect(page).to_have_url(re.compile(r"/my/collections/$"))
    page.get_by_role("link", name="Engines <b>of</b> thought").click()
    page.get_by_role("button", name="Move up “Difference engine”").click()
    expect(page.get_by_text("Work moved up.")).to_be_visible()
    titles = page.locator(".collection-editor h3")
    expect(titles).to_have_text(["Difference engine", "Analytical engine"])
    page.get_by_label("Note on “Difference engine”").fill("The one before.")
    page.get_by_role("button", name="Save note on “Difference engine”").click()
    expect(page.get_by_text("Note saved.")).to_be_visible()
    no_sideways_scroll(page)

    # Made public.
    page.get_by_label("Public").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Collection saved.")).to_be_visible()
    collection = Collection.objects.get()
    assert collection.is_public

    # A visitor finds it on Grace's artist page and opens it: the works in her order, with
    # her notes, and her name escaped as text.
    visitor = phone()
    visitor.goto("/artists/grace/")
    collections = visitor.get_by_role("region", name="Collections")
    expect(collections.get_by_text("2 works")).to_be_visible()
    collections.get_by_role("link", name="Engines <b>of</b> thought").click()
    expect(visitor).to_have_url(re.compile(re.escape(collection.get_absolute_url()) + "$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Engines <b>of</b> thought")
    expect(visitor.locator(".collection-works h3")).to_have_text(
        ["Difference engine", "Analytical engine"]
    )
    expect(visitor.get_by_text("The one before.")).to_be_visible()
    expect(visitor.get_by_text("Where it all began.")).to_be_visible()
    no_sideways_scroll(visitor)
