"""How allauth behaves on this site: the client address it counts, the words it uses, the
usernames it accepts, and how many account emails strangers can make it send."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context, ratelimit

from django import forms
from django.core.exceptions import PermissionDenied

from .client_ip import client_ip

logger = logging.getLogger(__name__)

# Emails that someone other than the recipient can cause (a reset asked for, a sign-up with
# a registered address, a confirmation link sent or sent again). Notices of changes made by a
# logged-in member (password or email changed, second factor added) are never held back:
# whoever floods an inbox must not be able to silence them.
MAIL_ANYONE_CAN_TRIGGER = {
    "account/email/password_reset_key",
    "account/email/account_already_exists",
    "account/email/unknown_account",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
}


def mail_limits(email, ip):
    """(action, key) pairs for ACCOUNT_RATE_LIMITS: this inbox from this network, this inbox
    from anywhere, and every such email the site sends."""
    address = email.strip().lower()
    return [
        ("mail_per_address_and_ip", f"{address} {ip}"),
        ("mail_per_address", address),
        ("mail_total", "all"),
    ]


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The same words whether the username exists or not.
        "username_password_mismatch": "Please enter a correct username and password.",
        "username_taken": "That username is taken. Please choose another.",
        "too_many_login_attempts": (
            "Too many failed log-in attempts from your network. Please wait a while and try "
            "again, or reset your password."
        ),
    }

    def get_client_ip(self, request):
        """The same address django-axes and django-ratelimit use (TRUSTED_PROXY_COUNT)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def clean_username(self, username, shallow=False):
        if not username.isascii():
            # Uniqueness ignores case; SQLite only folds the case of ASCII letters.
            raise forms.ValidationError(
                "Use only the letters A–Z, digits and the characters @ . + - _ in a username."
            )
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix, email, context_data):
        if template_prefix in MAIL_ANYONE_CAN_TRIGGER and not self.mail_allowed(email):
            # The page answers as if the email went: a visitor learns nothing from the limit.
            logger.warning(
                "Account email %s to %s held back by a rate limit", template_prefix, email
            )
            return
        super().send_mail(template_prefix, email, context_data)

    def mail_allowed(self, email):
        request = context.request
        if request is None:
            return True  # sent by the site itself (a command or task), not by a visitor
        limits = mail_limits(email, self.get_client_ip(request))
        # Look at every limit first, so a refused email uses up none of them.
        for action, key in limits:
            if not ratelimit.consume(request, action=action, key=key, dry_run=True):
                return False
        for action, key in limits:
            ratelimit.consume(request, action=action, key=key)
        return True
