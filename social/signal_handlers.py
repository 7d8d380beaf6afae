from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from . import favourites


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def take_a_deleted_members_favourites_off_the_counters(sender, instance, **kwargs):
    """Deleting a user (account erasure, the admin) cascades to their favourites without
    the service: the works' counters would keep counting them. Every deletion path sends
    pre_delete for each user, the admin's bulk delete included."""
    favourites.forget_member(instance)
