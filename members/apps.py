from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True  # this module holds two app configs; "members" means this one
    name = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.navigation import register_section

        from . import exports, signal_handlers  # noqa: F401 - their receivers
        from .models import ArtistIndexPage

        register_section("artists", ArtistIndexPage, _("Artists"), position=2)


class MemberUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with the member-aware user admin (members/admin_users.py)."""

    default = False
    user_viewset = "members.admin_users.MemberUserViewSet"
