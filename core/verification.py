"""Members confirm their email address before they can upload, report or be listed.

allauth asks for the confirmation at sign-up and log-in (ACCOUNT_EMAIL_VERIFICATION =
"mandatory"); this guards the pages that need it for sessions that began some other way, such
as an address an editor set in the admin."""

from functools import wraps

from allauth.account.models import EmailAddress

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


def member_has_verified_email(user):
    """Whether the member has confirmed an email address (allauth's EmailAddress rows)."""
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def unconfirmed_address(user):
    """The allauth address row the "Confirm your email" page resends to, made from the
    account's email when an editor set it outside allauth; None without any email."""
    address = EmailAddress.objects.filter(user=user).order_by("-primary").first()
    if address is None and user.email:
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email=user.email.lower(), defaults={"primary": True}
        )
    return address


CONFIRM_EMAIL_FIRST = _("Please confirm your email address first.")


def confirm_email_first(request, as_json=False):
    """The answer to a member who has not confirmed an email address yet: the "Confirm your
    email" page (403) with a button that sends the link again, or its one line as JSON for
    the in-place buttons."""
    if as_json:
        return JsonResponse({"error": CONFIRM_EMAIL_FIRST}, status=403)
    return TemplateResponse(
        request,
        "core/confirm_email_required.html",
        {"address": unconfirmed_address(request.user)},
        status=403,
    )


def verified_email_required(view):
    """Log-in required, then a confirmed email: anyone without one gets a "Confirm your
    email" page (403) with a button that sends the link again (allauth's email page, which
    rate-limits it)."""

    @wraps(view)
    @login_required
    def guarded(request, *args, **kwargs):
        if member_has_verified_email(request.user):
            return view(request, *args, **kwargs)
        return confirm_email_first(request)

    return guarded


def record_verified_email(user):
    """Record the member's current email as confirmed and primary, for accounts the site
    vouches for itself (demo content, test data)."""
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
    )
    return address
