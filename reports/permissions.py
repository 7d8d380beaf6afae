from core.admin_moderation import MemberWrittenPermissionPolicy


class ReportPermissionPolicy(MemberWrittenPermissionPolicy):
    """Reports come from members and say what the member said: nobody adds or edits one in
    the admin. Django's "change_report" permission (the Moderators group has it) is the right
    to resolve reports, asked for as the "resolve" action; "view" opens the listing and each
    report; superusers may also delete one."""

    acting_action = "resolve"
