"""
Wagtail's user admin, adapted to members.

Wagtail lets anyone with the "change user" permission set passwords, groups and admin rights.
Our moderators hold that permission only to deactivate members, so for anyone who is not a
superuser the edit form keeps just "active" and the public name, and staff or superuser
accounts are out of reach. For everyone, usernames and emails are checked without regard to
case, as the database constraints require (a clash is a form error, not a 500).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView, UserViewSet

User = get_user_model()


class MemberFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Members give a display name, not first and last names; Wagtail requires those.
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].required = False

    def _clean_username(self):
        username = self.cleaned_data.get(User.USERNAME_FIELD)
        if username is None:
            return
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error(
                User.USERNAME_FIELD, forms.ValidationError("A member already uses this username.")
            )

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and clash.exists():
            raise forms.ValidationError("A member already uses this email address.")
        return email


class MemberCreationForm(MemberFormMixin, UserCreationForm):
    pass


class MemberEditForm(MemberFormMixin, UserEditForm):
    pass


class ModeratorMemberEditForm(MemberEditForm):
    """What a moderator who is not a superuser may change: whether the account is active."""

    SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups")
    # Shown but not editable: a changed email would let a password reset take the account.
    READ_ONLY_FIELDS = ("username", "email")
    password_enabled = False  # no password fields: a moderator must not take over an account

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.SUPERUSER_ONLY_FIELDS:
            self.fields.pop(name, None)
        for name in self.READ_ONLY_FIELDS:
            self.fields[name].disabled = True


class MemberEditView(EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # A moderator acts on plain members only: never on staff, superusers or anyone in a
        # group (another moderator).
        member = self.object
        if not request.user.is_superuser and (
            member.is_superuser or member.is_staff or member.groups.exists()
        ):
            raise PermissionDenied

    def get_form_class(self):
        if self.request.user.is_superuser:
            return MemberEditForm
        return ModeratorMemberEditForm


class MemberUserViewSet(UserViewSet):
    edit_view_class = MemberEditView

    def get_form_class(self, for_update=False):
        return MemberEditForm if for_update else MemberCreationForm
