"""The member's account page (/my/account/): their email and password, exporting their data
and deleting the account; and the page a member whose deletion is pending meets at log-in."""

import time

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .account_forms import DeleteAccountForm
from .deletion import DeletionRefused, cancel_deletion, request_deletion
from .exports import ExportRefused, export_storage, live_exports, request_export
from .middleware import has_second_factor
from .models import DataExport

TOO_MANY_EXPORTS = _(
    "You have asked for your data several times today. Please wait until tomorrow, or use "
    "the export you already have."
)
TOO_MANY_DELETION_ATTEMPTS = _(
    "Too many attempts in a short while. Nothing was changed; please wait a while and try again."
)

#: The session key naming a member who proved their password at log-in while their account
#: waits for deletion, and how long that proof lasts.
PENDING_DELETION_KEY = "members:pending_deletion"
PENDING_DELETION_SECONDS = 10 * 60


@login_required
@require_GET
def account(request):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=request.user, primary=True).first()
    return TemplateResponse(
        request,
        "members/account.html",
        {
            "address": address,
            "has_second_factor": has_second_factor(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request):
    """GET: the member's exports and where each stands. POST: ask for a new one."""
    status = 200
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="data-export",
            key="user",
            rate=settings.DATA_EXPORT_RATE_LIMIT,
            increment=True,
        ):
            messages.error(request, TOO_MANY_EXPORTS)
            status = 429
        else:
            try:
                request_export(request.user)
            except ExportRefused as error:
                messages.warning(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "We are preparing your data. We will email you a link when it is "
                        "ready; it also appears on this page."
                    ),
                )
            return redirect("data_export")
    return TemplateResponse(
        request,
        "members/data_export.html",
        {
            "exports": live_exports(request.user),
            "lifetime_days": settings.DATA_EXPORT_LIFETIME.days,
        },
        status=status,
    )


@login_required
@require_GET
@never_cache
def data_export_download(request, export_id):
    """The zip, to its owner only, while it lasts: anyone else, or a link past its expiry,
    gets 404 (the same answer whether the export exists or not)."""
    export = (
        DataExport.objects.filter(
            pk=export_id,
            member=request.user,
            status=DataExport.Status.READY,
            expires_at__gt=timezone.now(),
        )
        .exclude(file_name="")
        .first()
    )
    if export is None:
        raise Http404("No such export.")
    try:
        zip_file = export_storage().open(export.file_name, "rb")
    except FileNotFoundError:
        raise Http404("No such export.") from None
    DataExport.objects.filter(pk=export.pk).update(downloaded_at=timezone.now())
    stamp = export.created_at.strftime("%Y-%m-%d")
    return FileResponse(
        zip_file,
        as_attachment=True,
        filename=f"artist-collective-{request.user.username}-{stamp}.zip",
        content_type="application/zip",
    )


def deletion_attempt_refused(request):
    return is_ratelimited(
        request,
        group="account-deletion",
        key="user_or_ip",
        rate=settings.MEMBER_DELETION_RATE_LIMIT,
        increment=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Delete the account: the password (and the second factor's code, where there is one)
    confirm it. The account is deactivated at once and erased after the grace period."""
    member = request.user
    posted = request.method == "POST"
    form = DeleteAccountForm(request.POST if posted else None, member=member)
    status = 200
    refusal = None
    if posted:
        if deletion_attempt_refused(request):
            # Nothing checked, nothing spent (not even a recovery code): the form comes back.
            form = DeleteAccountForm(member=member)
            refusal = TOO_MANY_DELETION_ATTEMPTS
            status = 429
        elif form.is_valid():
            try:
                due = request_deletion(member)
            except DeletionRefused as error:
                form.add_error(None, str(error))
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Your account is deactivated and will be deleted on %(date)s. "
                        "Until then, log in to cancel the deletion."
                    )
                    % {"date": date_format(due, "j F Y")},
                )
                return redirect("/")
    return TemplateResponse(
        request,
        "members/delete_account.html",
        {"form": form, "refusal": refusal, "grace_days": settings.MEMBER_DELETION_GRACE.days},
        status=status,
    )


def remember_pending_deletion(request, member):
    """Called by the account adapter at log-in, once the password is right, for a member whose
    deletion is pending: the cancel page may act for them for a few minutes."""
    request.session[PENDING_DELETION_KEY] = {"member": member.pk, "at": time.time()}


def pending_member(request):
    """The member who has just proved their password and whose deletion is still pending,
    or None."""
    pending = request.session.get(PENDING_DELETION_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > (
        PENDING_DELETION_SECONDS
    ):
        return None
    return (
        get_user_model()
        .objects.filter(pk=pending.get("member"), is_active=False)
        .exclude(deletion_requested_at=None)
        .first()
    )


@require_http_methods(["GET", "POST"])
@never_cache
def deletion_pending(request):
    """What logging in during the grace period shows: the date the account will be deleted,
    with "Cancel deletion" and "Log out"."""
    member = pending_member(request)
    if member is None:
        request.session.pop(PENDING_DELETION_KEY, None)
        return redirect("account_login")
    if request.method == "POST":
        if request.POST.get("action") != "cancel":
            request.session.pop(PENDING_DELETION_KEY, None)
            messages.info(
                request, _("You are logged out. Your account will be deleted as planned.")
            )
            return redirect("/")
        if deletion_attempt_refused(request):
            messages.error(request, TOO_MANY_DELETION_ATTEMPTS)
            return TemplateResponse(
                request, "members/deletion_pending.html", {"member": member}, status=429
            )
        cancel_deletion(member)
        request.session.pop(PENDING_DELETION_KEY, None)
        if has_second_factor(member):
            # Only the password is proved so far: the member logs in again, and allauth asks
            # for the second factor.
            messages.success(
                request, _("The deletion is cancelled and your account is back. Please log in.")
            )
            return redirect("account_login")
        login(request, member, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(
            request, _("The deletion is cancelled. Welcome back: everything is as it was.")
        )
        return redirect("account")
    return TemplateResponse(request, "members/deletion_pending.html", {"member": member})
