from django.apps import AppConfig


class ArtworksConfig(AppConfig):
    name = "artworks"
    verbose_name = "Artworks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from core.navigation import register_section

        from . import notifications, signal_handlers  # noqa: F401
        from .models import GalleryPage

        register_section("gallery", GalleryPage, _("Gallery"), position=1)
