from django.conf import settings
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from core.member_pages import member_content_changed

from . import favourites
from .models import Favourite, Follow


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def take_a_deleted_members_favourites_off_the_counters(sender, instance, **kwargs):
    """Deleting a user (account erasure, the admin) cascades to their favourites without
    the service: the works' counters would keep counting them. Every deletion path sends
    pre_delete for each user, the admin's bulk delete included."""
    favourites.forget_member(instance)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def notice_a_change_of_active(sender, instance, update_fields, **kwargs):
    """Every path that deactivates or reactivates a member (members.moderation, the admin's
    forms) saves the user: note here whether "active" really changes, for the handler below
    (members.User keeps the values it was loaded with)."""
    instance._favourites_follow_active = (
        not instance._state.adding
        and (update_fields is None or "is_active" in update_fields)
        and "is_active" in instance.changed_public_fields()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def move_a_members_favourites_with_them(sender, instance, created, **kwargs):
    if getattr(instance, "_favourites_follow_active", False):
        instance._favourites_follow_active = False
        favourites.member_active_changed(instance)


# What a member's own pages show them (core.member_pages): their hearts and Favourites page,
# their Following page. A row made by any path moves the member's version here; a row removed
# moves it in the service that removes it (social.favourites, social.follows), so that a
# cascade (a work or an account deleted, which moves the public version anyway) stays one
# DELETE instead of a signal for every row.


@receiver(post_save, sender=Favourite)
def favourite_saved(sender, instance, **kwargs):
    member_content_changed(instance.member_id)


@receiver(post_save, sender=Follow)
def follow_saved(sender, instance, **kwargs):
    member_content_changed(instance.follower_id)
