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


@register()
def content_credentials_keys(app_configs, **kwargs):
    """Production signs Content Credentials into the large renditions; without usable keys it
    still runs and serves them unsigned, but the operator should know."""
    if not getattr(settings, "C2PA_KEYS_EXPECTED", False):
        return []
    from .provenance import keys_problem

    if problem := keys_problem():
        return [
            Warning(
                f"Content Credentials are not signed into renditions: {problem}.",
                hint="Set C2PA_CERT_CHAIN and C2PA_PRIVATE_KEY to the PEM files of a signing "
                "certificate chain and its key (see the README's “Content Credentials”).",
                id="core.W002",
            )
        ]
    return []
