from core.admin_moderation import MemberWrittenPermissionPolicy


class CommentPermissionPolicy(MemberWrittenPermissionPolicy):
    """Comments come from members and say what the member wrote: nobody adds or rewrites one
    in the admin. Django's "change_comment" permission (the Moderators group has it) is the
    right to publish or remove comments, asked for as the "moderate" action; "view" opens the
    listing, each comment and its History; superusers may also delete one."""

    acting_action = "moderate"
