from django.contrib.auth import get_user_model

from wagtail.permission_policies import ModelPermissionPolicy


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Comments come from members and say what the member wrote: nobody adds or rewrites one
    in the admin. Django's "change_comment" permission (the Moderators group has it) is the
    right to publish or remove comments, asked for as the "moderate" action; "view" opens the
    listing, each comment and its History; superusers may also delete one."""

    NOBODY = frozenset({"add", "change"})

    def _django_action(self, action):
        return "change" if action == "moderate" else action

    def user_has_permission(self, user, action):
        if action in self.NOBODY:
            return False
        return super().user_has_permission(user, self._django_action(action))

    def users_with_any_permission(self, actions):
        allowed = {self._django_action(action) for action in actions if action not in self.NOBODY}
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)
