from django.contrib.auth import get_user_model
from django.dispatch import receiver

from artworks.models import Artwork
from artworks.moderation import MODERATOR_DECISIONS, artwork_decided
from comments import moderation as comment_moderation
from comments.models import Comment
from comments.signals import comment_decided
from core.signals import member_moderated

from .models import Report, resolve_reports


@receiver(artwork_decided, sender=Artwork, dispatch_uid="reports-resolve-on-decision")
def resolve_reports_on_decision(sender, artwork, by, **kwargs):
    """Publishing or hiding a work (a held one, or one with open reports) is the moderator's
    answer to its reports, so they are resolved with it, in the moderator's name."""
    if artwork.status in MODERATOR_DECISIONS and by is not None:
        resolve_reports(artwork.reports.all(), by)


@receiver(comment_decided, sender=Comment, dispatch_uid="reports-resolve-on-comment-decision")
def resolve_reports_on_comment_decision(sender, comment, by, **kwargs):
    """Publishing or removing a comment is the moderator's answer to its reports, as for
    work."""
    if comment.status in comment_moderation.MODERATOR_DECISIONS and by is not None:
        resolve_reports(comment.reports.all(), by)


@receiver(member_moderated, sender=get_user_model(), dispatch_uid="reports-resolve-on-member")
def resolve_reports_on_member_decision(sender, member, action, by, **kwargs):
    """Clearing what was wrong with a profile, or deactivating the member, answers the reports
    on their profile; deactivation takes all their work out of view, so it answers the
    reports on it too."""
    if by is None or action == "members.reactivate":
        return
    resolve_reports(Report.objects.filter(member=member), by)
    if action == "members.deactivate":
        resolve_reports(Report.objects.filter(artwork__artist=member), by)
