"""
"Export my data": a member asks, a task builds the zip (core.account_data) into private
storage, the member is emailed a link that only they can open, and the zip is deleted after
DATA_EXPORT_LIFETIME (`manage.py delete_expired_exports`).
"""

import logging
import secrets
import tempfile

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import storages
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from artworks.notifications import site_root_url
from core.account_data import write_export_zip
from core.tasks import delete_stored_file

from .models import DataExport

logger = logging.getLogger(__name__)


class ExportRefused(Exception):
    """The member already has an export being prepared."""


def export_storage():
    return storages[settings.DATA_EXPORT_STORAGE]


def live_exports(member):
    """The member's exports that are still of use: being prepared, or ready and unexpired."""
    now = timezone.now()
    return DataExport.objects.filter(member=member).exclude(
        status=DataExport.Status.READY, expires_at__lte=now
    )


def request_export(member):
    """Queue a new export of `member`'s data once this commits. One at a time: while one is
    being prepared, another is refused."""
    with transaction.atomic():
        # Locks the member's row, so two requests at once cannot both pass the check.
        get_user_model().objects.select_for_update().filter(pk=member.pk).first()
        if DataExport.objects.filter(member=member, status=DataExport.Status.PENDING).exists():
            raise ExportRefused(
                "Your data is already being prepared. We will email you when it is ready."
            )
        export = DataExport.objects.create(member=member)
        export_id = export.pk
        transaction.on_commit(lambda: build_data_export.enqueue(export_id), robust=True)
    return export


def stored_name():
    """An unguessable name: even in storage, a zip cannot be found by counting."""
    return f"{settings.DATA_EXPORT_FOLDER}/{secrets.token_urlsafe(24)}.zip"


@task()
def build_data_export(export_id):
    """Build the zip in a temporary file, store it, mark the export ready and email the
    member. On any failure the export is marked failed and nothing is left in storage."""
    export = DataExport.objects.select_related("member").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return
    storage = export_storage()
    saved_name = None
    try:
        with tempfile.TemporaryFile() as zip_file:
            write_export_zip(export.member, zip_file)
            size = zip_file.tell()
            zip_file.seek(0)
            saved_name = storage.save(stored_name(), File(zip_file))
        with transaction.atomic():
            updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING)
            if not updated.update(
                status=DataExport.Status.READY,
                file_name=saved_name,
                size=size,
                expires_at=timezone.now() + settings.DATA_EXPORT_LIFETIME,
            ):
                raise DataExport.DoesNotExist("The export was deleted while it was built.")
    except Exception:
        logger.exception("The data export %s could not be built", export_id)
        if saved_name:
            storage.delete(saved_name)
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED)
        return
    email_export_ready(DataExport.objects.select_related("member").get(pk=export_id))


def email_export_ready(export):
    member = export.member
    if not member.email:
        return
    context = {
        "member": member,
        "export": export,
        "download_url": site_root_url() + reverse("data_export_download", args=[export.pk]),
        "export_url": site_root_url() + reverse("data_export"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    send_mail(
        subject=" ".join(
            render_to_string("members/email/export_ready_subject.txt", context).split()
        ),
        message=render_to_string("members/email/export_ready.txt", context),
        from_email=None,
        recipient_list=[member.email],
    )


def expired_exports(now=None):
    """Exports past their expiry, and any stuck or failed for a day (a worker that died
    mid-build leaves a pending row: it is cleared, and the member may ask again)."""
    now = now or timezone.now()
    day_ago = now - settings.DATA_EXPORT_STALE_AFTER
    return DataExport.objects.filter(expires_at__lte=now) | DataExport.objects.filter(
        status__in=[DataExport.Status.PENDING, DataExport.Status.FAILED], created_at__lte=day_ago
    )


@receiver(post_delete, sender=DataExport, dispatch_uid="members-delete-export-file")
def delete_export_file(sender, instance, **kwargs):
    """An export's zip goes with its row (expired, or with the member's account), once the
    deletion commits, by the task that tries again while the storage is down."""
    if instance.file_name:
        alias, name = settings.DATA_EXPORT_STORAGE, instance.file_name
        transaction.on_commit(lambda: delete_stored_file.enqueue(alias, name), robust=True)
