import re
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlsplit

from django import template
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext

from comments import services
from comments.forms import CommentForm
from comments.models import Comment
from members.models import ArtistIndexPage

register = template.Library()

# A web address in a comment: http or https only, up to the first space or character that
# cannot be part of one. Anything else (javascript:, data:, mailto:) stays plain text.
WEB_ADDRESS = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address.
TRAILING = ".,;:!?)]}*_"
LINK_TEXT_LENGTH = 60


def _link(address):
    text = address if len(address) <= LINK_TEXT_LENGTH else f"{address[: LINK_TEXT_LENGTH - 1]}…"
    return format_html('<a href="{}" rel="ugc nofollow noopener">{}</a>', address, text)


@register.filter
def comment_body(text):
    """A comment as HTML: everything escaped, line breaks kept, and http(s) addresses made
    links marked as user content (rel="ugc nofollow noopener"). Written here rather than
    with Django's urlize, which also links bare domains and email addresses and marks links
    only "nofollow"."""
    pieces = []
    position = 0
    for match in WEB_ADDRESS.finditer(text):
        address = match.group(0).rstrip(TRAILING)
        # A closing bracket belongs to the address when it opened one ((en.wikipedia.org/…_(x)).
        while match.group(0)[len(address) : len(address) + 1] == ")" and address.count(
            "("
        ) > address.count(")"):
            address += ")"
        start, end = match.start(), match.start() + len(address)
        pieces.append(escape(text[position:start]))
        try:
            host = urlsplit(address).hostname
        except ValueError:
            host = None
        pieces.append(_link(address) if host else escape(address))
        position = end
    pieces.append(escape(text[position:]))
    # Escaping leaves line breaks alone, so they can only be the member's own.
    return mark_safe("".join(pieces).replace("\n", "<br>\n"))  # noqa: S308


@register.filter
def posted_ago(moment):
    """ "just now", or "5 minutes ago", "2 days ago": how long ago, in words."""
    if timezone.now() - moment < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment, depth=1)}


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, artwork):
    """The "Comments (N)" section of an artwork's page. Anonymous visitors all get the same
    HTML (the published comments, a link to log in), so the cached page is one for everyone;
    a member's page, never cached, adds the forms, their own comments still awaiting review,
    and the Edit and Delete buttons they are allowed. One query for the comments, whatever
    their number (and one for each kind of avatar, when any author has one)."""
    request = context["request"]
    user = request.user
    shown = Q(status=Comment.Status.PUBLISHED, author__is_active=True)
    if user.is_authenticated:
        shown |= Q(author=user, status=Comment.Status.AWAITING_REVIEW)
    comments = list(Comment.objects.filter(shown, artwork=artwork).for_listing())
    now = timezone.now()
    threads, replies = [], defaultdict(list)
    for comment in comments:
        comment.avatar = ArtistIndexPage.public_avatar(comment.author)
        if user.is_authenticated:
            comment.can_edit = services.can_edit(user, comment, now)
            comment.can_delete = services.can_delete(user, comment, artwork, now)
        (threads if comment.parent_id is None else replies[comment.parent_id]).append(comment)
    for thread in threads:
        # Replies to a comment no longer shown (removed, or its author suspended) go with it.
        thread.shown_replies = replies.get(thread.pk, [])
    return {
        "artwork": artwork,
        "threads": threads,
        "count": sum(1 + len(thread.shown_replies) for thread in threads),
        "open": services.comments_open(artwork),
        "user": user,
        "form": CommentForm(auto_id="id_comment_%s"),
        "csrf_token": context.get("csrf_token"),
    }
