"""Browser journeys for trust and moderation: a member reports a profile from their phone, a
moderator clears what is wrong in the admin, and a visitor on a phone sees the result; a
moderator's bulk deactivation leaves staff alone."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth.models import Group
from django.utils import timezone

from tests.browser.test_browser import log_in, messages
from tests.browser.test_browser_curation import admin_log_in
from tests.factories import UserFactory, create_artwork

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A second person's phone: its own cookies, a 390 × 844 screen, no other host."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def moderator(username="mod"):
    member = UserFactory(username=username, display_name="Mo Derator")
    member.groups.add(Group.objects.get(name="Moderators"))
    return member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_profile_reported_from_a_phone_is_cleared_by_a_moderator(
    page: Page, phone: Page, tmp_path, screenshot
):
    faker = UserFactory(
        username="faker", display_name="Famous Painter", bio="Buy my painting course today"
    )
    create_artwork(faker, title="Borrowed Light")
    UserFactory(username="watcher", date_joined=timezone.now() - timedelta(days=60))
    moderator()

    # A member reports the profile from their phone.
    log_in(phone, "watcher")
    phone.goto("/artists/faker/")
    expect(phone.get_by_text("Buy my painting course today")).to_be_visible()
    phone.get_by_role("link", name="Report this profile").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Report the profile of Famous Painter"
    )
    phone.get_by_label("It is spam or advertising").check()
    phone.get_by_label("Message").fill("The bio sells a course.")
    phone.get_by_role("button", name="Send report").click()
    expect(phone).to_have_url(re.compile(r"/artists/faker/$"))
    expect(messages(phone)).to_contain_text("Thank you. A moderator will look at your report.")
    phone.screenshot(path=str(tmp_path / "phone-reported.png"), full_page=True)

    # The moderator finds it grouped under the profile and clears the bio only.
    admin_log_in(page, "mod")
    page.goto("/admin/snippets/reports/report/")
    report_link = page.get_by_role("link", name="Profile of Famous Painter")
    expect(report_link).to_be_visible()
    expect(page.get_by_text("1 open report on this profile")).to_be_visible()
    report_link.click()
    expect(page).to_have_url(re.compile(rf"/admin/users/edit/{faker.pk}/$"))
    page.get_by_label("Clear the bio").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("updated")).to_be_visible()
    page.goto("/admin/snippets/reports/report/")
    expect(page.locator("#listing-results").get_by_text("Resolved")).to_be_visible()
    screenshot("moderator-cleared-bio")

    # Anyone on a phone now sees the artist and their work, without the bio.
    phone.goto("/artists/faker/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Famous Painter")
    expect(phone.get_by_text("Borrowed Light", exact=True)).to_be_visible()
    expect(phone.get_by_text("Buy my painting course today")).to_have_count(0)
    phone.screenshot(path=str(tmp_path / "phone-after.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moderator_bulk_deactivation_leaves_staff_and_moderators_alone(page: Page, screenshot):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    other_moderator = moderator("mod2")
    spammer = UserFactory(username="spammer", display_name="Spam Bot")
    create_artwork(spammer, title="Spam Poster")
    moderator()
    admin_log_in(page, "mod")

    # Wagtail's "Set active state" bulk action, for the whole listing at once.
    page.goto(
        "/admin/bulk/members/user/set_active_state/"
        f"?id={admin.pk}&id={other_moderator.pk}&id={spammer.pk}&next=/admin/users/"
    )
    page.get_by_label("Inactive").check()
    page.get_by_role("button", name=re.compile("Yes")).click()
    expect(page.get_by_text("1 user has been marked as inactive")).to_be_visible()
    screenshot("bulk-deactivated")

    for member, active in ((admin, True), (other_moderator, True), (spammer, False)):
        member.refresh_from_db()
        assert member.is_active is active, member.username
    response = page.goto("/artists/spammer/")
    assert response.status == 404
