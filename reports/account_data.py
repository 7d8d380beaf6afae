"""The reports a member filed, in their data export. Erasing the account keeps these reports
for the moderators, without the reporter (Report.reporter is set to NULL): what was reported
and why still matters once the reporter has gone."""

from .models import Report


def export(member):
    reports = Report.objects.filter(reporter=member).select_related("artwork", "member")
    return {
        "reports_filed": [
            {
                "reported": (
                    {"artwork_id": report.artwork_id, "title": report.artwork.title}
                    if report.artwork_id
                    else {"member": report.member.username}
                ),
                "reason": report.get_reason_display(),
                "message": report.message,
                "created_at": report.created_at,
                "resolved_at": report.resolved_at,
            }
            for report in reports.order_by("created_at", "pk")
        ]
    }
