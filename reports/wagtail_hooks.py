"""Reports in the Wagtail admin: the listing moderators work through, the Resolve action, and
the dashboard panel that tells them how much is waiting."""

import django_filters

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_list_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from artworks.models import Artwork
from artworks.renditions import CARD_SPECS
from core.admin_listing import CAPPED_RESULTS_TEMPLATE, CappedCountIndexView
from core.admin_moderation import ConfirmedBulkAction
from core.renditions import renditions_prefetch

from .models import Report, resolve_reports

ARTWORK_EDIT_URL = "wagtailsnippets_artworks_artwork:edit"
COMMENT_URL = "wagtailsnippets_comments_comment:inspect"


def listing_url(**filters):
    url = reverse("wagtailsnippets_reports_report:list")
    return f"{url}?{urlencode(filters)}" if filters else url


def resolve_url(report_ids, next_url):
    url = reverse("wagtail_bulk_action", args=["reports", "report", "resolve"])
    return f"{url}?{urlencode({'id': report_ids, 'next': next_url}, doseq=True)}"


def reported_artworks(request):
    """The artwork filter offers only works that have been reported, not the whole gallery."""
    return Artwork.objects.filter(pk__in=Report.objects.values("artwork_id")).order_by("title")


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("resolved", _("Resolved"))],
        method="filter_status",
        empty_label=_("Open and resolved"),
    )
    artwork = django_filters.ModelChoiceFilter(label=_("Artwork"), queryset=reported_artworks)

    class Meta:
        model = Report
        fields = ["status", "reason", "artwork"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.filter(resolved_at__isnull=False)


class ArtworkColumn(Column):
    """The reported work as a moderator judges it: its thumbnail, title (linking to its
    moderation page, where publishing or hiding it resolves its reports), artist, status and
    how many open reports it has."""

    cell_template_name = "reports/admin/artwork_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["artwork"] = instance.artwork
        if instance.comment is not None:
            # A comment report: the comment's page in the admin, where a moderator publishes
            # or removes it (which resolves its reports).
            context["comment"] = instance.comment
            context["edit_url"] = reverse(COMMENT_URL, args=[instance.comment_id])
            return context
        if instance.artwork is None:
            # A profile report: the member's admin page is where a moderator clears a bio,
            # links or avatar, or deactivates the account.
            context["edit_url"] = reverse("wagtailusers_users:edit", args=[instance.member_id])
            return context
        context["edit_url"] = reverse(ARTWORK_EDIT_URL, args=[instance.artwork_id])
        # An existing card rendition only: the admin never makes one.
        context["thumbnail"] = instance.artwork.admin_thumbnail
        return context


def reported_name(report):
    """What a report is about, for the Resolve button's accessible name."""
    if report.comment_id is not None:
        return gettext("the comment by %(author)s on “%(artwork)s”") % {
            "author": report.comment.author,
            "artwork": report.comment.artwork,
        }
    if report.artwork_id is not None:
        return f"“{report.artwork}”"
    return gettext("@%(username)s’s profile") % {"username": report.member.username}


class ReportIndexView(CappedCountIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_open and self.permission_policy.user_has_permission(
            self.request.user, "resolve"
        ):
            buttons.append(
                ListingButton(
                    gettext("Resolve"),
                    url=resolve_url([instance.pk], self.index_url),
                    icon_name="check",
                    attrs={
                        "aria-label": gettext("Resolve the report on %(reported)s")
                        % {"reported": reported_name(instance)}
                    },
                    priority=10,
                )
            )
        return buttons


class ReportViewSet(SnippetViewSet):
    """Reports are a snippet so that the listing gets Wagtail's filters, checkboxes and bulk
    actions; ReportPermissionPolicy (registered in apps.py) leaves no add or edit form."""

    model = Report
    icon = "warning"
    # Not plain "Reports": Wagtail's own Reports menu (site history, locked pages) sits beside it.
    menu_label = _("Member reports")
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = ReportIndexView
    # The first column carries the link to the report itself (its inspect view).
    list_display = [
        "reason",
        ArtworkColumn("artwork", label=_("Reported"), sort_key="artwork__title"),
        Column("reporter", label=_("Reporter"), accessor="get_reporter_display"),
        Column(
            "message",
            label=_("Message"),
            accessor=lambda report: Truncator(report.message).chars(80),
        ),
        DateColumn("created_at", label=_("Reported"), sort_key="created_at"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor=lambda report: gettext("Open") if report.is_open else gettext("Resolved"),
            primary=lambda report: report.is_open,
            sort_key="resolved_at",
        ),
    ]
    list_per_page = 50
    index_results_template_name = CAPPED_RESULTS_TEMPLATE
    filterset_class = ReportFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "artwork",
        "comment",
        "reason",
        "message",
        "reporter",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    copy_view_enabled = False
    # A report pointing at a work is not a "use" of it: the artwork's delete page should not
    # warn about its reports.
    add_to_reference_index = False

    def get_queryset(self, request):
        # Grouped per work: open reports first, the works with most open reports at the top
        # and each work's reports together (newest first), then the most recently resolved.
        def open_on(field):
            return Subquery(
                Report.objects.open()
                .filter(**{field: OuterRef(field)})
                .order_by()
                .values(field)
                .annotate(count=Count("pk"))
                .values("count")
            )

        return (
            Report.objects.select_related(
                "artwork__artist",
                "artwork__image",
                "member",
                "reporter",
                "comment__author",
                "comment__artwork",
            )
            .prefetch_related(renditions_prefetch("artwork__image__renditions", CARD_SPECS))
            .annotate(
                open_on_same=Coalesce(open_on("artwork"), open_on("comment"), open_on("member"), 0)
            )
            .order_by(
                F("resolved_at").desc(nulls_first=True),
                "-open_on_same",
                "artwork_id",
                "comment_id",
                "member_id",
                "-created_at",
                "-pk",
            )
        )


register_snippet(ReportViewSet)


@hooks.register("register_bulk_action")
class ResolveReportsBulkAction(ConfirmedBulkAction):
    models = [Report]
    display_name = _("Resolve")
    action_type = "resolve"
    aria_label = _("Resolve selected reports")
    action_priority = 10
    # The confirmation is the moderation actions' (core/admin/confirm_bulk_status.html),
    # with these words and each report's line.
    template_name = "reports/admin/confirm_resolve.html"
    confirm_text = _("Mark these reports as resolved? They leave the list of open reports.")
    button_text = _("Yes, resolve")
    no_access_message = _("You don't have permission to resolve these reports")

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The confirmation lists each report's work and reporter.
        return get_list_or_404(
            Report.objects.select_related("artwork", "comment__author", "reporter"),
            pk__in=object_ids,
        )

    def check_perm(self, report):
        return self.permission_policy.user_has_permission(self.request.user, "resolve")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        resolved = resolve_reports(
            Report.objects.filter(pk__in=[report.pk for report in objects]),
            kwargs["self"].request.user,
        )
        return resolved, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%d report resolved.", "%d reports resolved.", num_parent_objects) % (
            num_parent_objects
        )


class OpenReportsPanel(Component):
    """On the admin dashboard: how many reports wait for a moderator and how many works
    reports have taken out of public view, each linking to its filtered listing."""

    name = "open_reports"
    template_name = "reports/admin/open_reports_panel.html"
    order = 95  # just after the artworks awaiting review: both are the moderators' queue

    def get_context_data(self, parent_context):
        return {
            "open_count": Report.objects.open().count(),
            "held_count": Artwork.objects.filter(status=Artwork.Status.HELD).count(),
            "open_url": listing_url(status="open"),
            "held_url": (
                f"{reverse('wagtailsnippets_artworks_artwork:list')}?"
                f"{urlencode({'status': Artwork.Status.HELD})}"
            ),
        }


@hooks.register("construct_homepage_panels")
def add_open_reports_panel(request, panels):
    if request.user.has_perm("reports.view_report"):
        panels.append(OpenReportsPanel())


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action("reports.resolve", _("Resolve report"), _("Resolved"))
