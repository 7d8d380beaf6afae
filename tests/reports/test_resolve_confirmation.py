"""The confirmation before reports are resolved is the moderation actions' shared page
(core/admin/confirm_bulk_status.html) with the reports' own words and one line per report."""

import pytest

from reports.models import Report
from tests.factories import UserFactory
from tests.html import select, select_one, texts
from tests.reports.helpers import logged_in, send_report

pytestmark = pytest.mark.django_db


def test_the_confirmation_lists_each_report_and_asks_once(client, moderator, artwork):
    send_report(logged_in(UserFactory(username="kim")), artwork, "spam")
    report = Report.objects.get()

    page = client.get(f"/admin/bulk/reports/report/resolve/?id={report.pk}")

    assert page.status_code == 200
    assert select_one(page, "title").get_text().startswith("Resolve 1 report")
    assert "Mark these reports as resolved? They leave the list of open reports." in texts(
        page, "p"
    )
    line = select_one(page, "main ul li")
    assert line.get_text().startswith("It is spam or advertising: Reported work, reported by ")
    assert line.select_one("a")["href"] == f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/"
    assert [button.get_text() for button in select(page, "form button[type=submit]")] == [
        "Yes, resolve"
    ]
    assert "A work held after reports stays out of public view" in page.content.decode()
