"""Commission requests in the Wagtail admin: a read-only listing for moderators looking into
abuse (who writes to whom, how often, who got blocked). Moderators read the messages: that
is what they moderate, and the request form tells senders so."""

import django_filters

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CommissionRequest


class CommissionRequestFilterSet(WagtailFilterSet):
    # Usernames typed, not a list to pick from: every member may be an artist or a sender.
    artist = django_filters.CharFilter(
        label=_("Artist (username)"), field_name="artist__username", lookup_expr="iexact"
    )
    sender = django_filters.CharFilter(
        label=_("Sender (username)"), field_name="sender__username", lookup_expr="iexact"
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Sent"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CommissionRequest.Status.choices, empty_label=_("All requests")
    )

    class Meta:
        model = CommissionRequest
        fields = ["artist", "sender", "created_at", "status"]


def person(member):
    return f"{member.public_name} (@{member.username})"


class CommissionRequestViewSet(SnippetViewSet):
    """A snippet for Wagtail's listing, filters and inspect view; the permission policy
    (registered in apps.py) leaves no add or edit form, so moderators only read."""

    model = CommissionRequest
    icon = "mail"
    menu_label = _("Commission requests")
    menu_order = 170  # after "Member reports": both are the moderators' to look into
    add_to_admin_menu = True
    # The first column carries the link to the request itself (its inspect view).
    list_display = [
        "subject",
        Column("artist", label=_("Artist"), accessor=lambda item: person(item.artist)),
        Column("sender", label=_("Sender"), accessor=lambda item: person(item.sender)),
        Column(
            "message", label=_("Message"), accessor=lambda item: Truncator(item.message).chars(80)
        ),
        DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status == CommissionRequest.Status.BLOCKED,
        ),
    ]
    list_per_page = 50
    filterset_class = CommissionRequestFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "artist",
        "sender",
        "message",
        "budget",
        "deadline",
        "status",
        "created_at",
    ]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return CommissionRequest.objects.select_related("artist", "sender")


register_snippet(CommissionRequestViewSet)
