"""Moderation in the Wagtail admin: the Artworks listing, its bulk actions, and the dashboard
panel of work awaiting review."""

import django_filters

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Artwork, ReviewSettings, renditions_prefetch
from .renditions import ADMIN_THUMBNAIL_SPEC, CARD_SPECS


class ThumbnailColumn(Column):
    """A small rendition of the work (the card rendition, so nothing new is generated)."""

    cell_template_name = "artworks/admin/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        # Only an existing rendition: the admin never makes one either (see Artwork.card_ready).
        context["thumbnail"] = next(
            (
                rendition
                for rendition in instance.image.prefetched_renditions
                if rendition.filter_spec == ADMIN_THUMBNAIL_SPEC
            ),
            None,
        )
        return context


class ArtworkFilterSet(WagtailFilterSet):
    tag = django_filters.CharFilter(field_name="tags__slug", label="Tag (slug)")

    class Meta:
        model = Artwork
        fields = ["status", "artist"]


class ArtworkViewSet(SnippetViewSet):
    model = Artwork
    icon = "image"
    menu_label = "Artworks"
    menu_order = 150
    add_to_admin_menu = True
    # Title first: the first column carries the edit link.
    list_display = [
        "title",
        ThumbnailColumn("thumbnail", label="Image"),
        "artist",
        "status",
        "created_at",
    ]
    list_per_page = 50
    filterset_class = ArtworkFilterSet
    ordering = ["-created_at"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Artwork.objects.select_related("artist", "image").prefetch_related(
            renditions_prefetch("image__renditions", CARD_SPECS)
        )


register_snippet(ArtworkViewSet)


class ModerationNoteForm(forms.Form):
    moderation_note = forms.CharField(
        label="Note to the artist",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the work is hidden. The artist sees it on their artworks page.",
    )


class ArtworkStatusBulkAction(SnippetBulkAction):
    models = [Artwork]
    new_status = None
    template_name = "artworks/admin/confirm_bulk_status.html"

    def check_perm(self, artwork):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", artwork
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        changes = {"status": cls.new_status}
        form = kwargs["self"].cleaned_form
        if form is not None and "moderation_note" in form.cleaned_data:
            changes["moderation_note"] = form.cleaned_data["moderation_note"]
        elif cls.new_status == Artwork.Status.PUBLISHED:
            changes["moderation_note"] = ""
        for artwork in objects:
            # Saved one by one so search indexing and signals see every change.
            for field, value in changes.items():
                setattr(artwork, field, value)
            artwork.decided_by = kwargs["self"].request.user
            artwork.save(update_fields=[*changes, "updated_at"])
        return len(objects), 0


@hooks.register("register_bulk_action")
class HideArtworksBulkAction(ArtworkStatusBulkAction):
    display_name = "Hide"
    action_type = "hide"
    aria_label = "Hide selected artworks"
    action_priority = 20
    new_status = Artwork.Status.HIDDEN
    form_class = ModerationNoteForm
    confirm_text = "Hide these artworks from every public page?"
    button_text = "Yes, hide"

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%d artwork hidden.", "%d artworks hidden.", num_parent_objects) % (
            num_parent_objects
        )


@hooks.register("register_bulk_action")
class PublishArtworksBulkAction(ArtworkStatusBulkAction):
    display_name = "Publish"
    action_type = "publish"
    aria_label = "Publish selected artworks"
    action_priority = 10
    new_status = Artwork.Status.PUBLISHED
    confirm_text = "Publish these artworks in the public gallery?"
    button_text = "Yes, publish"

    def get_success_message(self, num_parent_objects, num_child_objects):
        return (
            ngettext("%d artwork published.", "%d artworks published.", num_parent_objects)
            % num_parent_objects
        )


class AwaitingReviewPanel(Component):
    """On the admin dashboard: how many works wait for a moderator, the oldest first, and a
    link to the listing filtered to them."""

    name = "artworks_awaiting_review"
    template_name = "artworks/admin/awaiting_review_panel.html"
    order = 90  # above Wagtail's own panels: this is the moderators' daily work
    SHOWN = 5

    def get_context_data(self, parent_context):
        waiting = Artwork.objects.filter(status=Artwork.Status.AWAITING_REVIEW)
        listing_url = reverse("wagtailsnippets_artworks_artwork:list")
        request = parent_context["request"]
        return {
            "review_on": ReviewSettings.for_request(request).review_new_uploads,
            "settings_url": reverse("wagtailsettings:edit", args=["artworks", "reviewsettings"]),
            "count": waiting.count(),
            "oldest": waiting.select_related("artist").order_by("created_at", "pk")[: self.SHOWN],
            "listing_url": f"{listing_url}?{urlencode({'status': Artwork.Status.AWAITING_REVIEW})}",
        }


@hooks.register("construct_homepage_panels")
def add_awaiting_review_panel(request, panels):
    if request.user.has_perm("artworks.change_artwork"):
        panels.append(AwaitingReviewPanel())
