"""Members' comments: posting (a comment or a reply), editing and deleting. Plain POST forms
that answer with a redirect back to the comment on the artwork's page; a refused or invalid
post gets a page of its own with the message next to the field."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from artworks.models import Artwork, ReviewSettings
from core.member_requests import over_member_limit
from core.verification import confirm_email_first, member_has_verified_email

from . import services
from .forms import CommentEditForm, CommentForm
from .models import Comment

TOO_MANY_COMMENTS = _(
    "You have written many comments in a short time. Nothing was posted this time; please wait "
    "a while and try again."
)
POSTED = _("Your comment is posted.")
AWAITING_REVIEW = _("Thank you. Your comment will appear once a moderator has read it.")
EDITED = _("Your comment is saved.")
DELETED = _("The comment is deleted.")


def too_many_comments(request):
    """Count this post or edit against the member's allowance; whether it is over. Per
    member, so nobody can script a flood of comments (and of notifications)."""
    return over_member_limit(request, "comments", settings.COMMENT_RATE_LIMIT)


def review_on(request):
    return ReviewSettings.for_request(request).review_new_uploads


def refused(request, artwork, message, status):
    return TemplateResponse(
        request,
        "comments/comment_refused.html",
        {"artwork": artwork, "message": message},
        status=status,
    )


def form_page(request, artwork, form, *, status, comment=None, error=None):
    """The comment form on a page of its own, with what is wrong next to the field (a 200,
    as every form with errors on the site answers; 429 when over the rate limit)."""
    if error:
        form.add_error(None, error)
    return TemplateResponse(
        request,
        "comments/comment_form.html",
        {"artwork": artwork, "form": form, "comment": comment},
        status=status,
    )


@require_POST
def post_comment(request, artwork_id):
    """POST a comment on a public work, or (with `parent`) a reply to one of its comments."""
    artwork = Artwork.objects.public().select_related("artist").filter(pk=artwork_id).first()
    if artwork is None:
        raise Http404("No such artwork.")
    if not request.user.is_authenticated:
        return redirect_to_login(f"{artwork.get_absolute_url()}#comments")
    if not member_has_verified_email(request.user):
        return confirm_email_first(request)
    if not services.comments_open(artwork):
        return refused(request, artwork, services.COMMENTS_OFF, 403)
    form = CommentForm(request.POST)
    if too_many_comments(request):
        form.is_valid()
        return form_page(request, artwork, form, status=429, error=TOO_MANY_COMMENTS)
    if not form.is_valid():
        return form_page(request, artwork, form, status=200)
    parent = None
    if form.cleaned_data["parent"]:
        parent = (
            Comment.objects.filter(pk=form.cleaned_data["parent"], artwork=artwork)
            .select_related("parent")
            .first()
        )
        if parent is None:
            return refused(request, artwork, services.NO_SUCH_COMMENT, 400)
    try:
        comment = services.post(
            request.user,
            artwork,
            form.cleaned_data["body"],
            parent=parent,
            awaiting_review=review_on(request),
        )
    except services.CommentRefused as refusal:
        return refused(request, artwork, str(refusal), 400)
    messages.success(request, POSTED if comment.is_public else AWAITING_REVIEW)
    return redirect(f"{artwork.get_absolute_url()}#comment-{comment.pk}")


def own_comment_or_404(request, comment_id, *, artist_too=False):
    """The comment, when the member may act on it at all: the author's, or (for deleting)
    any comment on the member's own work. Anyone else gets a 404, as for artworks."""
    comment = (
        Comment.objects.select_related("artwork__artist", "author").filter(pk=comment_id).first()
    )
    if comment is None or not Artwork.objects.public().filter(pk=comment.artwork_id).exists():
        raise Http404("No such comment.")
    if comment.author_id == request.user.pk:
        return comment
    if artist_too and comment.artwork.artist_id == request.user.pk:
        return comment
    raise Http404("No such comment.")


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment = own_comment_or_404(request, comment_id)
    artwork = comment.artwork
    if not services.can_edit(request.user, comment):
        message = (
            services.EDIT_TOO_LATE
            if comment.status in (Comment.Status.PUBLISHED, Comment.Status.AWAITING_REVIEW)
            else services.WITH_THE_MODERATORS
        )
        return refused(request, artwork, message, 403)
    if request.method == "GET":
        form = CommentEditForm(initial={"body": comment.body})
        return form_page(request, artwork, form, status=200, comment=comment)
    form = CommentEditForm(request.POST)
    if too_many_comments(request):
        form.is_valid()
        return form_page(
            request, artwork, form, status=429, comment=comment, error=TOO_MANY_COMMENTS
        )
    if not form.is_valid():
        return form_page(request, artwork, form, status=200, comment=comment)
    try:
        services.edit(
            request.user, comment, form.cleaned_data["body"], awaiting_review=review_on(request)
        )
    except services.CommentRefused as refusal:
        return refused(request, artwork, str(refusal), 403)
    messages.success(request, EDITED if comment.is_public else AWAITING_REVIEW)
    return redirect(f"{artwork.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request, comment_id):
    """GET asks to confirm; POST deletes (the comment and its replies)."""
    comment = own_comment_or_404(request, comment_id, artist_too=True)
    artwork = comment.artwork
    if not services.can_delete(request.user, comment, artwork):
        return refused(request, artwork, services.EDIT_TOO_LATE, 403)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "comments/comment_confirm_delete.html",
            {"artwork": artwork, "comment": comment, "replies": comment.replies.count()},
        )
    try:
        services.delete(request.user, comment)
    except services.CommentRefused as refusal:
        return refused(request, artwork, str(refusal), 403)
    messages.success(request, DELETED)
    return redirect(f"{artwork.get_absolute_url()}#comments")
