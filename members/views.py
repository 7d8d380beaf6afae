from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows import signup as signup_flows
from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from artworks.models import Artwork, ReviewSettings
from artworks.renditions import AVATAR_SPECS, BANNER_SPECS
from artworks.uploads import UploadNotStored
from artworks.views import STORAGE_ERROR, TOO_MANY_UPLOAD_ATTEMPTS, upload_attempt_refused
from core.renditions import renditions_ready

from .forms import ProfileForm


class SignupView(allauth_views.SignupView):
    """allauth's sign-up. Two sign-ups racing for one username or address both pass the form's
    checks; the database's case-insensitive constraints let one through, and the other is
    told here instead of getting a 500: a taken username may be said, a taken address never
    is (the page answers as for any sign-up, and the owner is emailed)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            username = form.cleaned_data.get("username", "")
            if get_user_model().objects.filter(username__iexact=username).exists():
                form.add_error("username", get_adapter().error_messages["username_taken"])
                return self.form_invalid(form)
            return signup_flows.prevent_enumeration(
                self.request, email=form.cleaned_data.get("email")
            )


def admin_login(request):
    """Wagtail's log-in address (WAGTAILADMIN_LOGIN_URL) leads to allauth's log-in, which then
    returns to the admin. A member who is logged in but may not enter the admin is told so
    here: allauth's log-in would send them straight back, round and round."""
    if request.user.is_authenticated:
        return TemplateResponse(request, "members/admin_refused.html", status=403)
    return redirect_to_login(request.GET.get("next") or reverse("wagtailadmin_home"))


#: The profile form's image uploads, each counted as an upload attempt.
IMAGE_FIELDS = ("avatar_image", "banner_image")

PROFILE_TOO_OFTEN = (
    "You have saved your profile many times in a short while. Nothing was saved this time; "
    "please wait a few minutes and try again."
)


@login_required
@require_http_methods(["GET", "POST"])
# Each save may refresh every public page that shows the member: counted per member.
@ratelimit(
    key="user",
    rate=lambda group, request: settings.PROFILE_SAVE_RATE_LIMIT,
    method="POST",
    block=False,
)
def profile(request):
    posted = request.method == "POST"
    # Too many saves, or (each avatar or banner image posted being an upload attempt; saving
    # a bio costs nothing) too many upload attempts: the form comes back as the member
    # filled it in, with nothing decoded or saved.
    refusal = None
    if posted and getattr(request, "limited", False):
        refusal = PROFILE_TOO_OFTEN
    elif posted and uploads_refused(request):
        refusal = TOO_MANY_UPLOAD_ATTEMPTS
    form = ProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=request.user,
        reviewing_uploads=ReviewSettings.for_request(request).review_new_uploads,
        refusal=refusal,
    )
    if posted and form.is_valid():
        try:
            form.save()
        except UploadNotStored:
            for name in IMAGE_FIELDS:
                if form.cleaned_data.get(name):
                    form.add_error(name, STORAGE_ERROR)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
    return TemplateResponse(
        request,
        "members/profile.html",
        {
            "form": form,
            "avatar": current_avatar(request.user),
            "banner": current_banner(request.user),
        },
        status=429 if refusal else 200,
    )


def uploads_refused(request):
    """Count each image posted (avatar, banner) as one upload attempt; whether any of them
    is over the allowance. Every one is counted, not only those up to the first refusal."""
    refusals = [upload_attempt_refused(request) for name in IMAGE_FIELDS if request.FILES.get(name)]
    return any(refusals)


def current_avatar(member):
    """The member's own view of their avatar (on the profile form), whatever its status: the
    image or work, whether its renditions are made yet, and whether visitors see it."""
    members = get_user_model().objects.select_related("avatar_image", "avatar_artwork__image")
    member = members.get(pk=member.pk)
    if member.avatar_image is not None:
        image = member.avatar_image
        return {"image": image, "ready": renditions_ready(image, AVATAR_SPECS), "public": True}
    artwork = member.avatar_artwork
    if artwork is not None:
        public = artwork.status == Artwork.Status.PUBLISHED and artwork.artist_active
        return {"artwork": artwork, "ready": artwork.card_ready, "public": public}
    return None


def current_banner(member):
    """The member's own view of their banner (on the profile form): the image and whether
    its renditions are made yet, or None."""
    image = get_user_model().objects.select_related("banner_image").get(pk=member.pk).banner_image
    if image is None:
        return None
    return {"image": image, "ready": renditions_ready(image, BANNER_SPECS)}
