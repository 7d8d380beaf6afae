"""The member's own account in their data export, and what erasing it removes besides the user
row (core.account_data): sessions, log-in records and the audit log's entries about them."""

import os

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils import timezone

from wagtail.models import ModelLogEntry

PROFILE_FIELDS = (
    "username", "email", "display_name", "bio", "location", "link_1", "link_2", "link_3",
    "date_joined", "last_login",
)  # fmt: skip


def export(member):
    profile = {name: getattr(member, name) for name in PROFILE_FIELDS}
    profile["avatar_artwork_id"] = member.avatar_artwork_id
    profile["avatar_image"] = profile_file_path(member.avatar_image, "avatar")
    profile["banner_image"] = profile_file_path(member.banner_image, "banner")
    profile["email_addresses"] = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=member).order_by("-primary", "email")
    ]
    return {"profile": profile}


def profile_file_path(image, name):
    """Where an uploaded avatar or banner is in the zip (None without one)."""
    if image is None or not image.file.name:
        return None
    return f"profile/{name}{os.path.splitext(image.file.name)[1].lower()}"


def files(member):
    found = []
    for image, name in ((member.avatar_image, "avatar"), (member.banner_image, "banner")):
        path = profile_file_path(image, name)
        if path:
            found.append((path, image.file.storage, image.file.name))
    return found


def erase(member):
    """The uploaded avatar and banner go with the user row (signal_handlers), and every
    export zip with its row (exports.delete_export_file). Sessions are no longer valid once
    the account was deactivated (the session generation moved on), but their rows still name
    the member: they are removed here by reading each unexpired session, one pass per erased
    account (the daily command erases few). django-axes' records of log-ins name the
    username and address."""
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(member.pk)
    ]
    Session.objects.filter(session_key__in=theirs).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=member.username).delete()
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(member), object_id=str(member.pk)
    ).delete()
