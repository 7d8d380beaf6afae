"""A member's exports of their own data (members.exports builds them)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DataExport(models.Model):
    """A zip of everything a member has given the site (members.exports builds it in a task):
    their originals, extra images, avatar and banner, and their data as JSON. The file lives
    in private storage under an unguessable name and is served only to its owner, through
    the site, until it expires; `manage.py delete_expired_exports` then removes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        # The index below leads with the member: a second one of its own would only cost writes.
        db_index=False,
        related_name="data_exports",
        help_text=_("The member whose data this is, and the only person who may download it."),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(
        max_length=255, blank=True, help_text=_("The zip's name in the export storage.")
    )
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="dataexport_member_newest")]

    def __str__(self):
        return gettext("Data export of %(member)s (%(status)s)") % {
            "member": self.member,
            "status": self.get_status_display(),
        }
