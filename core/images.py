"""Deleting Wagtail images safely while tasks are still writing their renditions.

A task worker makes, signs and renames an image's renditions after the upload commits; a
member may replace or delete the image at the same moment. Django's delete first reads the
image's renditions and then deletes them and the image, so a rendition written in between
would still point at the deleted image (PostgreSQL refuses the commit) and its file would
belong to no row. Both sides therefore take the image's row lock first: the deletion sees
every rendition committed before it, and a task that comes after it finds the image gone.
A task that gives a rendition a new file (renamed, signed) does so through
`replace_rendition_file`, under the same lock.
"""

from django.db import transaction

from wagtail.images import get_image_model


def delete_images(image_ids):
    """Delete these images (their renditions by cascade; Wagtail removes the files once the
    transaction commits), after locking their rows against the rendition tasks."""
    image_ids = [pk for pk in image_ids if pk is not None]
    if not image_ids:
        return
    images = get_image_model().objects.filter(pk__in=image_ids)
    with transaction.atomic():
        list(images.select_for_update().order_by("pk").values_list("pk", flat=True))
        images.delete()


def lock_image(image_id):
    """Inside a transaction: lock the image's row for a task about to change one of its
    renditions. Returns False when the image has been deleted meanwhile."""
    locked = get_image_model().objects.select_for_update().filter(pk=image_id)
    return bool(list(locked.values_list("pk", flat=True)))


def replace_rendition_file(image_id, rendition_model, rendition_id, write):
    """Give one rendition a new file, under locks on its image's row and its own: two tasks for
    the same image replace it one after the other, and neither leaves a copy that no row
    names. `write(rendition)` stores the new copy and returns its storage name, or None to
    leave the rendition as it is; the row then names the copy and, once that is committed,
    the old file is deleted (on a failure the copy is deleted instead). Returns whether the
    file was replaced: not when the image or the rendition was deleted meanwhile (with its
    files), nor when `write` declined."""
    written = None
    storage = None
    try:
        with transaction.atomic():
            if not lock_image(image_id):
                return False
            rendition = rendition_model.objects.select_for_update().filter(pk=rendition_id).first()
            if rendition is None:
                return False
            old_name = rendition.file.name
            storage = rendition.file.storage
            written = write(rendition)
            if written is None:
                return False
            rendition.file.name = written
            rendition.save(update_fields=["file"])
    except Exception:
        if written is not None:
            storage.delete(written)
        raise
    rendition.purge_from_cache()
    storage.delete(old_name)
    return True
