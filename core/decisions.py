"""What the moderation services share (artworks.moderation, comments.moderation): writing a
decision on an object with a `status` and a `moderation_note`, and logging it in Wagtail's
audit log, where the admin's History and Site history read it."""

from wagtail.log_actions import log


def record_decision(obj, status, *, by, note, log_actions, update_fields=()):
    """Inside the deciding transaction: give `obj` `status` and `note` and log the decision as
    `log_actions[status]` in `by`'s name (None when the site decided itself). Saves the status,
    the note and `update_fields`. Returns the status the object had, read with its row locked,
    so that two moderators (or a moderator and the reports' hold) deciding at once are applied
    one after the other, each seeing the other's outcome."""
    model = type(obj)
    previous_status = (
        model.objects.select_for_update().values_list("status", flat=True).get(pk=obj.pk)
    )
    obj.status = status
    obj.moderation_note = note
    obj.save(update_fields=["status", "moderation_note", *update_fields])
    log(
        instance=obj,
        action=log_actions[status],
        user=by,
        data={"previous_status": previous_status, "note": note},
    )
    return previous_status
