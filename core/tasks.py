"""Background work any app may queue: trying a failed task again later, and deleting stored
files (with retries, as a bucket may be briefly unreachable)."""

import logging
from datetime import timedelta

from django_tasks import task

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

#: How often a task tries again after a failure (storage or cache down), and after how long:
#: 10 s, 40 s, 160 s, 640 s. Past that, the scheduled commands (deploy/systemd) take over:
#: `requeue_missing_renditions` for renditions, `cleanup_media` for files left behind.
ATTEMPTS = 5
RETRY_BASE_SECONDS = 10


def retry_later(task, args, attempt, error):
    """Queue `task` again with `args` after a growing pause, when the backend can wait
    (django-tasks-db); returns whether it did. With the immediate backend (dev, tests) the
    error is the caller's to see."""
    backend = task.get_backend()
    if attempt >= ATTEMPTS or not backend.supports_defer:
        return False
    pause = RETRY_BASE_SECONDS * 4 ** (attempt - 1)
    logger.warning("%s%r failed (%s); trying again in %s s", task.name, args, error, pause)
    run_after = timezone.now() + timedelta(seconds=pause)
    task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True


@task()
def delete_stored_file(storage_alias, name, attempt=1):
    """Delete a file whose row is gone (an image or a rendition), from the storage configured
    under `storage_alias` in STORAGES. Queued once the deletion commits; a storage that is
    down is tried again later."""
    try:
        storages[storage_alias].delete(name)
    except Exception as error:
        if retry_later(delete_stored_file, (storage_alias, name), attempt, error):
            return
        raise


def storage_alias(storage):
    """The STORAGES alias a storage instance was made from, or None."""
    if storage is default_storage:  # the lazy stand-in file fields get by default
        return "default"
    return next((alias for alias in settings.STORAGES if storages[alias] is storage), None)


def delete_file_once_committed(instance, **kwargs):
    """post_delete of an image or a rendition: its file goes once the deletion commits, by
    a task that tries again if the storage is down (`manage.py cleanup_media` catches any
    file still left after the last attempt)."""
    file = instance.file
    if not file.name:
        return
    alias = storage_alias(file.storage)
    name = file.name
    if alias is None:  # a storage not configured in STORAGES: delete it here, as Wagtail does
        transaction.on_commit(lambda: file.storage.delete(name), robust=True)
        return
    transaction.on_commit(lambda: delete_stored_file.enqueue(alias, name), robust=True)
