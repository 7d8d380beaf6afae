"""
Moderators' decisions about members, in one place: who may act on whom, and deactivating or
reactivating an account. The admin's edit form (admin_users.MemberEditAction) and Wagtail's
user bulk actions (admin_users, registered in wagtail_hooks) all come here, so one rule holds
on every path, and every decision is in Wagtail's audit log.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.log_actions import log

from artworks.models import Artwork
from artworks.moderation import images_of, public_images_changed
from core.signals import member_moderated

#: What a moderator can clear from a profile without deactivating the member, with the
#: fields each empties.
CLEARABLE = {
    "bio": ("bio",),
    "links": ("link_1", "link_2", "link_3"),
    "avatar": ("avatar_artwork", "avatar_image"),
    "banner": ("banner_image",),
}

#: The uploaded images that clearing a part deletes (they belong to the member alone).
UPLOADED_IMAGES = {"avatar": "avatar_image", "banner": "banner_image"}


def may_act_on(actor, member):
    """Superusers may act on anyone. Anybody else with the right to change users (the
    Moderators) acts on plain members only: never on staff, a superuser, anyone in a group
    (another moderator, an editor) or given admin access directly, and never on themselves."""
    if actor.is_superuser:
        return True
    return not (
        member.pk == actor.pk
        or member.is_superuser
        or member.is_staff
        or member.groups.exists()
        # Admin rights given to the person directly, not through a group.
        or member.has_perm("wagtailadmin.access_admin")
    )


def may_assign_roles(actor):
    """Putting someone in a group gives them rights: superusers only."""
    return actor.is_superuser


def set_member_active(member, active, *, by, action=None, also_save=()):
    """Deactivate or reactivate `member`. A deactivated member's work leaves every public page,
    feed, sitemap and search (members.signal_handlers follows the save) and their sessions
    end; reactivation brings the work back but not the sessions. Returns whether anything
    changed.

    A member's own request to delete their account (members.deletion) deactivates them the
    same way, under its own `action` in the audit log and saving `also_save` with it; it is
    not a moderator's decision, so `member_moderated` (which answers reports) is not sent."""
    with transaction.atomic():
        current = get_user_model().objects.select_for_update().get(pk=member.pk)
        if current.is_active == active:
            return False
        # What the row says now, not what `member` was loaded with: the save's handlers
        # (members.signal_handlers, social.signal_handlers) act on a real change only, and a
        # `member` loaded before someone else's change would otherwise look unchanged.
        member._loaded_public = {**member.public_values(), "is_active": current.is_active}
        member.is_active = active
        fields = ["is_active", *also_save]
        if active and current.deletion_requested_at is not None:
            # Any reactivation ends a pending deletion (members.deletion): the account must
            # not be erased if it is ever deactivated again.
            member.deletion_requested_at = None
            fields.append("deletion_requested_at")
        if not active:
            member.session_generation = current.session_generation + 1
            fields.append("session_generation")
        member.save(update_fields=fields)
        # Their public work, avatar and banner leave (or come back to) public view with them.
        published = member.artworks.filter(status=Artwork.Status.PUBLISHED)
        public_images_changed(
            [
                *images_of(published.values("pk")),
                member.avatar_image_id,
                member.banner_image_id,
            ]
        )
        moderated = action is None
        if moderated:
            action = "members.reactivate" if active else "members.deactivate"
        log(instance=member, action=action, user=by)
        if moderated:
            member_moderated.send(sender=type(member), member=member, action=action, by=by)
    return True


def clear_profile(member, parts, *, by):
    """Empty parts of a member's profile ("bio", "links", "avatar", "banner": see CLEARABLE)
    that a moderator found wrong, leaving the account and its work as they are. An uploaded
    avatar or banner image is deleted with its files. Logged, with what was cleared."""
    parts = [part for part in CLEARABLE if part in parts]
    if not parts:
        return False
    with transaction.atomic():
        uploaded_image_ids = [
            getattr(member, f"{UPLOADED_IMAGES[part]}_id")
            for part in parts
            if part in UPLOADED_IMAGES
        ]
        fields = [field for part in parts for field in CLEARABLE[part]]
        for field in fields:
            is_relation = member._meta.get_field(field).is_relation
            setattr(member, field, None if is_relation else "")
        member.save(update_fields=fields)
        # Wagtail removes their files and their renditions' files once this commits.
        get_image_model().objects.filter(
            pk__in=[pk for pk in uploaded_image_ids if pk is not None]
        ).delete()
        log(instance=member, action="members.clear_profile", user=by, data={"cleared": parts})
        member_moderated.send(
            sender=type(member), member=member, action="members.clear_profile", by=by
        )
    return True
