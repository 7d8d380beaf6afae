"""Members report an artwork to the moderators: once per work, and not too often."""

from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from artworks.models import Artwork

from .forms import ReportForm
from .models import Report, file_report

THANK_YOU = "Thank you. A moderator will look at your report."
ALREADY_REPORTED = "You have already reported this work. A moderator will look at it."
TOO_MANY_REPORTS = (
    "You have sent many reports in a short time. Nothing was sent this time; please try again "
    "later."
)


def has_reported(member, artwork):
    return Report.objects.filter(artwork=artwork, reporter=member).exists()


@login_required
@require_http_methods(["GET", "POST"])
# Counted per member on every POST, so nobody can flood the moderators' queue.
@ratelimit(
    key="user", rate=lambda group, request: settings.REPORT_RATE_LIMIT, method="POST", block=False
)
def report_artwork(request, artwork_id):
    # Only public work can be reported: anything else is a 404, as on the gallery.
    artwork = Artwork.objects.public().select_related("artist").filter(pk=artwork_id).first()
    if artwork is None:
        raise Http404("No such artwork.")
    context = {"artwork": artwork}
    if artwork.artist_id == request.user.pk:
        # The work exists and is theirs: a 404 would be a lie. Say why, and where to go.
        return TemplateResponse(request, "reports/own_work.html", context, status=403)

    if request.method == "POST" and getattr(request, "limited", False):
        form = ReportForm(request.POST)
        form.full_clean()
        form.add_error(None, TOO_MANY_REPORTS)
        return TemplateResponse(
            request, "reports/report_form.html", {**context, "form": form}, status=429
        )
    if has_reported(request.user, artwork):
        if request.method == "POST":
            messages.info(request, ALREADY_REPORTED)
            return redirect(artwork.get_absolute_url())
        return TemplateResponse(
            request, "reports/report_form.html", {**context, "already_reported": ALREADY_REPORTED}
        )

    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            file_report(
                artwork,
                request.user,
                form.cleaned_data["reason"],
                form.cleaned_data["message"],
            )
        except IntegrityError:
            # A second report from the same member arrived between the check and the insert
            # (a double click): the unique constraint kept one, which is all we want.
            messages.info(request, ALREADY_REPORTED)
        else:
            messages.success(request, THANK_YOU)
        return redirect(artwork.get_absolute_url())
    return TemplateResponse(request, "reports/report_form.html", {**context, "form": form})
