"""Helpers shared by the report tests."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

THANK_YOU = "Thank you. A moderator will look at your report."


LISTING = "/admin/snippets/reports/report/"


def report_url(artwork):
    return f"/reports/artwork/{artwork.pk}/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def send_report(client, artwork, reason="spam", message=""):
    return client.post(report_url(artwork), {"reason": reason, "message": message})


def established_member(**fields):
    """A member whose reports count towards holding a work: confirmed email, joined 40 days
    ago."""
    return UserFactory(date_joined=timezone.now() - timedelta(days=40), **fields)


def report_by_members(artwork, count, reason="spam"):
    reporters = [established_member() for _ in range(count)]
    for reporter in reporters:
        assert send_report(logged_in(reporter), artwork, reason).status_code == 302
    return reporters
