from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.public_cache import public_content_changed

from .models import Comment
from .signals import comment_decided


@receiver(post_save, sender=Comment, dispatch_uid="comments-public-change")
@receiver(post_delete, sender=Comment, dispatch_uid="comments-public-delete")
def public_comment_changed(sender, instance, **kwargs):
    """A published comment posted, edited or deleted changes its artwork's page: cached pages
    go stale at once (the same coarse public version every public change moves on), so
    visitors see it at their next request. A comment awaiting review changes nothing public."""
    if instance.status == Comment.Status.PUBLISHED:
        public_content_changed()


@receiver(comment_decided, sender=Comment, dispatch_uid="comments-public-decision")
def public_comment_decided(sender, comment, previous_status, **kwargs):
    """A published comment held or removed leaves the page."""
    if previous_status == Comment.Status.PUBLISHED:
        public_content_changed()
