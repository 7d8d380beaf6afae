"""Members in the Wagtail admin: a chooser of artists (featured artists on the home page),
the user bulk actions that follow members.moderation, and the audit log's member actions."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.log_actions import LogFormatter

from .admin_users import BULK_ACTIONS, MemberEditAction


class ArtistChooserViewSet(ChooserViewSet):
    model = "members.User"
    icon = "user"
    choose_one_text = _("Choose an artist")
    choose_another_text = _("Choose another artist")
    url_prefix = "artist-chooser"
    per_page = 25

    def get_object_list(self):
        # Only artists the public pages can show: active, with public work.
        from .models import User

        return User.objects.artists()


artist_chooser_viewset = ArtistChooserViewSet("artist_chooser")


@hooks.register("register_admin_viewset")
def register_artist_chooser():
    return artist_chooser_viewset


# Later than Wagtail's own registrations (order 0): the registry keeps the last action of each
# type, so these replace Wagtail's user bulk actions on every path.
for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("register_actions")
def register_member_actions(registry):
    registry.register(get_user_model(), MemberEditAction)


@hooks.register("register_log_actions")
def register_member_log_actions(actions):
    actions.register_action("members.deactivate", _("Deactivate member"), _("Deactivated"))
    actions.register_action("members.reactivate", _("Reactivate member"), _("Reactivated"))
    actions.register_action(
        "members.request_deletion",
        _("Delete own account"),
        _("Asked for their account's deletion"),
    )
    actions.register_action(
        "members.cancel_deletion",
        _("Cancel account deletion"),
        _("Cancelled their account's deletion"),
    )

    @actions.register_action("members.clear_profile")
    class ClearProfileFormatter(LogFormatter):
        label = _("Clear profile")

        def format_message(self, log_entry):
            cleared = ", ".join(log_entry.data.get("cleared", []))
            return gettext("Cleared from the profile: %(cleared)s") % {"cleared": cleared}
