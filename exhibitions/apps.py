from django.apps import AppConfig


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = "Exhibitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
