"""The member's notifications page, marking notifications read, email settings, and the
one-click unsubscribe link every notification email carries."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.member_requests import over_member_limit, wants_json
from core.pagination import paginate

from . import emails, services
from .forms import NotificationSettingsForm
from .models import Notification

ALL_READ = _("All your notifications are marked as read.")
SETTINGS_SAVED = _("Your notification settings are saved.")
TOO_MANY_CHANGES = _(
    "You have changed your notifications many times in a short time. Nothing changed this "
    "time; please wait a while and try again."
)
INVALID_UNSUBSCRIBE_LINK = _(
    "This unsubscribe link is not valid: it may have been cut short or changed when it was "
    "copied. Copy the whole link from the email, or log in and change your notification "
    "settings."
)


def too_many_changes(request):
    """Counted per member on every write here (marking all read, saving settings)."""
    return over_member_limit(request, "notifications", settings.NOTIFICATION_WRITE_RATE_LIMIT)


@require_GET
@login_required
def notification_list(request):
    """The member's notifications, newest first, a page at a time; unread ones stand out.
    Opening the page marks nothing read: the member marks all read with the button, or one
    by opening it, so what is new stays visible until they have dealt with it. One query for
    the page (actors and works joined), whatever the number of notifications."""
    rows = Notification.objects.select_related("actor", "artwork").order_by("-created_at", "-pk")
    notifications = rows.filter(recipient=request.user)
    page = paginate(request, notifications, settings.NOTIFICATIONS_PER_PAGE, rows=rows)
    return TemplateResponse(
        request, "notifications/notification_list.html", {"notifications": page}
    )


@require_GET
@login_required
def open_notification(request, notification_id):
    """Marks the notification read and goes to what it is about. A GET, so that it is a
    plain link (opened in a new tab, read by screen readers as a link): marking one's own
    notification read is harmless to repeat or to be tricked into."""
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    services.mark_read(notification)
    target = notification.target_url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications")


@require_POST
@login_required
def mark_all_read(request):
    if too_many_changes(request):
        if wants_json(request):
            return JsonResponse({"error": TOO_MANY_CHANGES}, status=429)
        messages.error(request, TOO_MANY_CHANGES)
        return redirect("notifications")
    services.mark_all_read(request.user)
    if wants_json(request):
        return JsonResponse({"unread": 0, "message": ALL_READ})
    messages.success(request, ALL_READ)
    return redirect("notifications")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    status = 200
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if too_many_changes(request):
            form.full_clean()
            form.add_error(None, TOO_MANY_CHANGES)
            status = 429
        elif form.is_valid():
            services.set_email_choice(request.user, form.cleaned_data["email"])
            messages.success(request, SETTINGS_SAVED)
            return redirect("notification_settings")
        else:
            status = 400
    else:
        form = NotificationSettingsForm(initial={"email": services.email_choice(request.user)})
    return TemplateResponse(request, "notifications/settings.html", {"form": form}, status=status)


@never_cache
@csrf_exempt  # RFC 8058: mail programs POST here without a form or cookies
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every notification email: no log-in needed, the signed token names the
    member. A GET only asks (link checkers and mail scanners open links); a POST turns their
    notification emails off, whether from the page's button or a mail program's one-click
    unsubscribe (List-Unsubscribe-Post). CSRF protection is off for this address only: the
    secret token is the proof, and the worst a forged POST could do is what the link does.
    Not rate limited: mail providers send their members' one-click POSTs from a few
    addresses."""
    member = emails.member_from_unsubscribe_token(token)
    if member is None:
        return TemplateResponse(
            request,
            "notifications/unsubscribe_invalid.html",
            {"message": INVALID_UNSUBSCRIBE_LINK},
            status=400,
        )
    done = request.method == "POST"
    if done:
        services.set_email_choice(member, services.Email.OFF)
    return TemplateResponse(request, "notifications/unsubscribe.html", {"done": done})
