"""
A member deleting their own account: asked for, cancelled within the grace period, erased.

Asking deactivates the account through members.moderation.set_member_active, the very path a
moderator's suspension takes: the sessions end, the work leaves every public page, feed, search
and cache at once, and the renditions move to new addresses. Reusing it (rather than a second
"deactivated" flag) means every query that already honours `is_active` (the artists list,
`artist_active` on artworks, and whatever later apps build on them) hides the member without
knowing about deletion. allauth refuses inactive accounts at log-in; its adapter
(members.adapter.AccountAdapter.respond_user_inactive) sends a member whose deletion is
pending to a page that offers to cancel it instead of calling them suspended.
"""

import logging

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from artworks.notifications import site_root_url
from core.account_data import erase_member

from .moderation import set_member_active

logger = logging.getLogger(__name__)


class DeletionRefused(Exception):
    """This account cannot be deleted by its owner (the message says why)."""


def request_deletion(member):
    """Deactivate `member` now and mark the account for erasure after MEMBER_DELETION_GRACE.
    The member is emailed the date and how to cancel. Returns when the erasure is due."""
    if member.is_superuser:
        # The site's last administrator must not lock everyone out of the admin by accident.
        raise DeletionRefused(
            "An administrator's account is deleted by another administrator, in the admin."
        )
    with transaction.atomic():
        member.deletion_requested_at = timezone.now()
        changed = set_member_active(
            member,
            False,
            by=member,
            action="members.request_deletion",
            also_save=["deletion_requested_at"],
        )
        if not changed:
            raise DeletionRefused("This account is not active.")
        member_id = member.pk
        transaction.on_commit(
            lambda: email_member_about_deletion.enqueue(member_id, "requested"), robust=True
        )
    return member.deletion_due_at


def cancel_deletion(member):
    """Bring the account back as it was before the deletion was asked for: active, its work
    public again (sessions stay ended: the member logs in afresh). Returns whether a deletion
    was pending."""
    with transaction.atomic():
        current = get_user_model().objects.select_for_update().get(pk=member.pk)
        if current.deletion_requested_at is None:
            return False
        # Reactivating clears deletion_requested_at.
        set_member_active(member, True, by=member, action="members.cancel_deletion")
        member_id = member.pk
        transaction.on_commit(
            lambda: email_member_about_deletion.enqueue(member_id, "cancelled"), robust=True
        )
    return True


def accounts_due_for_erasure(now=None):
    """Accounts whose deletion was asked for more than the grace period ago (and still
    inactive: one a moderator has reactivated meanwhile is left alone)."""
    now = now or timezone.now()
    return get_user_model().objects.filter(
        is_active=False,
        deletion_requested_at__isnull=False,
        deletion_requested_at__lte=now - settings.MEMBER_DELETION_GRACE,
    )


def erase_account(member):
    """Erase the account and everything of the member's (core.account_data.erase_member):
    rows, files in storage, sessions. Reports they filed stay, without their name."""
    logger.info("Erasing the account %s, deleted by its owner", member.pk)
    erase_member(member)


@task()
def email_member_about_deletion(member_id, what):
    """Tell the member their deletion is scheduled ("requested", with the date and how to
    cancel) or cancelled ("cancelled"): someone with their password alone must not delete
    or keep their account without their knowing."""
    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None or not member.email:
        return
    if (what == "requested") != (member.deletion_requested_at is not None):
        return  # changed again meanwhile: this email would be stale
    context = {
        "member": member,
        "due": member.deletion_due_at,
        "login_url": site_root_url() + reverse("account_login"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    template = f"members/email/deletion_{what}"
    send_mail(
        subject=" ".join(render_to_string(f"{template}_subject.txt", context).split()),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=[member.email],
    )
