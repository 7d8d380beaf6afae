"""Members report artworks; moderators see and resolve reports; reported work is held."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from artworks.models import Artwork
from reports.models import Report
from tests.factories import UserFactory, create_artwork
from tests.moderation.test_moderation import edit_data

pytestmark = pytest.mark.django_db

THANK_YOU = "Thank you. A moderator will look at your report."
ALREADY = "You have already reported this work"
LISTING = "/admin/snippets/reports/report/"
ARTWORK_LISTING = "/admin/snippets/artworks/artwork/"


def report_url(artwork):
    return f"/reports/artwork/{artwork.pk}/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def send_report(client, artwork, reason="spam", message=""):
    return client.post(report_url(artwork), {"reason": reason, "message": message})


@pytest.fixture
def artwork():
    return create_artwork(UserFactory(username="painter"), title="Reported work")


@pytest.fixture
def member():
    return UserFactory(username="watcher")


def established_member(**fields):
    """A member whose reports count towards holding a work: confirmed email, joined 40 days
    ago."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=40), **fields)


def report_by_members(artwork, count, reason="spam"):
    reporters = [established_member() for _ in range(count)]
    for reporter in reporters:
        assert send_report(logged_in(reporter), artwork, reason).status_code == 302
    return reporters


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
