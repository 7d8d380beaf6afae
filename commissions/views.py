"""Commissions for members: the request form, and the artist's own page (the switch and text,
the requests received with a Block button each, the senders blocked)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from artworks.models import Artwork
from core.member_requests import over_member_limit
from core.pagination import paginate
from core.verification import verified_email_required

from . import services
from .forms import CommissionRequestForm, CommissionSettingsForm
from .models import CommissionBlock, CommissionRequest
from .relay import verified_address

TOO_MANY_ATTEMPTS = _(
    "You have tried to send many requests in a short time. Nothing was sent this time; please "
    "wait a while and try again."
)
TOO_MANY_CHANGES = _(
    "You have changed your commission settings many times in a short time. Nothing changed "
    "this time; please wait a while and try again."
)
REQUESTS_PER_PAGE = 20
#: The sender's own latest requests shown on their page (what they wrote is in the export).
SENT_SHOWN = 20


# Per member, so nobody can script a flood of requests (each one an email) or of public
# changes (each one refreshing every cached page).
def requests_over_limit(request):
    return over_member_limit(request, "commission-requests", settings.COMMISSION_REQUEST_RATE_LIMIT)


def settings_over_limit(request):
    return over_member_limit(
        request, "commission-settings", settings.COMMISSION_SETTINGS_RATE_LIMIT
    )


def initial_subject(request, artist):
    """From a link on one of the artist's public works (`?artwork=<id>`): "About “Title”"."""
    try:
        artwork_id = int(request.GET.get("artwork", ""))
    except ValueError:
        return {}
    artwork = Artwork.objects.public().filter(pk=artwork_id, artist=artist).first()
    if artwork is None:
        return {}
    return {
        "subject": Truncator(gettext("About “%(title)s”") % {"title": artwork.title}).chars(120)
    }


@verified_email_required
@require_http_methods(["GET", "POST"])
def request_commission(request, username):
    """The request form. A member who may not write to this artist (closed, blocked, over the
    day's allowance, themselves) is told why instead of being offered a form; a refusal that
    arises between the form and its sending is shown above the form, which keeps what they
    wrote."""
    artist = get_user_model().objects.filter(username=username, is_active=True).first()
    if artist is None:
        raise Http404("No such artist.")
    # The address the artist will be able to reply to, which the form names.
    context = {"artist": artist, "reply_address": verified_address(request.user)}
    posted = request.method == "POST"
    if posted and requests_over_limit(request):
        form = CommissionRequestForm(request.POST)
        form.full_clean()
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return TemplateResponse(
            request, "commissions/request_form.html", {**context, "form": form}, status=429
        )
    if not posted:
        try:
            services.check_request_allowed(request.user, artist)
        except services.CommissionRefused as refusal:
            return TemplateResponse(
                request,
                "commissions/refused.html",
                {**context, "message": refusal.message},
                status=refusal.status,
            )
    form = CommissionRequestForm(
        request.POST if posted else None, initial=initial_subject(request, artist)
    )
    status = 200
    if posted and form.is_valid():
        try:
            services.send_request(request.user, artist, **form.cleaned_data)
        except services.CommissionRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            messages.success(
                request,
                gettext(
                    "Your request is on its way to %(artist)s. If they are interested, they will "
                    "answer you by email."
                )
                % {"artist": artist.public_name},
            )
            return redirect("my_commissions")
    return TemplateResponse(
        request, "commissions/request_form.html", {**context, "form": form}, status=status
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def my_commissions(request):
    """The member's commissions: their settings (saved here), the requests they received with
    a Block button each, the members they blocked, and the requests they sent."""
    posted = request.method == "POST"
    form = CommissionSettingsForm(request.POST if posted else None, instance=request.user)
    status = 200
    if posted and settings_over_limit(request):
        form.full_clean()
        form.add_error(None, TOO_MANY_CHANGES)
        status = 429
    elif posted and form.is_valid():
        member = form.save()
        if member.open_for_commissions:
            messages.success(
                request, gettext("Saved. Your artist page says you are open for commissions.")
            )
        else:
            messages.success(
                request, gettext("Saved. Your artist page does not invite commissions.")
            )
        return redirect("my_commissions")
    rows = CommissionRequest.objects.select_related("sender")
    received = paginate(request, rows.filter(artist=request.user), REQUESTS_PER_PAGE, rows=rows)
    blocks = list(
        CommissionBlock.objects.filter(artist=request.user).select_related("blocked_member")
    )
    blocked_ids = {block.blocked_member_id for block in blocks}
    for commission_request in received:
        commission_request.sender_blocked = commission_request.sender_id in blocked_ids
    sent = CommissionRequest.objects.filter(sender=request.user).select_related("artist")
    return TemplateResponse(
        request,
        "commissions/my_commissions.html",
        {
            "form": form,
            "received": received,
            "blocks": blocks,
            "sent": sent[:SENT_SHOWN],
        },
        status=status,
    )


def change_blocks(request, change, message):
    """Block or unblock a sender (`change()`), counted as a change of settings, and say so with
    `message` on the member's commissions page."""
    if settings_over_limit(request):
        messages.error(request, TOO_MANY_CHANGES)
    else:
        change()
        messages.success(request, message)
    return redirect("my_commissions")


@require_POST
@verified_email_required
def block_sender(request, request_id):
    """The Block button beside a request received: its sender can send no more. Only the
    artist who received the request finds it (anyone else gets a 404)."""
    commission_request = get_object_or_404(
        CommissionRequest.objects.select_related("sender"), pk=request_id, artist=request.user
    )
    message = gettext(
        "You have blocked %(sender)s: they cannot send you requests any more. You can unblock "
        "them below."
    ) % {"sender": commission_request.sender.public_name}
    return change_blocks(
        request, lambda: services.block_sender(request.user, commission_request), message
    )


@require_POST
@verified_email_required
def unblock_sender(request, block_id):
    block = get_object_or_404(
        CommissionBlock.objects.select_related("blocked_member"), pk=block_id, artist=request.user
    )
    message = gettext("%(member)s can send you commission requests again.") % {
        "member": block.blocked_member.public_name
    }
    return change_blocks(request, lambda: services.unblock_sender(request.user, block), message)
