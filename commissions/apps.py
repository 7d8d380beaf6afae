from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    """Members asking an artist for new work: the requests the site relays by email, and the
    senders an artist has blocked. Whether an artist is open for commissions, and what they
    say about it, lives on the member (members.User), with the rest of the public profile."""

    name = "commissions"
    verbose_name = _("Commissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import CommissionRequest
        from .permissions import CommissionRequestPermissionPolicy

        # Before wagtail_hooks.py registers the viewset, which would otherwise make a default
        # policy that lets superusers add and edit members' requests.
        register_permission_policy(
            CommissionRequest, CommissionRequestPermissionPolicy(CommissionRequest)
        )
