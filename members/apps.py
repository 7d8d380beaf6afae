from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"
    default_auto_field = "django.db.models.BigAutoField"


class MemberUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with the member-aware user admin (members/admin_users.py)."""

    user_viewset = "members.admin_users.MemberUserViewSet"
