"""Members report an artwork, a comment or a member's profile to the moderators: once each,
and not too often."""

from django_ratelimit.decorators import ratelimit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from artworks.models import Artwork, GalleryPage
from comments.models import Comment
from core.verification import verified_email_required

from .forms import CommentReportForm, ProfileReportForm, ReportForm
from .models import Report, file_comment_report, file_profile_report, file_report

THANK_YOU = _("Thank you. A moderator will look at your report.")
#: Whole sentences for each thing reported, so a translation need not fit a word into one.
ALREADY_REPORTED = {
    "work": _("You have already reported this work. A moderator will look at it."),
    "comment": _("You have already reported this comment. A moderator will look at it."),
    "profile": _("You have already reported this profile. A moderator will look at it."),
}
TOO_MANY_REPORTS = _(
    "You have sent many reports in a short time. Nothing was sent this time; please try again "
    "later."
)

# Counted per member on every POST, over both kinds of report, so nobody can flood the
# moderators' queue.
limit_reports = ratelimit(
    group="reports",
    key="user",
    rate=lambda group, request: settings.REPORT_RATE_LIMIT,
    method="POST",
    block=False,
)


def has_reported(reporter, **reported):
    return Report.objects.filter(reporter=reporter, **reported).exists()


def report_view(request, *, form_class, context, reported, file, back_url):
    """The report form and its outcome, for a work or a profile. `reported` names the thing
    (`artwork=` or `member=`); `file` records a valid report; `back_url()` is where the member
    goes afterwards."""
    thing = "work" if "artwork" in reported else "comment" if "comment" in reported else "profile"
    already_reported = ALREADY_REPORTED[thing]
    if request.method == "POST" and getattr(request, "limited", False):
        form = form_class(request.POST)
        form.full_clean()
        form.add_error(None, TOO_MANY_REPORTS)
        return TemplateResponse(
            request, "reports/report_form.html", {**context, "form": form}, status=429
        )
    if has_reported(request.user, **reported):
        if request.method == "POST":
            messages.info(request, already_reported)
            return redirect(back_url())
        return TemplateResponse(
            request, "reports/report_form.html", {**context, "already_reported": already_reported}
        )

    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            file(form.cleaned_data["reason"], form.cleaned_data["message"])
        except IntegrityError:
            # A second report from the same member arrived between the check and the insert
            # (a double click): the unique constraint kept one, which is all we want.
            messages.info(request, already_reported)
        else:
            messages.success(request, THANK_YOU)
        return redirect(back_url())
    return TemplateResponse(request, "reports/report_form.html", {**context, "form": form})


@verified_email_required
@require_http_methods(["GET", "POST"])
@limit_reports
def report_artwork(request, artwork_id):
    # Only public work can be reported: anything else is a 404, as on the gallery.
    artwork = Artwork.objects.public().select_related("artist").filter(pk=artwork_id).first()
    if artwork is None:
        raise Http404("No such artwork.")
    if artwork.artist_id == request.user.pk:
        # The work exists and is theirs: a 404 would be a lie. Say why, and where to go.
        return TemplateResponse(request, "reports/own_work.html", {"artwork": artwork}, status=403)

    def back_to_the_work():
        # The report that holds the work takes its page away: the reporter is thanked on
        # the gallery instead of meeting a 404.
        if Artwork.objects.public().filter(pk=artwork.pk).exists():
            return artwork.get_absolute_url()
        return GalleryPage.cached_url()

    return report_view(
        request,
        form_class=ReportForm,
        context={
            "heading": gettext("Report “%(title)s”") % {"title": artwork.title},
            "by": artwork.artist.public_name,
            "subject_url": artwork.get_absolute_url(),
            "back_text": gettext("Back to the work"),
            "explanation": gettext(
                "Tell the moderators what is wrong with this work. The artist is not told who "
                "reported it."
            ),
        },
        reported={"artwork": artwork},
        file=lambda reason, message: file_report(artwork, request.user, reason, message),
        back_url=back_to_the_work,
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
@limit_reports
def report_comment(request, comment_id):
    # Only a comment visitors can see can be reported: anything else is a 404.
    comment = (
        Comment.objects.public()
        .select_related("author", "artwork__artist")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    artwork = comment.artwork
    if comment.author_id == request.user.pk:
        return TemplateResponse(
            request, "reports/own_comment.html", {"artwork": artwork}, status=403
        )

    def back_to_the_comment():
        if Comment.objects.public().filter(pk=comment.pk).exists():
            return comment.get_absolute_url()
        return f"{artwork.get_absolute_url()}#comments"

    return report_view(
        request,
        form_class=CommentReportForm,
        context={
            "heading": gettext("Report a comment by %(name)s")
            % {"name": comment.author.public_name},
            "by": gettext("On “%(title)s”") % {"title": artwork.title},
            "subject_url": comment.get_absolute_url(),
            "back_text": gettext("Back to the comment"),
            "explanation": gettext(
                "Tell the moderators what is wrong with this comment. Its author is not told "
                "who reported it."
            ),
            "quoted_comment": comment,
        },
        reported={"comment": comment},
        file=lambda reason, message: file_comment_report(comment, request.user, reason, message),
        back_url=back_to_the_comment,
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
@limit_reports
def report_artist(request, username):
    member = get_user_model().objects.filter(username=username, is_active=True).first()
    if member is None:
        raise Http404("No such artist.")
    if member.pk == request.user.pk:
        return TemplateResponse(request, "reports/own_profile.html", status=403)
    return report_view(
        request,
        form_class=ProfileReportForm,
        context={
            "heading": gettext("Report the profile of %(name)s") % {"name": member.public_name},
            "by": f"@{member.username}",
            "subject_url": member.get_absolute_url(),
            "back_text": gettext("Back to the profile"),
            "explanation": gettext(
                "Tell the moderators what is wrong with this member's name, bio, links or "
                "picture. The member is not told who reported it."
            ),
        },
        reported={"member": member},
        file=lambda reason, message: file_profile_report(member, request.user, reason, message),
        back_url=member.get_absolute_url,
    )
