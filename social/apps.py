from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    """Members' ties to each other and to work: follows now; favourites, collections and
    comments as they come."""

    name = "social"
    verbose_name = _("Social")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
