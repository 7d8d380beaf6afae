"""Collections: the member's own pages (/my/collections/), the artwork page's "Add to
collection" form, and the public page of a collection (/collections/<id>-<slug>/).

Every write is an explicit POST through social.collections, counted against the member's
allowance (COLLECTION_RATE_LIMIT) and refused with a message a person can act on."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from artworks.models import Artwork
from artworks.sharing import first_share_image
from core.member_requests import over_member_limit, refusal, safe_next, wants_json
from core.pagination import page_number, paginate
from core.verification import (
    confirm_email_first,
    member_has_verified_email,
    verified_email_required,
)

from . import collections
from .collection_forms import CollectionForm, NoteForm
from .models import Collection

TOO_MANY_CHANGES = _(
    "You have changed your collections many times in a short time. Nothing changed this "
    "time; please wait a while and try again."
)
CHOOSE_A_COLLECTION = _("Choose a collection, or give a name for a new one.")
NAME_WITHOUT_NEW = _(
    "To make a new collection, choose “New collection…” as well as giving its name; to add "
    "to an existing one, leave the name empty."
)
#: What the member reads once a work has moved, by the direction asked for.
MOVED = {"up": _("Work moved up."), "down": _("Work moved down.")}


def too_many_changes(request):
    return over_member_limit(request, "collections", settings.COLLECTION_RATE_LIMIT)


def refused(request, message, status, back_url):
    context = {"back_url": back_url}
    return refusal(request, message, status, "social/collection_refused.html", context)


def first_error(error):
    """A model validation error as one sentence for the member."""
    return " ".join(error.messages)


# --- The member's list and a new collection ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@verified_email_required
def my_collections(request):
    """The member's collections, newest change first, each with how many works it shows;
    and the form for a new one. One query for the list, whatever its length."""
    form = CollectionForm()
    if request.method == "POST":
        if too_many_changes(request):
            return refused(request, TOO_MANY_CHANGES, 429, reverse("my_collections"))
        form = CollectionForm(request.POST)
        if form.is_valid():
            try:
                collection = collections.create_collection(
                    request.user,
                    form.cleaned_data["name"],
                    form.cleaned_data["description"],
                    form.cleaned_data["is_public"],
                )
            except collections.CollectionRefused as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                form.add_error(None, first_error(error))
            else:
                messages.success(
                    request, gettext("Collection “%(name)s” created.") % {"name": collection.name}
                )
                return redirect(collection.get_edit_url())
    own = collections.own_collections_with_counts(request.user)
    return TemplateResponse(
        request,
        "social/my_collections.html",
        {"collections": own, "form": form},
        status=400 if form.errors else 200,
    )


# --- One collection of the member's ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@verified_email_required
def my_collection(request, collection_id):
    """Edit the collection (name, description, public or private) and see its works, with a
    form per work for its note, its place and its removal. Another member's collection is
    404."""
    collection = collections.own_collection(request.user, collection_id)
    form = CollectionForm(instance=collection)
    if request.method == "POST":
        if too_many_changes(request):
            return refused(request, TOO_MANY_CHANGES, 429, collection.get_edit_url())
        # A bound copy, so a refused form never changes the collection shown in the title.
        form = CollectionForm(request.POST, instance=Collection(pk=collection.pk))
        if form.is_valid():
            try:
                collection = collections.update_collection(
                    request.user,
                    collection,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    is_public=form.cleaned_data["is_public"],
                )
            except ValidationError as error:
                form.add_error(None, first_error(error))
            else:
                messages.success(request, gettext("Collection saved."))
                return redirect(collection.get_edit_url())
    works = paginate(request, collections.shown_artworks(collection), settings.ARTWORKS_PER_PAGE)
    return TemplateResponse(
        request,
        "social/my_collection.html",
        {"collection": collection, "form": form, "works": works},
        status=400 if form.errors else 200,
    )


@require_POST
@verified_email_required
def delete_collection(request, collection_id):
    collection = collections.own_collection(request.user, collection_id)
    if too_many_changes(request):
        return refused(request, TOO_MANY_CHANGES, 429, collection.get_edit_url())
    collections.delete_collection(request.user, collection)
    messages.success(request, gettext("Collection “%(name)s” deleted.") % {"name": collection.name})
    return redirect("my_collections")


ITEM_ACTIONS = {"note", "up", "down", "remove"}


@require_POST
@verified_email_required
def collection_item(request, collection_id, item_id):
    """POST `action=note` (with `note`), `up`, `down` or `remove` for one work of the
    collection: explicit actions, so a resent form leaves the state asked for (a resent move
    moves once more, which the member sees at once)."""
    collection = collections.own_collection(request.user, collection_id)
    back = safe_next(request, collection.get_edit_url())
    action = request.POST.get("action")
    if action not in ITEM_ACTIONS:
        return refused(request, gettext("Choose what to do with the work."), 400, back)
    if too_many_changes(request):
        return refused(request, TOO_MANY_CHANGES, 429, back)
    if action == "note":
        form = NoteForm(request.POST)
        if not form.is_valid():
            return refused(request, first_error(ValidationError(form.errors["note"])), 400, back)
        collections.edit_note(request.user, collection, item_id, form.cleaned_data["note"])
        message = gettext("Note saved.")
    elif action == "remove":
        collections.remove_work(request.user, collection, item_id)
        message = gettext("Work removed from the collection.")
    else:
        collections.move_work(request.user, collection, item_id, action)
        message = str(MOVED[action])
    if wants_json(request):
        return JsonResponse({"message": message})
    messages.success(request, message)
    # Back to the work's own form (its id anchors it), so the member's place is kept.
    return redirect(f"{back.split('#')[0]}#item-{item_id}" if action != "remove" else back)


# --- "Add to collection" from the artwork page -------------------------------------------------


@require_POST
@login_required
def add_to_collection(request):
    """The artwork page's form: `artwork`, then `collection` (an id of the member's, or
    "new" with `name`), and an optional `note`. Creating the collection and adding the work
    happen together or not at all."""
    artwork = Artwork.objects.listed().filter(pk=_number(request.POST.get("artwork"))).first()
    if artwork is None:
        raise Http404("No such work.")
    back = safe_next(request, artwork.get_absolute_url())
    if not member_has_verified_email(request.user):
        return confirm_email_first(request)
    if too_many_changes(request):
        return refused(request, TOO_MANY_CHANGES, 429, back)
    note_form = NoteForm(request.POST)
    if not note_form.is_valid():
        return refused(request, first_error(ValidationError(note_form.errors["note"])), 400, back)
    choice = request.POST.get("collection", "")
    name = request.POST.get("name", "").strip()
    try:
        with transaction.atomic():
            if choice == "new" or (not choice and name):
                if not name:
                    raise collections.CollectionRefused(CHOOSE_A_COLLECTION)
                collection = collections.create_collection(request.user, name)
            elif choice and name:
                raise collections.CollectionRefused(NAME_WITHOUT_NEW)
            elif choice:
                collection = collections.own_collection(request.user, _number(choice))
            else:
                raise collections.CollectionRefused(CHOOSE_A_COLLECTION)
            collections.add_work(request.user, collection, artwork, note_form.cleaned_data["note"])
    except collections.CollectionRefused as refusal:
        return refused(request, str(refusal), 400, back)
    except ValidationError as error:
        return refused(request, first_error(error), 400, back)
    message = gettext("Added to “%(name)s”.") % {"name": collection.name}
    if wants_json(request):
        return JsonResponse({"message": message, "collection": collection.get_edit_url()})
    messages.success(request, message)
    return redirect(back)


def _number(value):
    """A posted id as a number, or 0 (no row has it) when it is not one."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else 0


# --- The public page ---------------------------------------------------------------------------


@require_GET
def collection_page(request, collection_id, slug=None):
    """The collection's works in the collector's order, with their notes. Public collections
    of active members are open to everyone (and kept by the anonymous page cache, whose
    version every change moves on); a private one only to its owner, marked "Private"; anyone
    else gets 404. Any other slug redirects to the canonical address."""
    collection = Collection.objects.select_related("owner").filter(pk=collection_id).first()
    if collection is None or not collections.visible_to(collection, request.user):
        raise Http404("No such collection.")
    if slug != collection.slug:
        address = collection.get_absolute_url()
        if page_number(request) > 1:
            address = f"{address}?page={page_number(request)}"
        return redirect(address, permanent=True)
    works = paginate(request, collections.shown_artworks(collection), settings.ARTWORKS_PER_PAGE)
    return TemplateResponse(
        request,
        "social/collection_page.html",
        {
            "collection": collection,
            "owner": collection.owner,
            "works": works,
            "share_image": first_share_image(works.object_list),
            "structured_data": collections.structured_data(collection, request),
        },
    )
