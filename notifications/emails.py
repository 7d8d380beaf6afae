"""Sending notification emails: one as each notification happens for members who chose
immediate emails (a task, notifications.tasks), or a daily digest for those who chose it
(`manage.py send_notification_digests`). Only confirmed addresses are written to, and every
email carries a signed one-click unsubscribe link (RFC 8058 headers included)."""

from allauth.account.models import EmailAddress

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from artworks.notifications import site_root_url

from .models import Notification
from .services import EMAILED_KINDS, Email, email_choices

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(member):
    """A signed token naming the member, for the unsubscribe link: anyone holding it (the
    inbox the email went to) may turn the member's notification emails off, without logging
    in. It does not expire: an old email's link still works, as RFC 8058 expects."""
    return signing.dumps(member.pk, salt=UNSUBSCRIBE_SALT)


def member_from_unsubscribe_token(token):
    """The member a token names, or None for a token that was not made here (or for an
    account since deleted)."""
    from django.contrib.auth import get_user_model

    try:
        member_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(member_id, int):
        return None
    return get_user_model().objects.filter(pk=member_id).first()


def absolute(root, path):
    """An address on this site for an email; a stored target that is not a plain path on
    this site (it never should be) leads to the notifications page instead."""
    if not path.startswith("/") or path.startswith("//"):
        path = reverse("notifications")
    return root + path


def _email_context(member, root):
    return {
        "member": member,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "notifications_url": root + reverse("notifications"),
        "settings_url": root + reverse("notification_settings"),
        "unsubscribe_url": root
        + reverse("notifications_unsubscribe", args=[unsubscribe_token(member)]),
    }


def _message(member, subject, body, context, connection):
    return EmailMessage(
        # One line whatever the names hold (a line break would be a header injection).
        subject=" ".join(subject.split()),
        body=body,
        to=[member.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _with_verified_email(members):
    """The ids of those members who are active and whose email address is confirmed: no
    notification is mailed to an address nobody has shown they own."""
    confirmed = EmailAddress.objects.filter(
        user__in=[member.pk for member in members if member.is_active and member.email],
        verified=True,
    ).values_list("user_id", "email")
    emails = {member.pk: member.email.lower() for member in members}
    return {user_id for user_id, email in confirmed if emails.get(user_id) == email.lower()}


def send_immediate_emails(notification_ids):
    """One email for each of these notifications whose member still wants immediate emails
    and has not read it or been emailed it yet; marks them emailed. Returns how many were
    sent."""
    notifications = list(
        Notification.objects.filter(
            pk__in=notification_ids,
            read_at__isnull=True,
            emailed_at__isnull=True,
            kind__in=EMAILED_KINDS,
        ).select_related("recipient", "actor", "artwork")
    )
    recipients = {n.recipient_id: n.recipient for n in notifications}
    choices = email_choices(list(recipients))
    reachable = _with_verified_email(list(recipients.values()))
    root = site_root_url()
    messages, sent_ids = [], []
    connection = get_connection()
    for notification in notifications:
        member = notification.recipient
        if choices[member.pk] != Email.IMMEDIATE or member.pk not in reachable:
            continue
        context = {
            **_email_context(member, root),
            "notification": notification,
            "target_url": absolute(root, notification.target_url or reverse("notifications")),
        }
        messages.append(
            _message(
                member,
                render_to_string("notifications/email/notification_subject.txt", context),
                render_to_string("notifications/email/notification.txt", context),
                context,
                connection,
            )
        )
        sent_ids.append(notification.pk)
    if messages:
        connection.send_messages(messages)
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    return len(messages)


def send_digests(now=None):
    """The daily digest: for every member who chose it (or has the default, when it is the
    digest), one email listing their unread notifications of the last
    NOTIFICATION_DIGEST_MAX_AGE not yet emailed, newest first (up to
    NOTIFICATION_DIGEST_MAX_ITEMS, then "and N more"); each listed is marked emailed, so a
    second run the same day sends nothing. Returns how many emails were sent."""
    now = now or timezone.now()
    wants_digest = Q(recipient__notification_preferences__email=Email.DAILY)
    if settings.NOTIFICATION_EMAIL_DEFAULT == Email.DAILY:
        wants_digest |= Q(recipient__notification_preferences__isnull=True)
    pending = (
        Notification.objects.filter(
            wants_digest,
            created_at__gte=now - settings.NOTIFICATION_DIGEST_MAX_AGE,
            read_at__isnull=True,
            emailed_at__isnull=True,
            kind__in=EMAILED_KINDS,
            recipient__is_active=True,
        )
        .order_by("recipient_id", "-created_at", "-pk")
        .values_list("recipient_id", "pk")
    )
    by_member = {}
    for member_id, notification_id in pending.iterator(chunk_size=2000):
        by_member.setdefault(member_id, []).append(notification_id)
    sent = 0
    root = site_root_url()
    member_ids = list(by_member)
    batch_size = settings.NOTIFICATION_BATCH_SIZE
    for start in range(0, len(member_ids), batch_size):
        sent += _send_digest_batch(
            {
                member_id: by_member[member_id]
                for member_id in member_ids[start : start + batch_size]
            },
            root,
            now,
        )
    return sent


def _send_digest_batch(ids_by_member, root, now):
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.in_bulk(list(ids_by_member))
    reachable = _with_verified_email(list(members.values()))
    limit = settings.NOTIFICATION_DIGEST_MAX_ITEMS
    listed_ids = [
        notification_id
        for member_id, ids in ids_by_member.items()
        if member_id in reachable
        for notification_id in ids[:limit]
    ]
    listed = Notification.objects.select_related("actor", "artwork").in_bulk(listed_ids)
    connection = get_connection()
    messages, emailed = [], []
    for member_id, ids in ids_by_member.items():
        if member_id not in reachable:
            continue
        member = members[member_id]
        items = [listed[pk] for pk in ids[:limit] if pk in listed]
        context = {
            **_email_context(member, root),
            "items": [
                {
                    "notification": item,
                    "url": absolute(root, item.target_url or reverse("notifications")),
                }
                for item in items
            ],
            "count": len(ids),
            "more": len(ids) - len(items),
        }
        messages.append(
            _message(
                member,
                render_to_string("notifications/email/digest_subject.txt", context),
                render_to_string("notifications/email/digest.txt", context),
                context,
                connection,
            )
        )
        # Those beyond the list are told of ("and N more") and wait on the site.
        emailed.extend(ids)
    if messages:
        connection.send_messages(messages)
        Notification.objects.filter(pk__in=emailed).update(emailed_at=now)
    return len(messages)
