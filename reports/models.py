from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from artworks import moderation
from artworks.locking import lock_artist_of
from artworks.models import Artwork
from comments import moderation as comment_moderation
from comments.models import Comment
from core.verification import member_has_verified_email


class Reason(models.TextChoices):
    NOT_THEIR_WORK = "not_their_work", _("It is not the member's own work")
    OFFENSIVE = "offensive", _("It is hateful, violent or harassing")
    SEXUAL = "sexual", _("It is sexual content shown without care")
    SPAM = "spam", _("It is spam or advertising")
    UNDECLARED_AI = "undeclared_ai", _("It was made with AI but is not labelled so")
    IMPERSONATION = "impersonation", _("It pretends to be someone else")
    OTHER = "other", _("Something else")


#: The reasons offered for a work and for a member's profile.
ARTWORK_REASONS = [
    Reason.NOT_THEIR_WORK, Reason.OFFENSIVE, Reason.SEXUAL, Reason.SPAM, Reason.UNDECLARED_AI,
    Reason.OTHER,
]  # fmt: skip
PROFILE_REASONS = [Reason.IMPERSONATION, Reason.OFFENSIVE, Reason.SPAM, Reason.OTHER]
COMMENT_REASONS = [Reason.OFFENSIVE, Reason.SEXUAL, Reason.SPAM, Reason.OTHER]


#: What the admin shows as the reporter of a report whose reporter's account was erased.
DELETED_MEMBER = _("deleted member")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """A member's report that something is wrong with an artwork, a comment or a member's
    profile (name, bio, links, avatar). One per member and thing reported. Reports on a work
    or a comment from REPORTS_TO_HOLD different established members take it out of public view
    until a moderator decides (see file_report, file_comment_report); a profile report waits
    for a moderator, who may clear what is wrong."""

    artwork = models.ForeignKey(
        Artwork,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The reported work (empty when a profile is reported)."),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The reported comment (empty when a work or a profile is reported)."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_received",
        help_text=_("The member whose profile is reported (empty when a work is reported)."),
    )
    # Kept when the reporter's account is erased (members.deletion), without their name: the
    # report still tells the moderators what was wrong.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_made",
        help_text=_("The member who reported (empty once their account is deleted)."),
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    message = models.TextField(
        blank=True,
        max_length=1000,
        help_text=_("Optional: anything that helps a moderator understand the problem."),
    )
    counts_towards_hold = models.BooleanField(
        default=False,
        editable=False,
        help_text=_(
            "Whether the reporter was an established member when they reported (see "
            "established_reporter): only their reports can hold a work without a moderator."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["artwork", "reporter"], name="one_report_per_member"),
            models.UniqueConstraint(
                fields=["member", "reporter"], name="one_profile_report_per_member"
            ),
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_comment_report_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(artwork__isnull=False, member__isnull=True, comment__isnull=True)
                | models.Q(artwork__isnull=True, member__isnull=False, comment__isnull=True)
                | models.Q(artwork__isnull=True, member__isnull=True, comment__isnull=False),
                name="report_names_one_thing",
            ),
        ]

    def __str__(self):
        if self.comment_id is not None:
            return gettext("%(reason)s: a comment by %(author)s") % {
                "reason": self.get_reason_display(),
                "author": self.comment.author,
            }
        if self.artwork_id is None:
            return gettext("%(reason)s: the profile of %(member)s") % {
                "reason": self.get_reason_display(),
                "member": self.member,
            }
        return gettext("%(reason)s: “%(artwork)s”") % {
            "reason": self.get_reason_display(),
            "artwork": self.artwork,
        }

    def get_reporter_display(self):
        """The reporter's name, or "deleted member" once their account is erased (the
        admin's listing, inspect view and bulk confirmation)."""
        return str(self.reporter) if self.reporter_id else str(DELETED_MEMBER)

    @property
    def is_open(self):
        return self.resolved_at is None


def established_reporter(member):
    """Whether a member's report may take work out of public view before a moderator looks:
    a confirmed email, an account older than REPORT_MIN_ACCOUNT_AGE, and either published
    work or membership longer than REPORT_ESTABLISHED_MEMBER_AGE. A handful of fresh accounts
    must not be able to take anyone's work offline; their reports still reach a moderator."""
    joined_ago = timezone.now() - member.date_joined
    if joined_ago < settings.REPORT_MIN_ACCOUNT_AGE or not member_has_verified_email(member):
        return False
    return (
        joined_ago >= settings.REPORT_ESTABLISHED_MEMBER_AGE
        or member.artworks.filter(status=Artwork.Status.PUBLISHED).exists()
    )


def file_report(artwork, reporter, reason, message=""):
    """Record a report; when established members enough have reported the work and it is
    public, hold it for a moderator. Returns the report."""
    with transaction.atomic():
        # The artist's row before the work's, which a hold writes (artworks.locking).
        lock_artist_of(artwork)
        report = weighted_report(reporter, reason, message, artwork=artwork)
        hold_when_reported_enough(artwork, moderation.decide)
    return report


def file_comment_report(comment, reporter, reason, message=""):
    """Record a report on a comment, weighted as reports on work are: when established
    members enough have reported it and it is public, hold it for a moderator. Returns the
    report."""
    with transaction.atomic():
        report = weighted_report(reporter, reason, message, comment=comment)
        hold_when_reported_enough(comment, comment_moderation.decide)
    return report


def weighted_report(reporter, reason, message, **reported):
    """A report on `reported` (`artwork=` or `comment=`), counting towards a hold when its
    reporter is an established member."""
    return Report.objects.create(
        reporter=reporter,
        reason=reason,
        message=message,
        counts_towards_hold=established_reporter(reporter),
        **reported,
    )


def hold_when_reported_enough(reported, decide):
    """Inside the filing transaction: hold `reported` (an artwork or a comment, both with
    PUBLISHED and HELD statuses) through its moderation service's `decide` when it is public
    and established members enough have reported it."""
    model = type(reported)
    reported = model.objects.select_for_update().get(pk=reported.pk)
    reporters = (
        reported.reports.open()
        .filter(counts_towards_hold=True)
        .values("reporter")
        .distinct()
        .count()
    )
    if reported.status == model.Status.PUBLISHED and reporters >= settings.REPORTS_TO_HOLD:
        # The site decides, not a person: the log shows no moderator.
        decide(reported, model.Status.HELD, by=None)


def file_profile_report(member, reporter, reason, message=""):
    """Record a report on a member's profile: it waits for a moderator and hides nothing."""
    return Report.objects.create(member=member, reporter=reporter, reason=reason, message=message)


def resolve_reports(reports, moderator):
    """Close reports (a moderator has looked at them), each logged in Wagtail's audit log in
    the moderator's name. Returns how many were open."""
    with transaction.atomic():
        closing = list(reports.open().select_for_update())
        Report.objects.filter(pk__in=[report.pk for report in closing]).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        for report in closing:
            log(instance=report, action="reports.resolve", user=moderator)
    return len(closing)
