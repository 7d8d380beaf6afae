from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from modelsearch.tasks import insert_or_update_object_task

from artworks.models import Artwork
from artworks.public_cache import public_content_changed

# What public pages show of a member (is_active: a deactivated member's work disappears).
PUBLIC_FIELDS = {"display_name", "username", "bio", "is_active"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def member_changed(sender, instance, update_fields=None, **kwargs):
    """Public pages show a member's names, bio and whether they are active, and artworks are
    found by their artist's name, which lives in each artwork's search entry: when any of
    these may have changed, cached pages go stale and the artworks are indexed again."""
    if update_fields is not None and not PUBLIC_FIELDS & set(update_fields):
        return  # e.g. last_login at each log-in
    public_content_changed()
    Artwork.objects.filter(artist=instance).exclude(artist_active=instance.is_active).update(
        artist_active=instance.is_active
    )
    for artwork_id in Artwork.objects.filter(artist=instance).values_list("pk", flat=True):
        insert_or_update_object_task.enqueue("artworks", "artwork", str(artwork_id))
