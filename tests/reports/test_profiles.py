"""Profiles can be reported and moderators clear what is wrong; reports cannot be weaponised."""

from datetime import timedelta

import pytest

from django.utils import timezone

from artworks.models import Artwork
from reports.models import Report
from tests.factories import UserFactory, create_artwork
from tests.reports.helpers import (
    LISTING,
    THANK_YOU,
    established_member,
    logged_in,
    report_by_members,
    send_report,
)

pytestmark = pytest.mark.django_db


# --- Profiles can be reported; moderators clear what is wrong ----------------------------------


def profile_report_url(member):
    return f"/reports/artist/{member.username}/"


def test_member_reports_a_profile_and_it_waits_for_a_moderator(client, moderator):
    target = UserFactory(username="faker", display_name="Famous Painter", bio="Buy my course")
    create_artwork(target, title="Faker's work")
    reporter = logged_in(UserFactory())
    assert 'href="/reports/artist/faker/"' in reporter.get("/artists/faker/").content.decode()
    form = reporter.get(profile_report_url(target)).content.decode()
    assert "It pretends to be someone else" in form
    response = reporter.post(profile_report_url(target), {"reason": "impersonation"})
    assert response.status_code == 302 and response["Location"] == "/artists/faker/"
    assert THANK_YOU in reporter.get(response["Location"]).content.decode()
    report = Report.objects.get()
    assert report.member == target and report.artwork is None
    # Nothing is hidden by a profile report.
    assert client.get("/artists/faker/").status_code == 200

    page = client.get(LISTING).content.decode()
    assert "Profile of Famous Painter" in page and "1 open report on this profile" in page
    assert f"/admin/users/edit/{target.pk}/" in page


def test_own_profile_cannot_be_reported(member):
    client = logged_in(member)
    response = client.get(profile_report_url(member))
    assert response.status_code == 403
    assert "You cannot report your own profile" in response.content.decode()


def test_moderator_clears_a_bio_and_links_without_deactivating_and_it_is_logged(client, moderator):
    from wagtail.models import ModelLogEntry

    target = UserFactory(
        username="spammer", bio="Cheap pills", link_1="https://spam.example/", location="Here"
    )
    create_artwork(target, title="Still public")
    send_profile = logged_in(UserFactory())
    send_profile.post(profile_report_url(target), {"reason": "spam"})

    edit = client.get(f"/admin/users/edit/{target.pk}/").content.decode()
    assert "Clear the bio" in edit and "Clear the links" in edit
    response = client.post(
        f"/admin/users/edit/{target.pk}/", {"is_active": "on", "clear": ["bio", "links"]}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.bio, target.link_1, target.location) == ("", "", "Here")
    assert target.is_active
    assert "Still public" in client.get("/artists/spammer/").content.decode()
    assert not Report.objects.open().exists()
    entry = ModelLogEntry.objects.get(object_id=str(target.pk), action="members.clear_profile")
    assert entry.user == moderator and entry.data["cleared"] == ["bio", "links"]


def test_the_reporter_whose_report_holds_the_work_is_thanked_not_sent_to_a_404(artwork):
    report_by_members(artwork, 2)
    third = logged_in(established_member())
    response = send_report(third, artwork)
    assert response.status_code == 302
    page = third.get(response["Location"])
    assert page.status_code == 200
    assert THANK_YOU in page.content.decode()
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.HELD


def test_the_artist_is_emailed_when_reports_hold_their_work(
    artwork, django_capture_on_commit_callbacks
):
    from django.core import mail

    report_by_members(artwork, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_report(logged_in(established_member()), artwork)
    assert [message.to for message in mail.outbox] == [[artwork.artist.email]]
    assert "waiting for a moderator" in mail.outbox[0].subject
    assert "Reported work" in mail.outbox[0].body


# --- Reports cannot be weaponised ---------------------------------------------------------------


def test_three_new_accounts_cannot_take_a_work_offline(client, artwork):
    for _ in range(3):
        assert send_report(logged_in(UserFactory()), artwork).status_code == 302
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.PUBLISHED
    assert client.get(artwork.get_absolute_url()).status_code == 200
    # The moderators still see every report.
    assert Report.objects.open().count() == 3


@pytest.mark.parametrize(
    ("fields", "has_published_work", "counts"),
    [
        ({"date_joined_days": 40}, False, True),  # a member of 30 days and more
        ({"date_joined_days": 10}, True, True),  # past 7 days, with published work
        ({"date_joined_days": 10}, False, False),  # past 7 days, no work, under 30 days
        ({"date_joined_days": 3}, True, False),  # too new, whatever their work
        ({"date_joined_days": 40, "verified_email": False}, True, False),  # no confirmed email
    ],
)
def test_who_counts_towards_a_hold(artwork, fields, has_published_work, counts, settings):
    settings.REPORTS_TO_HOLD = 1
    days = fields.pop("date_joined_days")
    reporter = UserFactory(date_joined=timezone.now() - timedelta(days=days), **fields)
    if has_published_work:
        create_artwork(reporter, title="Their own work")
    client = logged_in(reporter)
    if not fields.get("verified_email", True):
        # Without a confirmed email a member cannot report at all.
        assert send_report(client, artwork).status_code == 403
        assert not Report.objects.exists()
        return
    send_report(client, artwork)
    artwork.refresh_from_db()
    assert (artwork.status == Artwork.Status.HELD) is counts
    assert Report.objects.get().counts_towards_hold is counts


def test_account_age_limits_come_from_settings(artwork, settings):
    settings.REPORTS_TO_HOLD = 1
    settings.REPORT_MIN_ACCOUNT_AGE = timedelta(0)
    settings.REPORT_ESTABLISHED_MEMBER_AGE = timedelta(0)
    send_report(logged_in(UserFactory()), artwork)
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.HELD
