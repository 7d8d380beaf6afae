"""How allauth behaves on this site: the client address it counts, the words it uses, the
usernames it accepts, and how many account emails strangers can make it send."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context, ratelimit
from allauth.core.internal.ratelimit import truncate_ip

from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .client_ip import client_ip
from .names import name_key

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


#: How long a network a member logged in from counts as theirs (see mail_limits).
KNOWN_NETWORK_SECONDS = 90 * 24 * 60 * 60


def network_of(ip):
    """The client's network as allauth's rate limits count it (an IPv6 address by its /64:
    one host holds a whole /64, so counting single addresses would give it endless quota)."""
    return truncate_ip(ip)


def known_network_key(member_pk, network):
    return f"member-network:{member_pk}:{network}"


def remember_network(request, member):
    """Called at each log-in: this network is the member's own for a while."""
    cache.set(
        known_network_key(member.pk, network_of(client_ip(request))), True, KNOWN_NETWORK_SECONDS
    )


def owners_network(email, network):
    """Whether a member with this address has logged in from this network lately."""
    members = (
        get_user_model().objects.filter(email__iexact=email.strip()).values_list("pk", flat=True)
    )
    return any(cache.get(known_network_key(pk, network)) for pk in members)


def mail_limits(email, network, from_owner=False):
    """(action, key) pairs for ACCOUNT_RATE_LIMITS: this inbox from this network, this inbox
    from anywhere, and every such email the site sends. A request from a network the owner of
    the inbox has logged in from is not held to the inbox's daily cap, so strangers using it
    up cannot stop the member's own reset."""
    address = email.strip().lower()
    limits = [("mail_per_address_and_ip", f"{address} {network}")]
    if not from_owner:
        limits.append(("mail_per_address", address))
    limits.append(("mail_total", "all"))
    return limits


def name_reads_as_anothers(username):
    key = name_key(username)
    return bool(key) and get_user_model().objects.filter(name_key=key).exists()


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
        username = super().clean_username(username, shallow=shallow)
        if not shallow and name_reads_as_anothers(username):
            # A new member's username is their public name until they choose a display name:
            # it may not read as someone else's ("m1ravale" for "Mira Vale").
            raise forms.ValidationError(self.error_messages["username_taken"])
        return username

    def respond_user_inactive(self, request, user):
        """A member whose deletion is pending (the right password, an inactive account) is
        offered to cancel it; anyone else inactive was suspended by the moderators."""
        if user.deletion_requested_at is not None:
            from .account_views import remember_pending_deletion

            remember_pending_deletion(request, user)
            return redirect("account_deletion_pending")
        return super().respond_user_inactive(request, user)

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
        network = network_of(self.get_client_ip(request))
        limits = mail_limits(email, network, from_owner=owners_network(email, network))
        # Look at every limit first, so a refused email uses up none of them.
        for action, key in limits:
            if not ratelimit.consume(request, action=action, key=key, dry_run=True):
                if action == "mail_total":
                    # The whole site's account mail has stopped: someone must look.
                    logger.error("The site-wide cap on account emails is reached")
                return False
        for action, key in limits:
            ratelimit.consume(request, action=action, key=key)
        return True
