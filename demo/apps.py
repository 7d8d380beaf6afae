from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for development: `manage.py seed_demo` and the pictures it draws. No
    models; installed by the development and test settings only."""

    name = "demo"
    verbose_name = "Demo content (development only)"
