"""What the moderation screens of the Wagtail admin share, whichever app's objects they act on
(artworks, comments, reports): bulk actions that give objects a status through their app's
moderation service, the labels of the decisions those services log, the permission policy of
what members wrote themselves, and the filters that find one member's objects without listing
every member."""

import django_filters

from django import forms
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction


def note_form(label, help_text):
    """A StatusBulkAction's `form_class` when the decision asks for a note: one optional
    `moderation_note`, worded for the app's decision."""
    note = forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )
    return type("NoteForm", (forms.Form,), {"moderation_note": note})


class ConfirmedBulkAction(SnippetBulkAction):
    """A bulk action whose confirmation is core/admin/confirm_bulk_status.html (or a template
    extending it), worded by the action's `confirm_text`, `button_text` and
    `no_access_message`."""

    no_access_message = _("You don't have permission to change these items")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class StatusBulkAction(ConfirmedBulkAction):
    """Gives every selected object `new_status` through `decide` (the app's moderation
    service: one decision per object, audit log included), with the note from `form_class`'s
    `moderation_note` when the action asks for one. The confirmation lists the objects through
    the app's `template_name`, which extends core/admin/confirm_bulk_status.html."""

    new_status = None
    #: The app's moderation service: decide(obj, status, *, by, note="").
    decide = None

    #: What the moderator reads once it is done, given the number of objects:
    #: ngettext_lazy("%d artwork hidden.", "%d artworks hidden.").
    success_message = None

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message % num_parent_objects

    @classmethod
    def execute_action(cls, objects, **kwargs):
        action = kwargs["self"]
        note = ""
        if action.cleaned_form is not None:
            note = action.cleaned_form.cleaned_data.get("moderation_note", "")
        for obj in objects:
            cls.decide(obj, cls.new_status, note=note, by=action.request.user)
        return len(objects), 0


class DecisionFormatter(LogFormatter):
    """A moderation decision in an object's History and in Reports → Site history. The note is
    part of the message: both screens show messages, and the moderator's reason is what
    someone reading them needs. `note_message` words the two together."""

    note_message = _("%(decision)s. Note: %(note)s")

    def format_message(self, log_entry):
        note = log_entry.data.get("note", "")
        if not note:
            return self.message
        return self.note_message % {"decision": self.message, "note": note}


def register_decision_log(actions, decisions, note_message=DecisionFormatter.note_message):
    """Register a DecisionFormatter for each (action, label, message) of `decisions` with
    Wagtail's `register_log_actions` registry `actions`."""
    for action, label, message in decisions:
        attributes = {"label": label, "message": message, "note_message": note_message}
        actions.register_action(action)(type(action, (DecisionFormatter,), attributes))


class MemberWrittenPermissionPolicy(ModelPermissionPolicy):
    """For what members wrote (reports, comments): nobody adds or rewrites one in the admin.
    Django's "change" permission is the right to act on one, asked for as `acting_action`
    ("resolve", "moderate"); "view" opens the listing and each object; superusers may also
    delete one."""

    NOBODY = frozenset({"add", "change"})
    acting_action = None

    def _django_action(self, action):
        return "change" if action == self.acting_action else action

    def user_has_permission(self, user, action):
        if action in self.NOBODY:
            return False
        return super().user_has_permission(user, self._django_action(action))

    def users_with_any_permission(self, actions):
        allowed = {self._django_action(action) for action in actions if action not in self.NOBODY}
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


class MemberFilter(django_filters.ModelChoiceFilter):
    """`?<name>=<member id>`, for links to one member's objects. Never a drop-down of every
    member: with a hundred thousand it would weigh megabytes and read them all on each page of
    the listing. MemberFilterSet offers it only while it is in use, with that member alone
    (so the pill and the drop-down name them, and one click clears it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", get_user_model().objects.none())
        super().__init__(*args, **kwargs)


class MemberFilterSet(WagtailFilterSet):
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, member_filter in list(self.filters.items()):
            if not isinstance(member_filter, MemberFilter):
                continue
            member_id = (data or {}).get(name, "")
            if str(member_id).isdigit():
                member_filter.queryset = get_user_model().objects.filter(pk=member_id)
            else:
                del self.filters[name]


class UsernameFilter(django_filters.CharFilter):
    """The member typed by username, any case: one lookup in the index on the lowercased
    username (members.User's constraint), then the listing's own index on the member."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Exactly, in any case. The search box finds names."))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        members = (
            get_user_model()
            .objects.alias(lower_username=Lower("username"))
            .filter(lower_username=value.strip().lstrip("@").lower())
        )
        return queryset.filter(**{f"{self.field_name}__in": members.values("pk")})
