"""
Wagtail's user admin, adapted to members.

Wagtail lets anyone with the "change user" permission set passwords, groups and admin rights,
in the edit form and in its bulk actions. Our moderators hold that permission only to
deactivate members, so for anyone who is not a superuser the edit form keeps just "active"
and the public name, and every path (edit, delete, each bulk action) applies the rules of
members.moderation: staff, superusers and group members are out of reach, and only
superusers assign roles. For everyone, usernames and emails are checked without regard to
case, as the database constraints require (a clash is a form error, not a 500).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.actions import EditAction
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)
from wagtail.users.views.users import DeleteView, EditView, UserViewSet

from .moderation import (
    CLEARABLE,
    clear_profile,
    may_act_on,
    may_assign_roles,
    set_member_active,
)
from .names import NAME_TAKEN, name_taken

User = get_user_model()


class MemberFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Members give a display name, not first and last names; Wagtail requires those.
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_username(self):
        # Ours runs first: a clash in any case is refused here, and Wagtail's own check
        # (an exact match, made after the fields') then finds no username left to check, so
        # the form says it once.
        username = self.cleaned_data["username"]
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(gettext("A member already uses this username."))
        return username

    def clean_display_name(self):
        display_name = self.cleaned_data.get("display_name", "")
        if display_name and name_taken(display_name, member=self.instance):
            raise forms.ValidationError(NAME_TAKEN)
        return display_name

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and clash.exists():
            raise forms.ValidationError(_("A member already uses this email address."))
        return email


class MemberCreationForm(MemberFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = {*UserCreationForm.Meta.fields, "display_name"}


class MemberEditForm(MemberFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = {*UserEditForm.Meta.fields, "display_name"}

    clear = forms.MultipleChoiceField(
        label=_("Clear from the public profile"),
        required=False,
        choices=[(part, format_lazy(_("Clear the {part}"), part=part)) for part in CLEARABLE],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For a reported profile: empties what you tick (an uploaded avatar or "
            "banner is deleted) without deactivating the member. Logged in the member's history."
        ),
    )


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
        # Editing oneself is Wagtail's account page for anyone who is not a superuser.
        if not may_act_on(request.user, self.object) and self.object != request.user:
            raise PermissionDenied

    def get_form_class(self):
        if self.request.user.is_superuser:
            return MemberEditForm
        return ModeratorMemberEditForm


class MemberDeleteView(DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not may_act_on(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MemberEditAction(EditAction):
    """A change of "active" in the edit form is a moderation decision, made (and logged) by
    members.moderation like the bulk action's; the rest is saved as any edit."""

    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        # The edit is saved with the stored "active"; the change, if any, is then made by the
        # moderation service, in the same transaction.
        active = self.instance.is_active
        self.instance.is_active = User.objects.values_list("is_active", flat=True).get(
            pk=self.instance.pk
        )
        member = super().execute(skip_permission_checks=skip_permission_checks)
        set_member_active(member, active, by=self.user)
        if self.form is not None:
            clear_profile(member, self.form.cleaned_data.get("clear", []), by=self.user)
        return member


class MemberSetActiveStateBulkAction(SetActiveStateBulkAction):
    def check_perm(self, member):
        return super().check_perm(member) and may_act_on(self.request.user, member)

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, user=None, **kwargs):
        # One by one through the moderation service, not Wagtail's queryset update(): that
        # skipped the signals that take a member's work out of (or back into) public view.
        changed = [
            member
            for member in objects
            if member.pk != user.pk and set_member_active(member, mark_as_active, by=user)
        ]
        return len(changed), 0


class MemberAssignRoleBulkAction(AssignRoleBulkAction):
    def check_perm(self, member):
        return may_assign_roles(self.request.user)


class MemberDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, member):
        return super().check_perm(member) and may_act_on(self.request.user, member)


#: Registered in wagtail_hooks after Wagtail's own, which they replace.
BULK_ACTIONS = [MemberSetActiveStateBulkAction, MemberAssignRoleBulkAction, MemberDeleteBulkAction]


class MemberUserViewSet(UserViewSet):
    edit_view_class = MemberEditView
    delete_view_class = MemberDeleteView

    def get_form_class(self, for_update=False):
        return MemberEditForm if for_update else MemberCreationForm
