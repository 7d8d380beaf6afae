from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the whole site shares. It imports no app of ours; every app may import it."""

    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
