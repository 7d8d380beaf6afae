"""A member's own artworks: list, upload, edit, delete. Another member's artwork is a 404."""

from functools import partial

from django_ratelimit.core import is_ratelimited

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from core.verification import verified_email_required

from . import uploads
from .forms import ArtworkForm
from .models import Artwork, ReviewSettings

STORAGE_ERROR = "We could not store your file just now. Nothing was saved; please try again later."
#: Below this many pixels on its longer side a work looks soft on a large screen.
SHARP_IMAGE_PIXELS = 800
SMALL_IMAGE_WARNING = (
    "This image is only {pixels} pixels on its longer side, so it will look small or soft on "
    "large screens. If you have a larger file, upload it in its place."
)
TOO_MANY_UPLOAD_ATTEMPTS = (
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
    artworks = Artwork.objects.filter(artist=request.user).newest_first().for_cards()
    return TemplateResponse(request, "artworks/my_artworks.html", {"artworks": artworks})


def artwork_form_view(request, save, success_message, artwork=None, review_message=None):
    """The upload and edit forms: a valid form is saved (image and row together, or neither);
    a file that could not be stored is a form error, with nothing kept. Over the rate limit
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
    if posted and form.is_valid():
        try:
            saved = save(form, request.user)
        except uploads.UploadNotStored:
            form.add_error("image", STORAGE_ERROR)
        except uploads.DailyLimitReached as error:
            form.add_error(None, str(error))
        else:
            sent_to_review = (
                saved.status == Artwork.Status.AWAITING_REVIEW
                and status_before != Artwork.Status.AWAITING_REVIEW
            )
            message = review_message if sent_to_review and review_message else success_message
            messages.success(request, message.format(title=saved.title))
            longer_side = max(saved.image.width or 0, saved.image.height or 0)
            if "image" in form.changed_data and longer_side < SHARP_IMAGE_PIXELS:
                messages.warning(request, SMALL_IMAGE_WARNING.format(pixels=longer_side))
            return redirect("my_artworks")
    return TemplateResponse(
        request,
        "artworks/artwork_form.html",
        {
            "form": form,
            "artwork": artwork,
            "heading": f"Edit “{artwork.title}”" if artwork else "Upload an artwork",
        },
        status=429 if refused else 200,
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def upload(request):
    reviewing = ReviewSettings.for_request(request).review_new_uploads
    return artwork_form_view(
        request,
        partial(uploads.save_new_artwork, awaiting_review=reviewing),
        "“{title}” is now in the gallery.",
        review_message="“{title}” is uploaded and awaiting review: a moderator will look at it "
        "soon, and we will email you when it is public.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, artwork_id):
    reviewing = ReviewSettings.for_request(request).review_new_uploads
    return artwork_form_view(
        request,
        partial(uploads.save_artwork_changes, awaiting_review=reviewing),
        "Your changes to “{title}” are saved.",
        artwork=own_artwork(request, artwork_id),
        review_message="Your changes to “{title}” are saved. The work waits for a moderator's "
        "review before it is public again.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, artwork_id):
    artwork = own_artwork(request, artwork_id)
    if request.method == "POST":
        title = artwork.title
        uploads.delete_artwork(artwork)
        messages.success(request, f"“{title}” has been deleted.")
        return redirect("my_artworks")
    return TemplateResponse(request, "artworks/artwork_confirm_delete.html", {"artwork": artwork})
