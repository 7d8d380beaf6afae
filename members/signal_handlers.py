from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelsearch.tasks import insert_or_update_object_task
from wagtail.images import get_image_model

from artworks.models import Artwork
from artworks.public_cache import public_content_changed

# What public pages show of a member (is_active: a deactivated member's work disappears).
# Foreign keys are named both ways, as `save(update_fields=...)` accepts either.
PUBLIC_FIELDS = {
    "display_name", "username", "bio", "is_active", "location", "link_1", "link_2", "link_3",
    "avatar_artwork", "avatar_artwork_id", "avatar_image", "avatar_image_id",
}  # fmt: skip


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


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def delete_avatar_image(sender, instance, **kwargs):
    """An uploaded avatar belongs to its member alone: deleting the member deletes it in the
    same transaction (Wagtail removes its files and its renditions' once that commits). Their
    artworks and the artworks' images go by cascade (artworks.signal_handlers)."""
    if instance.avatar_image_id is not None:
        get_image_model().objects.filter(pk=instance.avatar_image_id).delete()


@receiver(post_delete, sender=get_image_model())
def image_deleted(sender, instance, **kwargs):
    """An editor may delete an avatar image from the image library (the member's avatar is
    then set to none): cached artist pages must not keep showing it."""
    public_content_changed()
