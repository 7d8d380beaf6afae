"""Comments in the Wagtail admin: the listing moderators work through (filters, search, the
Publish and Remove actions, each comment's History), every decision through
comments.moderation."""

import django_filters

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import HistoryView, SnippetViewSet

from core.admin_listing import CAPPED_RESULTS_TEMPLATE, CappedCountIndexView
from core.admin_moderation import (
    MemberFilter,
    MemberFilterSet,
    StatusBulkAction,
    UsernameFilter,
    note_form,
    register_decision_log,
)

from . import moderation
from .models import Comment


class CommentFilterSet(MemberFilterSet):
    artist_username = UsernameFilter(
        field_name="artwork__artist", label=_("Username of the artist")
    )
    artist = MemberFilter(label=_("Artist of the work"), field_name="artwork__artist")
    reported = django_filters.ChoiceFilter(
        label=_("Reports"),
        choices=[("open", _("With open reports")), ("any", _("Ever reported"))],
        method="filter_reported",
        empty_label=_("Reported or not"),
    )

    class Meta:
        model = Comment
        fields = ["status", "artist_username", "artist", "reported"]

    def filter_reported(self, queryset, name, value):
        if value == "open":
            return queryset.filter(open_reports__gt=0)
        return queryset.filter(reports__isnull=False).distinct()


def decide_url(action_type, comment_ids, next_url):
    url = reverse("wagtail_bulk_action", args=["comments", "comment", action_type])
    return f"{url}?{urlencode({'id': comment_ids, 'next': next_url}, doseq=True)}"


#: The listing buttons' names for screen readers, which say which comment each acts on.
HISTORY_OF = _("History of the comment “%(comment)s”")
PUBLISH_THE = _("Publish the comment “%(comment)s”")
REMOVE_THE = _("Remove the comment “%(comment)s”")


class CommentIndexView(CappedCountIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.permission_policy.user_has_permission(self.request.user, "moderate"):
            return buttons
        # Wagtail links History from the edit view, which comments do not have.
        history_url = reverse("wagtailsnippets_comments_comment:history", args=[instance.pk])
        choices = [(gettext("History"), history_url, "history", HISTORY_OF, 30)]
        if instance.status != Comment.Status.PUBLISHED:
            publish_url = decide_url("publish", [instance.pk], self.index_url)
            choices.append((gettext("Publish"), publish_url, "check", PUBLISH_THE, 10))
        if instance.status != Comment.Status.REMOVED:
            remove_url = decide_url("remove", [instance.pk], self.index_url)
            choices.append((gettext("Remove"), remove_url, "cross", REMOVE_THE, 20))
        for label, url, icon_name, aria_label, priority in choices:
            buttons.append(
                ListingButton(
                    label,
                    url=url,
                    icon_name=icon_name,
                    attrs={"aria-label": aria_label % {"comment": instance}},
                    priority=priority,
                )
            )
        return buttons


class CommentHistoryView(HistoryView):
    # Wagtail opens History to those who may add, change or delete; nobody changes a comment
    # here (CommentPermissionPolicy), so those who may moderate one read its History.
    any_permission_required = ["moderate", "delete"]


class CommentViewSet(SnippetViewSet):
    """Comments are a snippet so that the listing gets Wagtail's filters, search, checkboxes,
    bulk actions and History; CommentPermissionPolicy (registered in apps.py) leaves no add
    or edit form, so the first column links to each comment's inspect view."""

    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 155
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    history_view_class = CommentHistoryView
    # The comment's opening words first: the first column carries the link to the comment
    # (its inspect view) and its Publish, Remove and History buttons.
    list_display = [
        "__str__",
        Column("author", label=_("Author")),
        Column("artwork", label=_("On")),
        Column("artist", label=_("Artist"), accessor=lambda comment: comment.artwork.artist),
        "status",
        Column("open_reports", label=_("Open reports"), sort_key="open_reports"),
        DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
    ]
    list_per_page = 50
    index_results_template_name = CAPPED_RESULTS_TEMPLATE
    filterset_class = CommentFilterSet
    # Searched in the database (the model is not in Wagtail's search index): a moderator
    # looks for a phrase among comments, not for relevance.
    search_fields = ["body"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "body",
        "author",
        "artwork",
        "parent",
        "status",
        "moderation_note",
        "created_at",
        "edited_at",
    ]
    copy_view_enabled = False
    add_to_reference_index = False

    def get_queryset(self, request):
        return Comment.objects.select_related("author", "artwork__artist").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )


register_snippet(CommentViewSet)


RemovalNoteForm = note_form(_("Note"), _("Why the comment is removed, for the moderators' record."))


class CommentStatusBulkAction(StatusBulkAction):
    models = [Comment]
    decide = staticmethod(moderation.decide)
    template_name = "comments/admin/confirm_bulk_status.html"
    no_access_message = _("You don't have permission to moderate these comments")

    def check_perm(self, comment):
        return self.permission_policy.user_has_permission(self.request.user, "moderate")


@hooks.register("register_bulk_action")
class PublishCommentsBulkAction(CommentStatusBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish selected comments")
    action_priority = 10
    new_status = Comment.Status.PUBLISHED
    confirm_text = _("Publish these comments on their works' pages?")
    button_text = _("Yes, publish")
    success_message = ngettext_lazy("%d comment published.", "%d comments published.")


@hooks.register("register_bulk_action")
class RemoveCommentsBulkAction(CommentStatusBulkAction):
    display_name = _("Remove")
    action_type = "remove"
    aria_label = _("Remove selected comments")
    action_priority = 20
    new_status = Comment.Status.REMOVED
    form_class = RemovalNoteForm
    confirm_text = _("Remove these comments from their works' pages?")
    button_text = _("Yes, remove")
    success_message = ngettext_lazy("%d comment removed.", "%d comments removed.")


@hooks.register("register_log_actions")
def register_comment_log(actions):
    """Labels for the decisions moderation.decide() logs, shown in the comment's History and
    in Reports → Site history."""

    register_decision_log(
        actions,
        [
            ("comments.publish", _("Publish comment"), _("Published")),
            ("comments.remove", _("Remove comment"), _("Removed")),
            ("comments.hold", _("Hold comment after reports"), _("Held after reports")),
            ("comments.await_review", _("Send comment to review"), _("Sent to review")),
            (
                "comments.delete_by_artist",
                _("Delete comment (artist)"),
                _("Deleted by the artist"),
            ),
        ],
    )
