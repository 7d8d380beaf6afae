"""Relaying a commission request to the artist by email, after it is recorded (from the task
worker in production). The artist's address never leaves the site: the email goes to them,
and the sender's verified address rides along as Reply-To, so that the artist decides whether
to answer (and so to show their address)."""

import logging

from allauth.account.models import EmailAddress
from django_tasks import task

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from artworks.notifications import site_root_url

from .models import CommissionBlock, CommissionRequest

logger = logging.getLogger(__name__)


def one_line(text):
    """Text for a mail header: every run of whitespace (line breaks, tabs, Unicode line
    separators) one space, so nothing a member writes can start a header of its own."""
    return " ".join(str(text).split())


def verified_address(member):
    """The member's confirmed address (their primary one first), or None."""
    address = (
        EmailAddress.objects.filter(user=member, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )
    return address


def request_email(commission_request, reply_to):
    """The plain-text email (no HTML part: nothing the sender wrote can run as script in a
    mail client) telling the artist about the request."""
    artist, sender = commission_request.artist, commission_request.sender
    root = site_root_url()
    context = {
        "commission_request": commission_request,
        "artist": artist,
        "sender": sender,
        "reply_to": reply_to,
        "block_url": f"{root}{reverse('my_commissions')}#request-{commission_request.pk}",
        "settings_url": f"{root}{reverse('my_commissions')}#settings",
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = one_line(
        gettext("Commission request from %(sender)s: %(subject)s")
        % {
            "sender": sender.public_name,
            "subject": Truncator(commission_request.subject).chars(120),
        }
    )
    return EmailMessage(
        subject=subject,
        body=render_to_string("commissions/email/request.txt", context),
        from_email=None,  # DEFAULT_FROM_EMAIL: the site writes, on the sender's behalf
        to=[artist.email],
        reply_to=[reply_to],
    )


@task()
def relay_commission_request(request_id):
    """Sent once the request is committed. Nothing is sent for a request deleted meanwhile,
    to an artist since deactivated or without an address, from a sender the artist has
    blocked since, or from a sender with no confirmed address left to reply to."""
    commission_request = (
        CommissionRequest.objects.select_related("artist", "sender").filter(pk=request_id).first()
    )
    if commission_request is None:
        return
    artist, sender = commission_request.artist, commission_request.sender
    if not artist.is_active or not artist.email or not sender.is_active:
        return
    if CommissionBlock.objects.filter(artist=artist, blocked_member=sender).exists():
        return
    reply_to = verified_address(sender)
    if reply_to is None:
        logger.warning("Commission request %s not relayed: no confirmed address", request_id)
        return
    request_email(commission_request, reply_to).send()
