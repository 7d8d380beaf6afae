"""Start-up checks for a deployment on several machines."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def media_shared_between_machines(app_configs, **kwargs):
    """With MULTI_NODE on, every machine must see the same files: a task worker on one machine
    cannot read an original another machine wrote to its own disk."""
    if not getattr(settings, "MULTI_NODE", False):
        return []
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend == "django.core.files.storage.FileSystemStorage":
        return [
            Warning(
                "Media is stored on this machine's disk while MULTI_NODE is on.",
                hint="Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL) so that every "
                "machine shares one S3-compatible bucket, or mount one shared MEDIA_ROOT.",
                id="core.W001",
            )
        ]
    return []
