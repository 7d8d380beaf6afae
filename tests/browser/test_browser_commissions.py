"""Commissions in Chromium on a phone: an artist opens for commissions from their profile, a
member sends a request from the artist's page, the artist gets it by email and blocks the
sender from their commissions page, and the sender is then refused."""

import re

import pytest
from playwright.sync_api import Page, expect

from django.core import mail

from commissions.models import CommissionBlock, CommissionRequest
from tests.browser.test_browser import log_in, messages, nav
from tests.factories import UserFactory, create_artwork

ADA_ADDRESS = "ada.private@example.com"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def follow_script_ready(page: Page):
    """The artist page's deferred in-place.js has run (it marks its form): nothing on the page
    changes under a click after this."""
    page.locator("form[data-follow][data-follow-ready]").first.wait_for(state="attached")


def fits_the_screen(page: Page):
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_an_artist_opens_commissions_receives_a_request_and_blocks_its_sender(phone):
    ada = UserFactory(username="ada", display_name="Ada Lovelace", email=ADA_ADDRESS)
    create_artwork(ada, title="Analytical engine")
    UserFactory(username="grace", display_name="Grace Hopper", email="grace@example.com")

    # The artist opens for commissions: menu → Profile → Commissions.
    artist = phone()
    log_in(artist, "ada")
    nav(artist).locator("summary", has_text="Menu").click()
    nav(artist).get_by_role("link", name="Profile").click()
    artist.get_by_role("main").get_by_role("link", name="Commissions").click()
    expect(artist).to_have_url(re.compile(r"/my/commissions/$"))
    artist.get_by_label("Open for commissions").check()
    artist.get_by_label("About your commissions").fill("Portraits of engines, about six weeks.")
    artist.get_by_role("button", name="Save commission settings").click()
    expect(messages(artist)).to_contain_text(
        "Saved. Your artist page says you are open for commissions."
    )
    assert fits_the_screen(artist)

    # A member finds the box on the artist's page and sends a request.
    sender = phone()
    log_in(sender, "grace")
    sender.goto("/artists/ada/")
    box = sender.get_by_role("region", name="Open for commissions")
    expect(box).to_contain_text("Portraits of engines, about six weeks.")
    follow_script_ready(sender)
    box.get_by_role("button", name="Request a commission from Ada Lovelace").click()
    expect(sender).to_have_url(re.compile(r"/my/commissions/request/ada/$"))
    sender.get_by_label("Subject").fill("A portrait of our compiler")
    sender.get_by_label("Message").fill("Oil on canvas, about 40 x 50 cm.")
    sender.get_by_label("Budget").fill("€400")
    assert fits_the_screen(sender)
    sender.get_by_role("button", name="Send request").click()
    expect(sender).to_have_url(re.compile(r"/my/commissions/$"))
    expect(messages(sender)).to_contain_text("Your request is on its way to Ada Lovelace.")
    assert ADA_ADDRESS not in sender.content()

    # The artist has it by email, with the sender's address to reply to.
    [email] = mail.outbox
    assert email.to == [ADA_ADDRESS]
    assert email.reply_to == ["grace@example.com"]
    assert "Oil on canvas, about 40 x 50 cm." in email.body

    # The artist blocks the sender from their commissions page.
    artist.goto("/my/commissions/")
    request = artist.get_by_role("article", name="A portrait of our compiler")
    expect(request).to_contain_text("From Grace Hopper (@grace)")
    request.get_by_role("button", name="Block Grace Hopper").click()
    expect(messages(artist)).to_contain_text("You have blocked Grace Hopper")
    expect(artist.get_by_role("button", name="Unblock Grace Hopper")).to_be_visible()
    assert CommissionBlock.objects.filter(artist=ada, blocked_member__username="grace").exists()
    assert fits_the_screen(artist)

    # The sender is refused, told only that this artist takes no requests from them.
    sender.goto("/my/commissions/request/ada/")
    expect(sender.get_by_role("alert")).to_have_text("This artist is not taking requests from you.")
    expect(sender.get_by_role("button", name="Send request")).to_have_count(0)
    assert len(mail.outbox) == 1 and CommissionRequest.objects.count() == 1
