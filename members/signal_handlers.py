from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from modelsearch.tasks import insert_or_update_object_task
from wagtail.images import get_image_model

from artworks.locking import lock_artist_of
from artworks.models import Artwork
from artworks.tasks import resign_artist_renditions
from core.images import delete_images
from core.member_pages import member_content_changed, members_content_changed
from core.public_cache import public_content_changed

from .adapter import remember_network

#: Changes that alter the artworks' search entries (found by artist name) and visibility.
INDEXED_FIELDS = {"display_name", "username", "is_active"}
#: What the gallery sorted by artist orders the member's works by (Artwork.artist_sort_name).
SORTED_FIELDS = {"display_name", "username"}
#: What every one of the member's works' Content Credentials says of them (their public name
#: and their page's address).
CREDENTIAL_FIELDS = {"display_name", "username"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def member_changed(sender, instance, created, **kwargs):
    """Public pages show a member's names, bio, links, avatar, banner and whether they are
    active, and artworks are found by their artist's name, which lives in each artwork's
    search entry. Only when one of those really changed do cached pages go stale (a profile
    saved without changes, or a log-in's last_login, moves nothing), and only a change of
    name or of "active" indexes the member's artworks again, and a change of name signs their
    works' renditions again (their credentials name the artist) and moves them in the gallery
    sorted by artist."""
    changed = set() if created else instance.changed_public_fields()
    instance._loaded_public = instance.public_values()
    if not changed:
        return  # a new member has nothing public yet
    public_content_changed()
    if "is_active" in changed:
        Artwork.objects.filter(artist=instance).exclude(artist_active=instance.is_active).update(
            artist_active=instance.is_active
        )
    if changed & SORTED_FIELDS:
        Artwork.objects.filter(artist=instance).update(
            artist_sort_name=Artwork.sort_name_of(instance)
        )
    if changed & INDEXED_FIELDS:
        for artwork_id in Artwork.objects.filter(artist=instance).values_list("pk", flat=True):
            insert_or_update_object_task.enqueue("artworks", "artwork", str(artwork_id))
    if changed & CREDENTIAL_FIELDS:
        artist_id = instance.pk
        transaction.on_commit(lambda: resign_artist_renditions.enqueue(artist_id), robust=True)


def recounted_on_save(instance, update_fields):
    return (
        instance._state.adding
        or update_fields is None
        or bool({"status", "visibility"} & set(update_fields))
    )


def recounted_on_delete(instance):
    return (
        instance.status == Artwork.Status.PUBLISHED
        and instance.visibility == Artwork.Visibility.LISTED
    )


@receiver(pre_save, sender=Artwork)
def lock_artist_before_saving(sender, instance, update_fields=None, **kwargs):
    """Inside a transaction, the artist's row is locked before the work's is written, since
    the count then locks it anyway: the order every path takes (artworks.locking)."""
    if recounted_on_save(instance, update_fields):
        lock_artist_of(instance)


@receiver(pre_delete, sender=Artwork)
def lock_artist_before_deleting(sender, instance, **kwargs):
    # Before any row is deleted: Django sends every pre_delete of a deletion first.
    if recounted_on_delete(instance):
        lock_artist_of(instance)


@receiver(post_save, sender=Artwork)
def artwork_saved(sender, instance, created, update_fields=None, **kwargs):
    """Whether a work is listed can change with any save that writes its status or its
    visibility (an upload, the member's edit, a moderation decision, a bulk action): its
    artist's listed_work_count is counted again in the same transaction."""
    if created or recounted_on_save(instance, update_fields):
        get_user_model().objects.recount_listed_works(instance.artist_id)


@receiver(post_delete, sender=Artwork)
def artwork_deleted(sender, instance, **kwargs):
    """A listed work deleted (by its artist, an editor, or with the account or its image)
    leaves its artist with one fewer."""
    if recounted_on_delete(instance):
        get_user_model().objects.recount_listed_works(instance.artist_id)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def delete_profile_images(sender, instance, **kwargs):
    """An uploaded avatar or banner belongs to its member alone: deleting the member deletes
    them in the same transaction (Wagtail removes their files and their renditions' once that
    commits). Their artworks and the artworks' images go by cascade (artworks.signal_handlers)."""
    delete_images([instance.avatar_image_id, instance.banner_image_id])


@receiver(post_delete, sender=get_image_model())
def image_deleted(sender, instance, **kwargs):
    """An editor may delete an avatar or banner image from the image library (the member's
    avatar or banner is then set to none): cached artist pages must not keep showing it."""
    public_content_changed()


@receiver(user_logged_in, dispatch_uid="members-remember-network")
def remember_login_network(sender, request, user, **kwargs):
    """The network a member logs in from is theirs for a while: account emails they ask for
    from it are not held back by strangers' requests (members.adapter.mail_limits)."""
    if request is not None:
        remember_network(request, user)


# --- The member's own pages (core.member_pages) ----------------------------------------------


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="members-own-pages")
def own_row_saved(sender, instance, **kwargs):
    """Whatever the member's row says may be on the pages kept for them (their names, their
    settings, whether they are staff or active): every save moves their version, a log-in's
    included (cheap, and the log-in changes their session anyway)."""
    member_content_changed(instance.pk)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="members-deleted-public")
def member_deleted(sender, instance, **kwargs):
    """A member deleted leaves the artists' list and their followers' Following pages, even
    with no work of theirs to delete (which would have moved the version too)."""
    public_content_changed()


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="members-groups")
@receiver(
    m2m_changed,
    sender=get_user_model().user_permissions.through,
    dispatch_uid="members-permissions",
)
def member_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member who joins a group or gains a permission may now enter the admin: their
    pages carry the Wagtail userbar, and no page kept for them without it may be served
    (core.page_cache.MemberPageCacheMiddleware keeps none for editors)."""
    if action not in CHANGES:
        return
    if not reverse:
        member_content_changed(instance.pk)
    elif pk_set:
        members_content_changed(pk_set)
    else:  # a group or a permission about to lose all its members
        members_content_changed(instance.user_set.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="members-group-permissions")
def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A group given the admin (or any permission) changes it for each of its members."""
    if action not in CHANGES:
        return
    if not reverse:
        groups = [instance.pk]
    else:
        groups = pk_set or instance.group_set.values_list("pk", flat=True)
    members = get_user_model().objects.filter(groups__in=groups).values_list("pk", flat=True)
    members_content_changed(members)


#: The m2m_changed actions that matter: after a row is added or removed, and before all are
#: cleared (afterwards, nobody is left to name).
CHANGES = {"post_add", "post_remove", "pre_clear"}
