from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Reports come from members and say what the member said: nobody adds or edits one in
    the admin. Django's "change_report" permission (the Moderators group has it) is the right
    to resolve reports, asked for as the "resolve" action; "view" opens the listing and each
    report; superusers may also delete one."""

    NOBODY = frozenset({"add", "change"})

    def _django_action(self, action):
        return "change" if action == "resolve" else action

    def user_has_permission(self, user, action):
        if action in self.NOBODY:
            return False
        return super().user_has_permission(user, self._django_action(action))

    def users_with_any_permission(self, actions):
        allowed = {self._django_action(action) for action in actions if action not in self.NOBODY}
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)
