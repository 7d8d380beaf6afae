from allauth.mfa.models import Authenticator

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.page_cache import can_enter_admin

# Authenticators that are a second factor by themselves (recovery codes only back one up).
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class StaffMFAMiddleware:
    """With STAFF_MFA_REQUIRED, anyone who can enter the Wagtail admin and has no second factor
    is sent from every /admin/ page to set one up (allauth.mfa). Once they have one, allauth
    asks for it at every log-in; /admin/login/ sends people to allauth's log-in (config/urls.py),
    so no way into the admin skips it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path_info.startswith("/admin/")
            and can_enter_admin(request.user)
            and not has_second_factor(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts use a second factor. Set up an authenticator app or a "
                    "security key to open the admin."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
