from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.navigation import register_section

        from . import signal_handlers  # noqa: F401
        from .models import ExhibitionIndexPage

        register_section("exhibitions", ExhibitionIndexPage, _("Exhibitions"), position=3)
