"""Moderators see and resolve reports."""

import pytest

from django.contrib.auth.models import Group

from artworks.models import Artwork
from reports.models import Report
from tests.factories import UserFactory, create_artwork
from tests.moderation.admin.helpers import edit_data
from tests.reports.helpers import LISTING, logged_in, report_by_members, send_report

pytestmark = pytest.mark.django_db


ARTWORK_LISTING = "/admin/snippets/artworks/artwork/"


# --- Moderators ----------------------------------------------------------------------------


def test_moderator_lists_open_reports_first_with_their_details(client, moderator, artwork):
    other = create_artwork(title="Old news")
    old = Report.objects.create(artwork=other, reporter=UserFactory(), reason="other")
    old.resolved_at = old.created_at
    old.save()
    reporter = UserFactory(display_name="Kim Reporter")
    send_report(logged_in(reporter), artwork, "offensive", "Slurs in the description. " * 10)

    assert "Member reports" in client.get("/admin/").content.decode()
    page = client.get(LISTING).content.decode()
    assert page.index(">Reported work</a>") < page.index(">Old news</a>")
    assert "It is hateful, violent or harassing" in page
    assert f"{ARTWORK_LISTING}edit/{artwork.pk}/" in page
    assert "Kim Reporter" in page
    assert "Slurs in the description." in page and "Slurs in the description. " * 10 not in page
    assert "Open" in page and "Resolved" in page


def test_listing_filters_by_status_reason_and_artwork(client, moderator, artwork):
    other = create_artwork(title="Other work")
    send_report(logged_in(UserFactory()), artwork, "spam")
    send_report(logged_in(UserFactory()), other, "sexual")
    Report.objects.filter(artwork=other).update(
        resolved_at=Report.objects.get(artwork=other).created_at
    )

    def titles(**filters):
        page = client.get(LISTING, filters).content.decode()
        return {title for title in ("Reported work", "Other work") if f">{title}</a>" in page}

    assert titles() == {"Reported work", "Other work"}
    assert titles(status="open") == {"Reported work"}
    assert titles(status="resolved") == {"Other work"}
    assert titles(reason="sexual") == {"Other work"}
    assert titles(artwork=artwork.pk) == {"Reported work"}


def test_moderator_resolves_reports_after_confirming(client, moderator, artwork):
    send_report(logged_in(UserFactory()), artwork, "spam")
    report = Report.objects.get()
    resolve = f"/admin/bulk/reports/report/resolve/?id={report.pk}"
    assert resolve in client.get(LISTING).content.decode()  # the row's Resolve button

    confirm = client.get(resolve)
    assert confirm.status_code == 200
    assert "Reported work" in confirm.content.decode()
    report.refresh_from_db()
    assert report.is_open

    response = client.post(f"{resolve}&next={LISTING}")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == moderator and report.resolved_at is not None
    assert "1 report resolved." in client.get(LISTING).content.decode()
    assert resolve not in client.get(LISTING).content.decode()
    # In Wagtail's audit log, in the moderator's name.
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Resolved" in history
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="reports.resolve")
    assert entry.user == moderator and entry.object_id == str(report.pk)


def test_moderator_inspects_but_cannot_add_or_edit_reports(client, moderator, artwork):
    send_report(logged_in(UserFactory()), artwork, "spam", "Buy cheap prints")
    report = Report.objects.get()
    inspect = client.get(f"{LISTING}inspect/{report.pk}/")
    assert inspect.status_code == 200 and "Buy cheap prints" in inspect.content.decode()
    assert client.get(f"{LISTING}add/").status_code in (302, 403)
    assert client.post(f"{LISTING}edit/{report.pk}/", {"reason": "other"}).status_code in (302, 403)
    report.refresh_from_db()
    assert report.reason == "spam"


def test_plain_member_cannot_see_or_resolve_reports(artwork, member):
    send_report(logged_in(UserFactory()), artwork, "spam", "Private words")
    report = Report.objects.get()
    client = logged_in(member)
    for response in (
        client.get(LISTING),
        client.get(f"{LISTING}inspect/{report.pk}/"),
        client.post(f"/admin/bulk/reports/report/resolve/?id={report.pk}"),
    ):
        assert response.status_code in (302, 403)
        assert "Private words" not in response.content.decode()
    report.refresh_from_db()
    assert report.is_open


def test_staff_who_may_only_view_reports_cannot_resolve_them_in_bulk(client, artwork):
    """The bulk action asks for the right to resolve (change_report), as the inspect view's
    Resolve button does; viewing the listing is not enough."""
    send_report(logged_in(UserFactory()), artwork, "spam", "Private words")
    report = Report.objects.get()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(codename="change_report")
    )
    client.force_login(viewer)
    assert client.get(LISTING).status_code == 200

    resolve = f"/admin/bulk/reports/report/resolve/?id={report.pk}"
    confirmation = client.get(resolve).content.decode()
    client.post(resolve)

    assert "You don&#x27;t have permission to resolve these reports" in confirmation
    assert "Yes, resolve" not in confirmation
    report.refresh_from_db()
    assert report.is_open


def test_dashboard_counts_open_reports_and_held_works(client, moderator, artwork):
    assert "No open reports." in client.get("/admin/").content.decode()
    report_by_members(artwork, 3)
    dashboard = client.get("/admin/").content.decode()
    assert "<strong>3</strong> open reports" in dashboard
    assert f"{LISTING}?status=open" in dashboard
    assert "<strong>1</strong> work held after reports" in dashboard
    assert f"{ARTWORK_LISTING}?status=held" in dashboard


def test_dashboard_panel_is_only_for_those_who_may_see_reports(client, artwork):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Group.objects.get(name="Moderators").permissions.exclude(content_type__app_label="reports")
    )
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "open-reports" not in dashboard.content.decode()


def test_publishing_a_held_work_resolves_its_reports(client, moderator, artwork):
    report_by_members(artwork, 3)
    artwork.refresh_from_db()
    response = client.post(
        f"{ARTWORK_LISTING}edit/{artwork.pk}/", edit_data(artwork, status="published")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Report.objects.open().exists()
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    client.logout()
    assert "Reported work" in client.get("/gallery/").content.decode()
    assert client.get(artwork.get_absolute_url()).status_code == 200


def test_hiding_works_in_bulk_resolves_their_reports(client, moderator, artwork):
    report_by_members(artwork, 1)
    response = client.post(
        f"/admin/bulk/artworks/artwork/hide/?id={artwork.pk}&next={ARTWORK_LISTING}",
        {"moderation_note": "Not the member's work"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.resolved_by == moderator and report.resolved_at is not None


def test_a_new_report_after_a_decision_starts_again(client, moderator, artwork):
    report_by_members(artwork, 3)
    artwork.refresh_from_db()
    client.post(f"{ARTWORK_LISTING}edit/{artwork.pk}/", edit_data(artwork, status="published"))
    report_by_members(artwork, 2)
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.PUBLISHED
    assert Report.objects.open().count() == 2


def test_reports_are_grouped_per_work_with_thumbnail_artist_and_status(client, moderator, artwork):
    once = create_artwork(UserFactory(display_name="Una Once"), title="Reported once")
    send_report(logged_in(UserFactory()), once, "spam")
    for _ in range(2):
        send_report(logged_in(UserFactory()), artwork, "offensive")
    page = client.get(LISTING).content.decode()
    # The work with two open reports comes first, its two reports together.
    first, second, third = (
        page.index(">Reported work</a>"),
        page.index(">Reported work</a>", page.index(">Reported work</a>") + 1),
        page.index(">Reported once</a>"),
    )
    assert first < second < third
    assert "2 open reports on this work" in page and "1 open report on this work" in page
    assert "by Una Once · Published" in page
    thumbnail = once.image.renditions.get(filter_spec="format-jpeg|max-320x320")
    assert thumbnail.url in page
