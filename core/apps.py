from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.images.apps import WagtailImagesAppConfig


class CoreConfig(AppConfig):
    """What the whole site shares. It imports no app of ours; every app may import it."""

    name = "core"
    default = True  # the app's own config; ImagesConfig below is Wagtail's images app
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .page_urls import connect_page_signals
        from .srcset import install_width_srcset

        connect_page_signals()
        install_width_srcset()  # every picture on the site, works, avatars and banners alike


class ImagesConfig(WagtailImagesAppConfig):
    """Wagtail's images app, deleting the files of deleted images and renditions through
    `core.tasks.delete_stored_file`, which tries again when the storage is briefly down.
    Wagtail's own handler queues a task that names the storage by its constructor arguments
    (not JSON for a bucket's client settings) and gives up on the first error."""

    default = False  # listed by its path in INSTALLED_APPS, instead of "wagtail.images"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_delete

        from wagtail.images import get_image_model
        from wagtail.images.signal_handlers import post_delete_file_cleanup

        from .tasks import delete_file_once_committed

        image_model = get_image_model()
        for model in (image_model, image_model.get_rendition_model()):
            post_delete.disconnect(post_delete_file_cleanup, sender=model)
            post_delete.connect(
                delete_file_once_committed, sender=model, dispatch_uid=f"delete-file-{model}"
            )
