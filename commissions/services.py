"""The commission service: every path that sends a request, blocks or unblocks a sender goes
through here, with the acting member passed explicitly."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.verification import member_has_verified_email

from .models import CommissionBlock, CommissionRequest
from .relay import relay_commission_request
from .signals import commission_requested

CANNOT_ASK_YOURSELF = _("You cannot send a commission request to yourself.")
NOT_AVAILABLE = _("This artist is not taking commission requests.")
CLOSED = _("This artist is not taking commission requests at the moment.")
# The same words whatever the artist's reasons: the sender learns that they cannot write,
# nothing more (and nothing to argue with).
BLOCKED = _("This artist is not taking requests from you.")
CONFIRM_EMAIL = _("Please confirm your email address first: the artist replies to it.")


class CommissionRefused(Exception):
    """A request that cannot be sent; the message is for the member, the status for the page
    (403 for who may write to whom, 429 for how often)."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.message = message
        self.status = status


def check_request_allowed(sender, artist):
    """Raise CommissionRefused if `sender` may not send `artist` a request now. The form page
    asks first (so a refused member is not offered a form), and send_request asks again
    inside its transaction."""
    if sender.pk == artist.pk:
        raise CommissionRefused(CANNOT_ASK_YOURSELF)
    if not artist.is_active:
        raise CommissionRefused(NOT_AVAILABLE, status=404)
    if not artist.email:
        # Nowhere to relay it (an account an editor left without an address).
        raise CommissionRefused(NOT_AVAILABLE)
    if not artist.open_for_commissions:
        raise CommissionRefused(CLOSED)
    if not member_has_verified_email(sender):
        raise CommissionRefused(CONFIRM_EMAIL)
    if CommissionBlock.objects.filter(artist=artist, blocked_member=sender).exists():
        raise CommissionRefused(BLOCKED)
    # Counted in the database over the last 24 hours: exact, shared by every node, and
    # unaffected by the cache being down (the per-hour attempt limit in views.py is not).
    recent = CommissionRequest.objects.filter(
        sender=sender, created_at__gte=timezone.now() - timedelta(days=1)
    )
    # One a day to the same artist: after that the two talk by email, and a second request
    # would only press.
    if recent.filter(artist=artist).exists():
        raise CommissionRefused(
            gettext(
                "You sent %(artist)s a request less than a day ago. They answer by email if they "
                "are interested; you can send another request tomorrow."
            )
            % {"artist": artist.public_name},
            status=429,
        )
    if recent.count() >= settings.COMMISSION_REQUESTS_PER_DAY:
        raise CommissionRefused(
            ngettext(
                "You have sent %(limit)s commission request in the last 24 hours, as many as "
                "one member may send in a day. Nothing was sent; please try again tomorrow.",
                "You have sent %(limit)s commission requests in the last 24 hours, as many as "
                "one member may send in a day. Nothing was sent; please try again tomorrow.",
                settings.COMMISSION_REQUESTS_PER_DAY,
            )
            % {"limit": settings.COMMISSION_REQUESTS_PER_DAY},
            status=429,
        )


def send_request(sender, artist, *, subject, message, budget="", deadline=None):
    """Record `sender`'s request to `artist` and relay it by email once recorded. Returns the
    request; raises CommissionRefused (and records nothing) when it may not be sent."""
    members = get_user_model().objects
    with transaction.atomic():
        # The sender's row locked (PostgreSQL; SQLite's IMMEDIATE transactions already run
        # one writer at a time): two requests sent at once are counted one after the other,
        # so neither slips past the daily allowance. The artist as they are now: they may
        # have closed commissions since the form was shown.
        list(members.select_for_update().filter(pk=sender.pk).values_list("pk"))
        artist = members.filter(pk=artist.pk).first()
        if artist is None:
            raise CommissionRefused(NOT_AVAILABLE, status=404)
        check_request_allowed(sender, artist)
        commission_request = CommissionRequest.objects.create(
            artist=artist,
            sender=sender,
            subject=subject,
            message=message,
            budget=budget,
            deadline=deadline,
        )
        commission_requested.send(sender=CommissionRequest, request=commission_request)
        request_id = commission_request.pk
        transaction.on_commit(lambda: relay_commission_request.enqueue(request_id), robust=True)
    return commission_request


def block_sender(artist, commission_request):
    """`artist` blocks the member who sent them `commission_request`: they can send no more
    requests to this artist. Blocking twice is the same as once. Returns the block."""
    if commission_request.artist_id != artist.pk:
        raise ValueError("Only the artist who received a request can block its sender.")
    with transaction.atomic():
        try:
            # A savepoint: a second click racing the first meets the unique constraint, and
            # the surrounding transaction stays usable.
            with transaction.atomic():
                block, _created = CommissionBlock.objects.get_or_create(
                    artist=artist, blocked_member_id=commission_request.sender_id
                )
        except IntegrityError:
            block = CommissionBlock.objects.get(
                artist=artist, blocked_member_id=commission_request.sender_id
            )
        CommissionRequest.objects.filter(pk=commission_request.pk).update(
            status=CommissionRequest.Status.BLOCKED
        )
    return block


def unblock_sender(artist, block):
    """`artist` lets a member they blocked send requests again."""
    if block.artist_id != artist.pk:
        raise ValueError("Only the artist who blocked a member can unblock them.")
    CommissionBlock.objects.filter(pk=block.pk).delete()
