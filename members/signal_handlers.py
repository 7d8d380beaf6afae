from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from modelsearch.tasks import insert_or_update_object_task

from artworks.models import Artwork


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def reindex_artworks_of_renamed_member(sender, instance, update_fields=None, **kwargs):
    """Artworks are found by their artist's name, which lives in each artwork's search entry:
    when a member's names may have changed, index their artworks again."""
    if update_fields is not None and not {"display_name", "username"} & set(update_fields):
        return  # e.g. last_login at each log-in
    for artwork_id in Artwork.objects.filter(artist=instance).values_list("pk", flat=True):
        insert_or_update_object_task.enqueue("artworks", "artwork", str(artwork_id))
