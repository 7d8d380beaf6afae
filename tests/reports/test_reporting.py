"""Members report artworks; reported work is held."""

import pytest

from artworks.models import Artwork
from reports.models import Report
from tests.factories import UserFactory, create_artwork
from tests.reports.helpers import THANK_YOU, logged_in, report_by_members, report_url, send_report

pytestmark = pytest.mark.django_db


ALREADY = "You have already reported this work"


# --- Members report ------------------------------------------------------------------------


def test_member_sees_the_form_with_visible_labels(artwork, member):
    page = logged_in(member).get(report_url(artwork))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Report “Reported work”" in html
    assert "<legend>Reason</legend>" in html
    assert "It is spam or advertising" in html
    assert '<label for="id_message">Message <small>(optional)</small></label>' in html
    assert 'maxlength="1000"' in html


def test_member_reports_a_work_and_is_thanked_on_its_page(artwork, member):
    client = logged_in(member)
    response = send_report(client, artwork, "not_their_work", "I painted this in 2019.")
    assert response.status_code == 302
    assert response["Location"] == artwork.get_absolute_url()
    page = client.get(response["Location"])
    assert THANK_YOU in page.content.decode()
    report = Report.objects.get()
    assert (report.artwork, report.reporter, report.reason, report.message) == (
        artwork,
        member,
        "not_their_work",
        "I painted this in 2019.",
    )
    assert report.is_open


def test_report_needs_a_reason_and_a_short_message(artwork, member):
    client = logged_in(member)
    no_reason = client.post(report_url(artwork), {"message": "?"})
    too_long = send_report(client, artwork, message="x" * 1001)
    assert no_reason.status_code == too_long.status_code == 200
    assert "This field is required." in no_reason.content.decode()
    assert "at most 1000 characters" in too_long.content.decode()
    assert not Report.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, artwork):
    response = client.get(report_url(artwork))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={report_url(artwork)}"
    assert send_report(client, artwork).status_code == 302
    assert not Report.objects.exists()


def test_report_link_on_the_artwork_page_for_everyone_but_the_artist(client, artwork, member):
    link = f'href="{report_url(artwork)}"'
    assert link in client.get(artwork.get_absolute_url()).content.decode()
    assert link in logged_in(member).get(artwork.get_absolute_url()).content.decode()
    own_page = logged_in(artwork.artist).get(artwork.get_absolute_url()).content.decode()
    assert "Reported work" in own_page and link not in own_page


def test_own_work_is_refused_with_an_explanation(artwork):
    client = logged_in(artwork.artist)
    page = client.get(report_url(artwork))
    assert page.status_code == 403
    assert "You cannot report your own work" in page.content.decode()
    assert send_report(client, artwork).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.parametrize("status", ["hidden", "held", "awaiting_review"])
def test_work_that_is_not_public_cannot_be_reported(member, status):
    artwork = create_artwork(title="Not public", status=status)
    client = logged_in(member)
    assert client.get(report_url(artwork)).status_code == 404
    assert send_report(client, artwork).status_code == 404
    assert client.get("/reports/artwork/999999/").status_code == 404
    assert not Report.objects.exists()


def test_second_report_by_the_same_member_is_refused(artwork, member):
    client = logged_in(member)
    send_report(client, artwork, "spam")
    again = send_report(client, artwork, "offensive", "And again")
    assert ALREADY in client.get(again["Location"]).content.decode()
    form_page = client.get(report_url(artwork)).content.decode()
    assert ALREADY in form_page and "Send report" not in form_page
    assert list(Report.objects.values_list("reason", "message")) == [("spam", "")]


def test_a_report_racing_another_from_the_same_member_is_refused_not_a_500(
    artwork, member, monkeypatch
):
    client = logged_in(member)
    send_report(client, artwork, "spam")
    # The second request checked before the first one's row existed: the database refuses it.
    monkeypatch.setattr("reports.views.has_reported", lambda member, artwork: False)
    response = send_report(client, artwork, "other")
    assert response.status_code == 302
    assert ALREADY in client.get(response["Location"]).content.decode()
    assert Report.objects.count() == 1


def test_reports_beyond_the_rate_limit_get_429_and_store_nothing(member, settings):
    settings.REPORT_RATE_LIMIT = "2/h"
    works = [create_artwork(title=f"Work {n}") for n in range(3)]
    client = logged_in(member)
    assert [send_report(client, work).status_code for work in works[:2]] == [302, 302]
    response = send_report(client, works[2], "other", "Kept in the form")
    html = response.content.decode()
    assert response.status_code == 429
    assert "You have sent many reports in a short time" in html
    assert "Kept in the form" in html and "<legend>Reason</legend>" in html
    assert Report.objects.count() == 2
    # Another member is not held back.
    assert send_report(logged_in(UserFactory()), works[2]).status_code == 302


# --- Reported work is held -----------------------------------------------------------------


def test_reports_from_three_members_hold_the_work(client, artwork):
    report_by_members(artwork, 2)
    assert "Reported work" in client.get("/gallery/").content.decode()

    report_by_members(artwork, 1)

    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.HELD
    assert "Reported work" not in client.get("/gallery/").content.decode()
    assert client.get(artwork.get_absolute_url()).status_code == 404
    mine = logged_in(artwork.artist).get("/my/artworks/").content.decode()
    assert "Reported work" in mine and "Held after reports" in mine


def test_the_same_member_does_not_count_twice(artwork, member):
    client = logged_in(member)
    send_report(client, artwork)
    send_report(client, artwork)
    report_by_members(artwork, 1)
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.PUBLISHED


def test_threshold_comes_from_settings(artwork, settings):
    settings.REPORTS_TO_HOLD = 2
    report_by_members(artwork, 2)
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.HELD
