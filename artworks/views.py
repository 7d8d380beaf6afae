"""A member's own artworks: list, upload, edit, delete. Another member's artwork is a 404."""

from functools import partial

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.member_requests import wants_json
from core.renditions import renditions_prefetch
from core.verification import verified_email_required

from . import uploads
from .forms import ArtworkForm, ExtraImageForm, ExtraImageTextForm
from .models import MAX_EXTRA_IMAGES, Artwork, ArtworkImage, ReviewSettings
from .renditions import CARD_SPECS

STORAGE_ERROR = uploads.NOT_STORED_MESSAGE
#: Below this many pixels on its longer side a work looks soft on a large screen.
SHARP_IMAGE_PIXELS = 800
SMALL_IMAGE_WARNING = gettext_lazy(
    "This image is only {pixels} pixels on its longer side, so it will look small or soft on "
    "large screens. If you have a larger file, upload it in its place."
)
TOO_MANY_UPLOAD_ATTEMPTS = gettext_lazy(
    "You have sent too many uploads in the last hour. Please wait a while and try again."
)


def upload_attempt_refused(request):
    """Count one attempt to upload (or edit) an artwork or an avatar against the member's
    and the client address's hourly allowance; whether the attempt is over either. Checked
    before the form so that a refused attempt costs no decode. The address is
    members.client_ip's (RATELIMIT_IP_META_KEY)."""
    over = [
        is_ratelimited(request, group="uploads", key=key, rate=rate, increment=True)
        for key, rate in (
            ("user", settings.UPLOAD_ATTEMPT_RATE_LIMIT),
            ("ip", settings.UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS),
        )
    ]
    return any(over)


def own_artwork(request, artwork_id):
    return get_object_or_404(
        Artwork.objects.select_related("image"), pk=artwork_id, artist=request.user
    )


@login_required
def my_artworks(request):
    artworks = list(Artwork.objects.filter(artist=request.user).newest_first().for_cards())
    preparing = any(not artwork.card_ready for artwork in artworks)
    return TemplateResponse(
        request, "artworks/my_artworks.html", {"artworks": artworks, "preparing": preparing}
    )


def form_errors(form):
    return {field: [str(error) for error in errors] for field, errors in form.errors.items()}


def form_errors_json(form, status):
    """A refused upload for the script: every message by field ("__all__" for the form's
    own), and the first of them as `message` for a card's one line, after its field's label."""
    errors = form_errors(form)
    if "__all__" in errors:
        first = errors["__all__"][0]  # the form's own message (a limit) says most
    elif errors:
        name, field_errors = next(iter(errors.items()))
        field = form.fields.get(name)
        first = f"{field.label}: {field_errors[0]}" if field else field_errors[0]
    else:
        first = ""
    return JsonResponse({"errors": errors, "message": first}, status=status)


def saved_artwork_json(artwork, message, warning=None):
    public = artwork.status == Artwork.Status.PUBLISHED
    return JsonResponse(
        {
            "id": artwork.pk,
            "title": artwork.title,
            "message": message,
            "warning": warning,
            "edit_url": artwork.get_edit_url(),
            "page_url": artwork.get_absolute_url() if public else None,
            "status_url": reverse("artwork_status", args=[artwork.pk]),
            # Where the uploader's script sends the other files of a batch saved as one work.
            "extra_images_url": reverse("artwork_extra_images", args=[artwork.pk]),
        },
        status=201,
    )


def artwork_form_view(request, save, success_message, artwork=None, review_message=None):
    """The upload and edit forms: a valid form is saved by `save` (image and row together, or
    neither), whose UploadOutcome is shown: the work saved, or its refusal (a file that could
    not be stored, the daily limit) as a form error, with nothing kept. Over the rate limit
    of attempts the form comes back (429) with what was typed and nothing decoded. `review_message`
    replaces the success message when this save sent the work to review."""
    posted = request.method == "POST"
    refused = posted and upload_attempt_refused(request)
    status_before = artwork.status if artwork else None
    form = ArtworkForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=artwork,
        member=request.user,
        refusal=TOO_MANY_UPLOAD_ATTEMPTS if refused else None,
    )
    # The upload page's script asks for JSON (one request per file of a batch); a form
    # posted without it gets the HTML pages.
    answer_json = posted and wants_json(request)
    outcome = save(form, request.user) if posted and form.is_valid() else None
    if outcome and outcome.refusal:
        form.add_error(outcome.refusal.field, outcome.refusal.message)
    elif outcome:
        saved = outcome.saved
        sent_to_review = (
            saved.status == Artwork.Status.AWAITING_REVIEW
            and status_before != Artwork.Status.AWAITING_REVIEW
        )
        message = review_message if sent_to_review and review_message else success_message
        message = message.format(title=saved.title)
        longer_side = max(saved.image.width or 0, saved.image.height or 0)
        warning = None
        if "image" in form.changed_data and longer_side < SHARP_IMAGE_PIXELS:
            warning = SMALL_IMAGE_WARNING.format(pixels=longer_side)
        if answer_json:
            # The script shows both on the file's card; nothing waits for the next page.
            return saved_artwork_json(saved, message, warning)
        messages.success(request, message)
        if warning:
            messages.warning(request, warning)
        return redirect("my_artworks")
    if answer_json:
        storage_failed = outcome is not None and outcome.refusal is uploads.Refusal.NOT_STORED
        return form_errors_json(form, 429 if refused else 503 if storage_failed else 400)
    return form_page(request, form, artwork, status=429 if refused else 200)


def form_page(request, form, artwork=None, extra_form=None, text_forms=None, status=200):
    """The upload or edit page. Editing, it shows the work's extra images (each with a form
    for its alt text and caption) and a form to add one; a refused post of one of those forms
    comes back bound, the others fresh."""
    context = {
        "form": form,
        "artwork": artwork,
        "heading": (
            gettext("Edit “{title}”").format(title=artwork.title)
            if artwork
            else gettext("Upload an artwork")
        ),
    }
    if artwork is not None:
        extras = (
            artwork.extra_images.select_related("image")
            .prefetch_related(renditions_prefetch("image__renditions", CARD_SPECS))
            .order_by("sort_order", "pk")
        )
        text_forms = text_forms or {}
        context.update(
            {
                "extras": [
                    (
                        extra,
                        text_forms.get(extra.pk)
                        or ExtraImageTextForm(
                            extra=extra,
                            initial={"alt_text": extra.alt_text, "caption": extra.caption},
                        ),
                    )
                    for extra in extras
                ],
                "extra_form": extra_form or ExtraImageForm(artwork=artwork, member=request.user),
                "max_extra_images": MAX_EXTRA_IMAGES,
            }
        )
    return TemplateResponse(request, "artworks/artwork_form.html", context, status=status)


@verified_email_required
@require_http_methods(["GET", "POST"])
def upload(request):
    reviewing = ReviewSettings.for_request(request).review_new_uploads
    return artwork_form_view(
        request,
        partial(uploads.save_new_artwork, awaiting_review=reviewing),
        gettext("“{title}” is now in the gallery."),
        review_message=gettext(
            "“{title}” is uploaded and awaiting review: a moderator will look at it soon, "
            "and we will email you when it is public."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, artwork_id):
    reviewing = ReviewSettings.for_request(request).review_new_uploads
    return artwork_form_view(
        request,
        partial(uploads.save_artwork_changes, awaiting_review=reviewing),
        gettext("Your changes to “{title}” are saved."),
        artwork=own_artwork(request, artwork_id),
        review_message=gettext(
            "Your changes to “{title}” are saved. The work waits for a moderator's review "
            "before it is public again."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, artwork_id):
    artwork = own_artwork(request, artwork_id)
    if request.method == "POST":
        title = artwork.title
        uploads.delete_artwork(artwork)
        messages.success(request, gettext("“{title}” has been deleted.").format(title=title))
        return redirect("my_artworks")
    return TemplateResponse(request, "artworks/artwork_confirm_delete.html", {"artwork": artwork})


def image_status_json(request, artwork, ready, picture_template):
    """Whether the work's image is ready and, once it is, the <picture> to put in place of
    "Preparing the image…" (static/js/image-ready.js). Never cached: it changes by itself."""
    html = render_to_string(picture_template, {"artwork": artwork}, request) if ready else None
    return JsonResponse({"ready": ready, "html": html})


@login_required
@never_cache
@require_GET
def artwork_status(request, artwork_id):
    """For the owner's pages (My artworks, the edit form): the card rendition, any status."""
    artwork = own_artwork(request, artwork_id)
    return image_status_json(
        request, artwork, artwork.card_ready, "includes/artwork_card_picture.html"
    )


@never_cache
@require_GET
def public_artwork_status(request, artwork_id):
    """For the artwork's public page: answers only for public work (a hidden, held or
    awaiting work is a 404 like one that does not exist, whoever asks), so it tells nobody
    more than the page itself does."""
    artwork = Artwork.objects.public().for_detail().filter(pk=artwork_id).first()
    if artwork is None:
        # The same answer whether the work is hidden, awaiting review or was never made.
        return JsonResponse({"error": gettext("Not found.")}, status=404)
    return image_status_json(
        request, artwork, artwork.detail_ready, "includes/artwork_detail_picture.html"
    )


@verified_email_required
@require_http_methods(["POST"])
def add_extra_image(request, artwork_id):
    """Add one extra image to the member's work: from the edit page's form (a redirect back
    to it, or the page again with the errors) or from the uploader's script, which asks for
    JSON (`{"ok": true, "id": …}`, or `{"ok": false, "errors": {field: [messages]}}` with a
    4xx status). Counted against the same hourly allowance as uploads."""
    artwork = own_artwork(request, artwork_id)
    refused = upload_attempt_refused(request)
    form = ExtraImageForm(
        request.POST,
        request.FILES,
        artwork=artwork,
        member=request.user,
        refusal=TOO_MANY_UPLOAD_ATTEMPTS if refused else None,
    )
    extra = None
    if form.is_valid():
        reviewing = ReviewSettings.for_request(request).review_new_uploads
        outcome = uploads.save_extra_image(form, artwork, request.user, awaiting_review=reviewing)
        if outcome.refusal:
            form.add_error(outcome.refusal.field, outcome.refusal.message)
        extra = outcome.saved
    if wants_json(request):
        if extra is None:
            return JsonResponse(
                {"ok": False, "errors": form_errors(form)}, status=429 if refused else 400
            )
        return JsonResponse({"ok": True, "id": extra.pk})
    if extra is None:
        return form_page(
            request,
            ArtworkForm(instance=artwork, member=request.user),
            artwork,
            extra_form=form,
            status=429 if refused else 400,
        )
    messages.success(
        request, gettext("The image is added to “%(title)s”.") % {"title": artwork.title}
    )
    longer_side = max(extra.image.width or 0, extra.image.height or 0)
    if longer_side < SHARP_IMAGE_PIXELS:
        messages.warning(request, SMALL_IMAGE_WARNING.format(pixels=longer_side))
    return redirect(f"{artwork.get_edit_url()}#more-images")


def own_extra_image(request, artwork_id, extra_id):
    return get_object_or_404(
        ArtworkImage.objects.select_related("image", "artwork"),
        pk=extra_id,
        artwork_id=artwork_id,
        artwork__artist=request.user,
    )


@login_required
@require_http_methods(["POST"])
def change_extra_image(request, artwork_id, extra_id):
    """Save an extra image's alt text and caption."""
    extra = own_extra_image(request, artwork_id, extra_id)
    form = ExtraImageTextForm(request.POST, extra=extra)
    if not form.is_valid():
        return form_page(
            request,
            ArtworkForm(instance=extra.artwork, member=request.user),
            extra.artwork,
            text_forms={extra.pk: form},
            status=400,
        )
    uploads.save_extra_image_text(
        extra,
        form.cleaned_data["alt_text"],
        form.cleaned_data["caption"],
        request.user,
        awaiting_review=ReviewSettings.for_request(request).review_new_uploads,
    )
    messages.success(request, gettext("The image's alt text and caption are saved."))
    return redirect(f"{extra.artwork.get_edit_url()}#more-images")


@login_required
@require_http_methods(["POST"])
def move_extra_image(request, artwork_id, extra_id):
    """Move an extra image one place up or down (buttons that post `direction`)."""
    extra = own_extra_image(request, artwork_id, extra_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, gettext("Choose whether to move the image up or down."))
    else:
        uploads.move_extra_image(extra, step)
    return redirect(f"{extra.artwork.get_edit_url()}#extra-image-{extra.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def delete_extra_image(request, artwork_id, extra_id):
    """Remove an extra image, after a confirmation page."""
    extra = own_extra_image(request, artwork_id, extra_id)
    if request.method == "POST":
        uploads.delete_extra_image(extra)
        messages.success(request, gettext("The image has been removed."))
        return redirect(f"{extra.artwork.get_edit_url()}#more-images")
    return TemplateResponse(
        request,
        "artworks/extra_image_confirm_delete.html",
        {"extra": extra, "artwork": extra.artwork},
    )
