from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers  # noqa: F401
        from .models import Report
        from .permissions import ReportPermissionPolicy

        # Before wagtail_hooks.py registers the viewset, which would otherwise make a default
        # policy that lets superusers add and edit reports.
        register_permission_policy(Report, ReportPermissionPolicy(Report))
