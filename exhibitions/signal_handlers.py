from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .models import ExhibitionPage


@receiver(page_published, sender=ExhibitionPage)
@receiver(page_unpublished, sender=ExhibitionPage)
def record_exhibited_artworks(sender, instance, **kwargs):
    instance.update_exhibited_artworks()
