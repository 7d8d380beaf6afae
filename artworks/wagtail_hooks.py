"""Moderation in the Wagtail admin: the Artworks listing, its edit form and bulk actions (every
decision through artworks.moderation), the dashboard panel of work awaiting review, and the
admin API kept to the images a user may see."""

import django_filters

from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail import hooks
from wagtail.actions import EditAction
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_listing import (
    CAPPED_RESULTS_TEMPLATE,
    CappedCountChooserMixin,
    CappedCountIndexView,
)
from core.admin_moderation import (
    MemberFilter,
    MemberFilterSet,
    StatusBulkAction,
    UsernameFilter,
    note_form,
    register_decision_log,
)
from core.renditions import renditions_prefetch

from . import moderation
from .locking import lock_artist_of
from .models import Artwork, ReviewSettings
from .renditions import CARD_SPECS


class ThumbnailColumn(Column):
    """A small rendition of the work (the card rendition, so nothing new is generated)."""

    cell_template_name = "artworks/admin/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        # Only an existing rendition: the admin never makes one either (see Artwork.card_ready).
        context["thumbnail"] = instance.admin_thumbnail
        return context


def artworks_with_thumbnails():
    return Artwork.objects.select_related("artist", "image").prefetch_related(
        renditions_prefetch("image__renditions", CARD_SPECS)
    )


class ArtworkChooserColumnsMixin(CappedCountChooserMixin):
    """The chooser (exhibitions pick works with it) shows what an editor needs to choose
    well: the work itself, its artist and whether it is public; counted up to a cap, as the
    listing is."""

    @property
    def columns(self):
        return [
            *super().columns,
            ThumbnailColumn("thumbnail", label=_("Image")),
            Column("artist", label=_("Artist")),
            Column("status", label=_("Status"), accessor="get_status_display"),
        ]

    def get_object_list(self):
        return artworks_with_thumbnails()


class ArtworkChooseView(ArtworkChooserColumnsMixin, ChooseView):
    pass


class ArtworkChooseResultsView(ArtworkChooserColumnsMixin, ChooseResultsView):
    pass


class ArtworkChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ArtworkChooseView
    choose_results_view_class = ArtworkChooseResultsView


class ArtworkFilterSet(MemberFilterSet):
    artist_username = UsernameFilter(field_name="artist", label=_("Artist's username"))
    artist = MemberFilter(label=_("Artist"))
    tag = django_filters.CharFilter(field_name="tags__slug", label=_("Tag (slug)"))

    class Meta:
        model = Artwork
        fields = ["status", "artist_username", "artist"]


class ArtworkPermissionPolicy(ModelPermissionPolicy):
    """Artworks come from members' uploads, with the member as artist and a cleaned image:
    nobody adds one in the admin (an empty form there could only fail)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


class ArtworkEditAction(EditAction):
    """The admin's edit form: the work's text and facts are saved as any edit is (and logged
    as one), while a changed status or note is a moderation decision, made by
    moderation.decide() in the editor's name, exactly as the bulk actions make it."""

    @transaction.atomic
    def execute(self, skip_permission_checks=False):
        status, note = self.instance.status, self.instance.moderation_note
        # Only what the editor changed in the form is their decision. Locked, in the edit's
        # transaction: a hold placed by reports while the form was open stands unless the
        # editor chose another status.
        changed = set(self.form.changed_data) if self.form is not None else {"status"}
        lock_artist_of(self.instance)  # before the work's row (artworks.locking)
        stored = (
            Artwork.objects.select_for_update()
            .values("status", "moderation_note")
            .get(pk=self.instance.pk)
        )
        self.instance.status = stored["status"]
        self.instance.moderation_note = stored["moderation_note"]
        if "mature" in changed:
            # A moderator's content warning: the artist's form then cannot take it off.
            self.instance.mature_by_moderator = self.instance.mature
        artwork = super().execute(skip_permission_checks=skip_permission_checks)
        if changed & {"status", "moderation_note"} and (status, note) != (
            stored["status"],
            stored["moderation_note"],
        ):
            moderation.decide(artwork, status, note=note, by=self.user)
        return artwork


@hooks.register("register_actions")
def register_artwork_actions(registry):
    registry.register(Artwork, ArtworkEditAction)


class ArtworkViewSet(SnippetViewSet):
    model = Artwork
    icon = "image"
    menu_label = _("Artworks")
    menu_order = 150
    add_to_admin_menu = True
    # Title first: the first column carries the edit link.
    list_display = [
        "title",
        ThumbnailColumn("thumbnail", label=_("Image")),
        "artist",
        "status",
        "created_at",
    ]
    list_per_page = 50
    # Counted up to a cap: a million works are not counted on every page (core.admin_listing).
    index_view_class = CappedCountIndexView
    index_results_template_name = CAPPED_RESULTS_TEMPLATE
    filterset_class = ArtworkFilterSet
    ordering = ["-created_at"]
    inspect_view_enabled = True
    # No copies: a work is one member's upload, with its own image.
    copy_view_enabled = False
    chooser_viewset_class = ArtworkChooserViewSet

    def get_queryset(self, request):
        return artworks_with_thumbnails()


# Before the viewset is registered, which would otherwise make a default policy.
register_permission_policy(Artwork, ArtworkPermissionPolicy(Artwork))
register_snippet(ArtworkViewSet)


ModerationNoteForm = note_form(
    _("Note to the artist"),
    _("Why the work is hidden. The artist sees it on their artworks page."),
)


class ArtworkStatusBulkAction(StatusBulkAction):
    models = [Artwork]
    decide = staticmethod(moderation.decide)
    template_name = "artworks/admin/confirm_bulk_status.html"
    no_access_message = _("You don't have permission to change these artworks")

    def check_perm(self, artwork):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", artwork
        )


@hooks.register("register_bulk_action")
class HideArtworksBulkAction(ArtworkStatusBulkAction):
    display_name = _("Hide")
    action_type = "hide"
    aria_label = _("Hide selected artworks")
    action_priority = 20
    new_status = Artwork.Status.HIDDEN
    form_class = ModerationNoteForm
    confirm_text = _("Hide these artworks from every public page?")
    button_text = _("Yes, hide")
    success_message = ngettext_lazy("%d artwork hidden.", "%d artworks hidden.")


@hooks.register("register_bulk_action")
class PublishArtworksBulkAction(ArtworkStatusBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish selected artworks")
    action_priority = 10
    new_status = Artwork.Status.PUBLISHED
    confirm_text = _("Publish these artworks in the public gallery?")
    button_text = _("Yes, publish")
    success_message = ngettext_lazy("%d artwork published.", "%d artworks published.")


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
            "oldest": artworks_with_thumbnails()
            .filter(status=Artwork.Status.AWAITING_REVIEW)
            .order_by("created_at", "pk")[: self.SHOWN],
            "listing_url": f"{listing_url}?{urlencode({'status': Artwork.Status.AWAITING_REVIEW})}",
        }


@hooks.register("construct_homepage_panels")
def add_awaiting_review_panel(request, panels):
    if request.user.has_perm("artworks.change_artwork"):
        panels.append(AwaitingReviewPanel())


@hooks.register("register_log_actions")
def register_moderation_log(actions):
    """Labels for the decisions moderation.decide() logs, shown with the note in the
    artwork's History and in Reports → Site history."""

    register_decision_log(
        actions,
        [
            ("artworks.publish", _("Publish artwork"), _("Published")),
            ("artworks.hide", _("Hide artwork"), _("Hidden")),
            ("artworks.hold", _("Hold artwork after reports"), _("Held after reports")),
            ("artworks.await_review", _("Send artwork to review"), _("Sent to review")),
        ],
        note_message=_("%(decision)s. Note to the artist: %(note)s"),
    )


class PermittedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """Wagtail's admin API lists every image to anyone who may enter the admin, making a
    thumbnail of each. It lists only the images the user may choose or change here, so a
    moderator without image rights sees none: no hidden work, no member's avatar."""

    def get_queryset(self):
        image_policy = policy_registry.get_by_type(get_image_model())
        permitted = image_policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


# After wagtail.images' own hook (order 0), so that this endpoint replaces it.
@hooks.register("construct_admin_api", order=1)
def restrict_admin_api_images(router):
    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)
