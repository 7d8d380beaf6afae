"""Making notifications and sending their emails. Every path goes through here: `notify()` for
one member, `notify_followers_of_new_work()` for an artist's followers; both are called from
tasks (notifications.tasks), never in the request that caused them.

Emails follow the member's choice (NotificationPreferences): each as it happens (a task sends
it once the row is committed), a daily digest (`manage.py send_notification_digests`) or none.
Every email carries a signed one-click unsubscribe link (RFC 8058 headers included).

The moderation kinds (published, hidden, held) are shown on the site only: the artworks app
already emails the artist about every decision (artworks.notifications), with the moderator's
note, whatever their notification choice, as the statement of reasons a member is owed when
their work is taken down. Emailing them here too would tell the artist twice."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from artworks.notifications import site_root_url
from core.member_pages import members_content_changed

from .models import Notification, NotificationPreferences

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Email = NotificationPreferences.Email

#: Kinds the artworks app emails about itself (see the module's docstring).
EMAILED_BY_ARTWORKS = frozenset({Kind.PUBLISHED, Kind.HIDDEN, Kind.HELD})
EMAILED_KINDS = frozenset(Kind) - EMAILED_BY_ARTWORKS

#: Kinds whose action can be undone and done again (unfollow, follow): a second one from the
#: same member about the same thing, while the first is unread or recent, says nothing new
#: and would let anyone flood a member's notifications (and inbox) by clicking.
REPEATABLE_KINDS = frozenset({Kind.NEW_FOLLOWER, Kind.FAVOURITE})
REPEAT_WINDOW = timedelta(days=1)

#: The bell shows up to this many, then "9+": the count reads at most ten index entries.
BELL_CAP = 9

UNSUBSCRIBE_SALT = "notifications.unsubscribe"

#: The bell's count is kept in the shared cache (Redis in production), so a member's page
#: asks the database nothing for it. Every write here that changes what is unread forgets the
#: member's count (again once the write commits, so a page read in between cannot put back an
#: old figure); what changes it elsewhere (a member's account erased, old unread
#: notifications pruned) shows within this lifetime.
UNREAD_COUNT_SECONDS = 300


def email_choice(member):
    """The member's email choice: their own, else the site's default."""
    chosen = (
        NotificationPreferences.objects.filter(member_id=member.pk)
        .values_list("email", flat=True)
        .first()
    )
    return chosen or settings.NOTIFICATION_EMAIL_DEFAULT


def set_email_choice(member, choice):
    NotificationPreferences.objects.update_or_create(
        member_id=member.pk, defaults={"email": Email(choice)}
    )


def _snapshot(text):
    return Truncator(" ".join(str(text).split())).chars(
        Notification._meta.get_field("text").max_length
    )


def notify(recipient, kind, *, actor=None, artwork=None, target_url="", text=""):
    """Tell `recipient` about something (`kind`, one of Notification.Kind), done by `actor`
    (None when the site or a moderator acted) to `artwork`; `target_url` is the page on this
    site it leads to, `text` a short copy of what was written. Returns the notification, or
    None when there is nobody to tell: a member is never told about their own action, nor a
    suspended member about anything. An email follows at once (after commit) when the member
    chose immediate emails."""
    kind = Kind(kind)
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    if kind in REPEATABLE_KINDS and (
        Notification.objects.filter(recipient=recipient, kind=kind, actor=actor, artwork=artwork)
        .filter(Q(read_at__isnull=True) | Q(created_at__gte=timezone.now() - REPEAT_WINDOW))
        .exists()
    ):
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        artwork=artwork,
        target_url=target_url,
        text=_snapshot(text),
    )
    unread_changed([recipient.pk])
    if kind in EMAILED_KINDS and email_choice(recipient) == Email.IMMEDIATE:
        queue_immediate_emails([notification.pk])
    return notification


def queue_immediate_emails(notification_ids):
    from .tasks import send_immediate_emails

    transaction.on_commit(
        lambda: send_immediate_emails.enqueue(list(notification_ids)), robust=True
    )


# --- Reading -------------------------------------------------------------------------------


def unread(member):
    return Notification.objects.filter(recipient_id=member.pk, read_at__isnull=True)


def unread_count_key(member_id):
    return f"notifications:unread:{member_id}"


def unread_count(member):
    """How many unread notifications the member has, up to BELL_CAP + 1 ("9+"): from the
    cache, else one COUNT over at most ten entries of the (recipient, read_at) index,
    whatever their number."""
    key = unread_count_key(member.pk)
    count = cache.get(key)
    if count is None:
        count = unread(member).values("pk")[: BELL_CAP + 1].count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def unread_changed(member_ids):
    """These members' unread counts changed: forget them now and once the change commits,
    and the pages kept for them, whose bell shows the count (core.member_pages). Every path
    that adds, reads or removes a notification comes through here."""
    keys = [unread_count_key(member_id) for member_id in member_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)
    members_content_changed(member_ids)


def forget_comment(comment):
    """`comment` was removed by a moderator or deleted: the notifications that quote it (to
    the artist, and to the author of the comment it replied to) go too, so what a moderator
    took away, or its author took back, is not kept on in someone's list. The notification
    keeps no key to the comment, only the address of it (`#comment-<id>`)."""
    quoting = Notification.objects.filter(
        artwork_id=comment.artwork_id,
        kind__in=[Notification.Kind.COMMENT, Notification.Kind.REPLY],
        target_url__endswith=f"#comment-{comment.pk}",
    )
    recipients = set(quoting.values_list("recipient_id", flat=True))
    if recipients:
        quoting.delete()
        unread_changed(recipients)


def mark_all_read(member):
    marked = unread(member).update(read_at=timezone.now())
    unread_changed([member.pk])
    return marked


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        unread_changed([notification.recipient_id])


# --- Email ---------------------------------------------------------------------------------


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


def _choices_of(member_ids):
    chosen = dict(
        NotificationPreferences.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "email"
        )
    )
    return {
        member_id: chosen.get(member_id, settings.NOTIFICATION_EMAIL_DEFAULT)
        for member_id in member_ids
    }


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
    choices = _choices_of(list(recipients))
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


def prune(now=None):
    """Delete read notifications older than NOTIFICATION_READ_RETENTION, and unread ones
    older than NOTIFICATION_UNREAD_RETENTION (a member who never came back), a batch at a
    time so that no long delete holds the table. Returns how many went."""
    now = now or timezone.now()
    old = Q(created_at__lt=now - settings.NOTIFICATION_READ_RETENTION, read_at__isnull=False) | Q(
        created_at__lt=now - settings.NOTIFICATION_UNREAD_RETENTION
    )
    deleted = 0
    while True:
        batch = list(
            Notification.objects.filter(old).values_list("pk", "recipient_id", "read_at")[
                : settings.NOTIFICATION_BATCH_SIZE
            ]
        )
        if not batch:
            return deleted
        deleted += Notification.objects.filter(pk__in=[pk for pk, _, _ in batch]).delete()[0]
        # Unread ones leave their members' bells.
        unread_changed({recipient for _, recipient, read_at in batch if read_at is None})


def notify_followers_of_new_work(artwork):
    """Tell the artist's active followers about `artwork`, once: the first time this is
    called while the work is public and listed (NewWorkAnnouncement remembers). Unlisted work
    is not announced: it is meant only for people given its link, and telling every follower
    would hand it out; if the artist lists it later, it is announced then. Work in progress
    is announced like any listed work (the gallery shows it, labelled).

    Followers are read and notified a batch at a time (NOTIFICATION_BATCH_SIZE rows per
    bulk insert), so an artist with many followers costs memory for one batch only; the whole
    announcement commits together, so a failure leaves nothing half-told and the task can run
    again. Returns how many were told."""
    from artworks.models import Artwork
    from social.models import Follow

    from .models import NewWorkAnnouncement

    told = 0
    with transaction.atomic():
        artwork = Artwork.objects.listed().select_related("artist").filter(pk=artwork.pk).first()
        if artwork is None:
            return 0
        if not NewWorkAnnouncement.objects.get_or_create(artwork=artwork)[1]:
            return 0
        target_url = artwork.get_absolute_url()
        followers = Follow.objects.filter(
            artist_id=artwork.artist_id, follower__is_active=True
        ).order_by("pk")
        last_pk = 0
        while True:
            batch = list(
                followers.filter(pk__gt=last_pk).values_list("pk", "follower_id")[
                    : settings.NOTIFICATION_BATCH_SIZE
                ]
            )
            if not batch:
                break
            last_pk = batch[-1][0]
            follower_ids = [follower_id for _, follower_id in batch]
            created = Notification.objects.bulk_create(
                Notification(
                    recipient_id=follower_id,
                    kind=Kind.NEW_WORK,
                    actor_id=artwork.artist_id,
                    artwork=artwork,
                    target_url=target_url,
                )
                for follower_id in follower_ids
            )
            unread_changed(follower_ids)
            told += len(created)
            choices = _choices_of(follower_ids)
            immediate = [
                notification.pk
                for notification in created
                if choices[notification.recipient_id] == Email.IMMEDIATE
            ]
            if immediate:
                queue_immediate_emails(immediate)
    return told
