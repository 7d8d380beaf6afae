import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.search import index

from core.images import delete_images
from core.member_pages import member_content_changed
from core.public_cache import public_content_changed

from .models import Artwork, ArtworkImage
from .tasks import resign_renditions

# Images being deleted right now in this thread: deleting an image cascades to its artwork,
# whose handler below must then leave the image to the deletion already under way.
_images_being_deleted = threading.local()


def images_being_deleted():
    if not hasattr(_images_being_deleted, "ids"):
        _images_being_deleted.ids = set()
    return _images_being_deleted.ids


def remember_image_deletion(sender, instance, **kwargs):
    images_being_deleted().add(instance.pk)


def forget_image_deletion(sender, instance, **kwargs):
    images_being_deleted().discard(instance.pk)


pre_delete.connect(remember_image_deletion, sender=get_image_model())
post_delete.connect(forget_image_deletion, sender=get_image_model())


@receiver(post_delete, sender=Artwork)
def delete_artwork_image(sender, instance, **kwargs):
    """An artwork's image belongs to it alone: deleting the artwork deletes the image in the
    same transaction, and Wagtail's own handlers remove the original file and every rendition
    file once it commits."""
    if instance.image_id not in images_being_deleted():
        delete_images([instance.image_id])


@receiver(post_delete, sender=Artwork)
def remove_from_search(sender, instance, **kwargs):
    """Artwork.save indexes the work (search_auto_update is off for it): its deletion takes it
    out of the index, as Wagtail's own handler would."""
    index.remove_object(instance)


@receiver(post_delete, sender=ArtworkImage)
def delete_extra_image_file(sender, instance, **kwargs):
    """An extra image belongs to its work alone, as the main image does: removing it (one at a
    time, from the admin's InlinePanel, or with the work, the artist or the whole account)
    deletes the Wagtail image, and Wagtail removes its files once that commits."""
    if instance.image_id not in images_being_deleted():
        delete_images([instance.image_id])


@receiver(post_save, sender=Artwork)
@receiver(post_delete, sender=Artwork)
@receiver(post_save, sender=ArtworkImage)
@receiver(post_delete, sender=ArtworkImage)
def artwork_changed(sender, instance, **kwargs):
    public_content_changed()


@receiver(post_save, sender=Artwork)
@receiver(post_delete, sender=Artwork)
def own_artwork_changed(sender, instance, **kwargs):
    """The artist's own pages (My artworks lists their works in every status) as kept for
    them: every save (an upload, an edit, a moderator's decision, a bulk action, a task) and
    every deletion. What a task makes of the image moves it too (tasks.renditions_changed)."""
    member_content_changed(instance.artist_id)


@receiver(post_save, sender=Artwork)
def resign_when_credentials_changed(sender, instance, created, **kwargs):
    """The work's signed renditions name its title, licence, AI declaration, medium and year:
    once an edit of one of them commits, a task signs them again (never the request)."""
    changed = set() if created else instance.changed_credential_fields()
    instance._loaded_credentials = instance.credential_values()
    if changed:
        artwork_id = instance.pk
        transaction.on_commit(lambda: resign_renditions.enqueue([artwork_id]), robust=True)
