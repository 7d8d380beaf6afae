from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtworksConfig(AppConfig):
    name = "artworks"
    verbose_name = _("Artworks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.navigation import register_section

        from . import notifications, signal_handlers  # noqa: F401
        from .models import GalleryPage

        register_section("gallery", GalleryPage, _("Gallery"), position=1)
