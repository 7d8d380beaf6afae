from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from artworks.public_cache import public_content_changed

from .models import Comment


@receiver(post_save, sender=Comment, dispatch_uid="comments-public-change")
@receiver(post_delete, sender=Comment, dispatch_uid="comments-public-delete")
def comment_changed(sender, instance, **kwargs):
    """A comment posted, edited, decided or deleted changes its artwork's page: cached pages
    go stale at once (the same coarse public version every public change moves on), so
    visitors see it at their next request."""
    public_content_changed()
