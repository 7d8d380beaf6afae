from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from artworks.models import Artwork, ReviewSettings
from artworks.renditions import AVATAR_SPECS
from artworks.uploads import UploadNotStored
from artworks.views import STORAGE_ERROR, TOO_MANY_UPLOAD_ATTEMPTS, upload_attempt_refused

from .forms import ProfileForm, SignupForm


def safe_next_url(request, default):
    """`?next=` only ever leads within this site; anything else gives the default page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


TOO_MANY_ATTEMPTS = "Too many attempts from your network. Please wait an hour and try again."


@require_http_methods(["GET", "POST"])
# Every sign-up attempt counts, so the form cannot be used to scan for registered addresses.
@ratelimit(
    key="ip", rate=lambda group, request: settings.SIGNUP_RATE_LIMIT, method="POST", block=False
)
def signup(request):
    if request.user.is_authenticated:
        return redirect("my_artworks")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form = SignupForm(request.POST)
        form.full_clean()
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return TemplateResponse(
            request,
            "members/signup.html",
            {"form": form, "next": request.GET.get("next", "")},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member = form.save()
        except IntegrityError:
            # Someone took the username or address between validation and saving.
            form.add_error(None, "That username or email was just taken. Please try another.")
        else:
            login(request, member, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {member.username}! Upload your first work.")
            return redirect(safe_next_url(request, settings.SIGNUP_REDIRECT_URL))
    return TemplateResponse(
        request, "members/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    posted = request.method == "POST"
    # Only a post with an avatar image is an upload attempt; saving a bio costs nothing.
    refused = posted and bool(request.FILES.get("avatar_image")) and upload_attempt_refused(request)
    form = ProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=request.user,
        reviewing_uploads=ReviewSettings.for_request(request).review_new_uploads,
        refusal=TOO_MANY_UPLOAD_ATTEMPTS if refused else None,
    )
    if posted and form.is_valid():
        try:
            form.save()
        except UploadNotStored:
            form.add_error("avatar_image", STORAGE_ERROR)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("profile")
    return TemplateResponse(
        request,
        "members/profile.html",
        {"form": form, "avatar": current_avatar(request.user)},
        status=429 if refused else 200,
    )


def current_avatar(member):
    """The member's own view of their avatar (on the profile form), whatever its status: the
    image or work, whether its renditions are made yet, and whether visitors see it."""
    members = get_user_model().objects.select_related("avatar_image", "avatar_artwork__image")
    member = members.get(pk=member.pk)
    if member.avatar_image is not None:
        image = member.avatar_image
        made = set(
            image.renditions.filter(filter_spec__in=AVATAR_SPECS).values_list(
                "filter_spec", flat=True
            )
        )
        return {"image": image, "ready": made >= set(AVATAR_SPECS), "public": True}
    artwork = member.avatar_artwork
    if artwork is not None:
        public = artwork.status == Artwork.Status.PUBLISHED and artwork.artist_active
        return {"artwork": artwork, "ready": artwork.card_ready, "public": public}
    return None


@method_decorator(
    ratelimit(
        key="ip",
        rate=lambda group, request: settings.PASSWORD_RESET_RATE_LIMIT,
        method="POST",
        block=False,
    ),
    name="dispatch",
)
@method_decorator(
    # Per address too, so nobody can flood one inbox from many networks.
    ratelimit(
        key="post:email",
        rate=lambda group, request: settings.PASSWORD_RESET_RATE_LIMIT,
        method="POST",
        block=False,
    ),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, rate-limited. Its answer never says whether an account exists."""

    template_name = "members/password_reset.html"
    email_template_name = "members/email/password_reset.txt"
    subject_template_name = "members/email/password_reset_subject.txt"

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            form.add_error(None, TOO_MANY_ATTEMPTS)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
