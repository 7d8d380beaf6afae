from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import Artwork, CachedUrlMixin


@receiver(post_delete, sender=Artwork)
def delete_artwork_image(sender, instance, **kwargs):
    """An artwork's image belongs to it alone: deleting the artwork deletes the image in the
    same transaction, and Wagtail's own handlers remove the original file and every rendition
    file once it commits. (When the image itself is being deleted, this finds it gone.)"""
    get_image_model().objects.filter(pk=instance.image_id).delete()


def forget_page_url(instance, **kwargs):
    page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if isinstance(page, CachedUrlMixin):
        type(page).forget_cached_url()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(forget_page_url, dispatch_uid=f"forget-page-url-{signal}")
post_delete.connect(forget_page_url, dispatch_uid="forget-page-url-delete")
