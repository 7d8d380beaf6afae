"""Making and reading notifications. Every path goes through here: `notify()` for one member,
`notify_followers_of_new_work()` for an artist's followers; both are called from tasks
(notifications.tasks), never in the request that caused them. Their emails are sent by
notifications.emails.

Emails follow the member's choice (NotificationPreferences): each as it happens (a task sends
it once the row is committed), a daily digest (`manage.py send_notification_digests`) or none.

The moderation kinds (published, hidden, held) are shown on the site only: the artworks app
already emails the artist about every decision (artworks.notifications), with the moderator's
note, whatever their notification choice, as the statement of reasons a member is owed when
their work is taken down. Emailing them here too would tell the artist twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

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


def email_choices(member_ids):
    """email_choice() for many members at once: their id to their choice."""
    chosen = dict(
        NotificationPreferences.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "email"
        )
    )
    return {
        member_id: chosen.get(member_id, settings.NOTIFICATION_EMAIL_DEFAULT)
        for member_id in member_ids
    }


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
            choices = email_choices(follower_ids)
            immediate = [
                notification.pk
                for notification in created
                if choices[notification.recipient_id] == Email.IMMEDIATE
            ]
            if immediate:
                queue_immediate_emails(immediate)
    return told


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


# --- Keeping the list short ----------------------------------------------------------------


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
