from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .models import ExhibitedArtwork, ExhibitionPage


@receiver(page_published, sender=ExhibitionPage)
def record_exhibited_artworks(sender, instance, **kwargs):
    instance.update_exhibited_artworks()


@receiver(page_unpublished, sender=ExhibitionPage)
def forget_exhibited_artworks(sender, instance, **kwargs):
    # Also sent while the page is being deleted, when the instance still says it is live.
    ExhibitedArtwork.objects.filter(exhibition=instance).delete()
