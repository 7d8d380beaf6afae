from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class CommissionRequestPermissionPolicy(ModelPermissionPolicy):
    """A commission request is what one member wrote to another: nobody adds or edits one in
    the admin. "view" (the Moderators group has it) opens the listing and each request, so
    that moderators can look into abuse; superusers may also delete one."""

    NOBODY = frozenset({"add", "change"})

    def user_has_permission(self, user, action):
        return action not in self.NOBODY and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.NOBODY]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)
