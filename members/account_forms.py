"""The form that confirms deleting an account: the password, and a code from the second
factor where the member has one."""

from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.models import Authenticator

from django import forms
from django.utils.translation import gettext_lazy as _

WRONG_PASSWORD = _("That is not your password.")


def needs_code(member):
    """Whether the member has a second factor that gives codes: an authenticator app or
    recovery codes (allauth.mfa). A security key cannot type a code; allauth makes recovery
    codes with the first key, so a member with one has codes too."""
    return (
        Authenticator.objects.filter(user=member).exclude(type=Authenticator.Type.WEBAUTHN).exists()
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Authenticator code"),
        help_text=_("A code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if not needs_code(member):
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD)
        return password

    def clean_code(self):
        """Checked by allauth.mfa's own form (TOTP or an unused recovery code, with its rate
        limit on failures), so the rules are those of the log-in's second step."""
        code = self.cleaned_data["code"]
        if "password" in self.errors:
            return code  # a recovery code is not spent with a wrong password
        check = BaseAuthenticateForm(data={"code": code}, user=self.member)
        if not check.is_valid():
            raise forms.ValidationError(check.errors["code"])
        return code
