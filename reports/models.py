from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from artworks import moderation
from artworks.models import Artwork


class Reason(models.TextChoices):
    NOT_THEIR_WORK = "not_their_work", "It is not the member's own work"
    OFFENSIVE = "offensive", "It is hateful, violent or harassing"
    SEXUAL = "sexual", "It is sexual content shown without care"
    SPAM = "spam", "It is spam or advertising"
    UNDECLARED_AI = "undeclared_ai", "It was made with AI but is not labelled so"
    OTHER = "other", "Something else"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """A member's report that something is wrong with an artwork. One per member and
    artwork; reports from REPORTS_TO_HOLD different members take the work out of public view
    until a moderator decides (see file_report)."""

    artwork = models.ForeignKey(Artwork, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    message = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Optional: anything that helps a moderator understand the problem.",
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
            models.UniqueConstraint(fields=["artwork", "reporter"], name="one_report_per_member")
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: “{self.artwork}”"

    @property
    def is_open(self):
        return self.resolved_at is None


def file_report(artwork, reporter, reason, message=""):
    """Record a report; when members enough have reported the work and it is public, hold it
    for a moderator. Returns the report."""
    with transaction.atomic():
        report = Report.objects.create(
            artwork=artwork, reporter=reporter, reason=reason, message=message
        )
        artwork = Artwork.objects.select_for_update().get(pk=artwork.pk)
        reporters = artwork.reports.open().values("reporter").distinct().count()
        if artwork.status == Artwork.Status.PUBLISHED and reporters >= settings.REPORTS_TO_HOLD:
            # The site decides, not a person: the log shows no moderator.
            moderation.decide(artwork, Artwork.Status.HELD, by=None)
    return report


def resolve_reports(reports, moderator):
    """Close reports (a moderator has looked at them). Returns how many were open."""
    return reports.open().update(resolved_at=timezone.now(), resolved_by=moderator)
