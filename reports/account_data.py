"""The reports a member filed, in their data export. Erasing the account keeps these reports
for the moderators, without the reporter (Report.reporter is set to NULL): what was reported
and why still matters once the reporter has gone."""

from .models import Report


def reported(report):
    """What the report names: a work, a comment or a member's profile (exactly one is set)."""
    if report.artwork_id:
        return {"artwork_id": report.artwork_id, "title": report.artwork.title}
    if report.comment_id:
        return {
            "comment_id": report.comment_id,
            "on_artwork": {
                "id": report.comment.artwork_id,
                "title": report.comment.artwork.title,
            },
        }
    return {"member": report.member.username}


def export(member):
    reports = Report.objects.filter(reporter=member).select_related(
        "artwork", "member", "comment__artwork"
    )
    return {
        "reports_filed": [
            {
                "reported": reported(report),
                "reason": report.get_reason_display(),
                "message": report.message,
                "created_at": report.created_at,
                "resolved_at": report.resolved_at,
            }
            for report in reports.order_by("created_at", "pk")
        ]
    }
