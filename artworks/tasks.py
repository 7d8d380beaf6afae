import io
import logging
import posixpath
import re
import secrets
from pathlib import Path

from django_tasks import task
from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from wagtail.images import get_image_model
from wagtail.images.models import Filter

from core.tasks import retry_later

from .credentials import sign_renditions
from .images import pillow_heif  # noqa: F401 - registers the HEIF opener
from .public_cache import public_content_changed
from .renditions import (
    AVATAR_SPECS,
    BANNER_SPECS,
    LARGEST_BOX,
    PAGE_BOX,
    is_viewer_spec,
    specs_for,
)

logger = logging.getLogger(__name__)


def working_copy(image, box=LARGEST_BOX):
    """The original scaled down to `box` (the largest of the renditions to make), as PNG
    bytes (lossless).

    Every rendition fits inside that box ("max-" specs never crop or upscale), so making them
    from this copy gives the same sizes as making them from a 24-megapixel original, at a
    fraction of the cost: a JPEG is decoded at reduced scale (Pillow's draft mode) once,
    instead of in full once per rendition. Returns None when the original is small or
    animated; then the original itself is used."""
    with image.open_file() as file, PILImage.open(file) as original:
        if getattr(original, "n_frames", 1) > 1 or max(original.size) <= box:
            return None
        original.draft("RGB", (box, box))
        copy = original.convert("RGBA" if "A" in original.getbands() else "RGB")
    copy.thumbnail((box, box), PILImage.Resampling.LANCZOS)
    output = io.BytesIO()
    copy.save(output, "PNG", compress_level=1)
    return output.getvalue()


@task()
def generate_renditions(image_id, attempt=1):
    """Make every rendition the templates use, after the upload has been committed: with the
    immediate backend (dev, tests) before the upload's response, with django-tasks-db
    (production) in `manage.py db_worker`. Visitors' requests never make renditions (see
    Artwork.card_ready), so this task is the only writer and nothing races it. A failure
    (storage or cache unreachable) is tried again later (retry_later). The large renditions
    get Content Credentials signed in (artworks.credentials) before pages are told they
    exist; a signing failure leaves them unsigned and fails nothing."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the task ran
        return
    specs = specs_for(image)
    # In two steps: first what the pages show (from a copy of the pages' size, quick), then
    # the full-size view's large renditions (the slow encodes), so a new work appears on its
    # pages as soon as it can; its "View full size" follows a few seconds later.
    steps = [
        ([spec for spec in specs if not is_viewer_spec(spec)], PAGE_BOX),
        ([spec for spec in specs if is_viewer_spec(spec)], LARGEST_BOX),
    ]
    for step_specs, box in steps:
        try:
            made = make_missing_renditions(image, step_specs, box)
        except Exception as error:
            if retry_later(generate_renditions, (image_id,), attempt, error):
                return
            raise
        # Also after a retry or `requeue_missing_renditions`: anything left unsigned is signed.
        made = sign_renditions(image, step_specs) or made
        if made:
            # Pages that showed "Preparing the image…" (or no "View full size") can now.
            public_content_changed()


def make_missing_renditions(image, specs, box=LARGEST_BOX):
    """Make those of `specs` (which all fit in `box`) the image does not have yet; returns
    whether any were made.

    The image may be deleted while this runs (a member replacing it again at once): then
    the rendition files just written would belong to no row, so they are removed."""
    made = set(image.renditions.values_list("filter_spec", flat=True))
    missing = [Filter(spec=spec) for spec in specs if spec not in made]
    if not missing:
        return False
    try:
        source = working_copy(image, box)
        if source is None:
            image.get_renditions(*missing)
        else:
            renditions = [
                image.generate_rendition_instance(spec, io.BytesIO(source)) for spec in missing
            ]
            image.get_rendition_model().objects.bulk_create(renditions, ignore_conflicts=True)
    except (IntegrityError, FileNotFoundError):
        if get_image_model().objects.filter(pk=image.pk).exists():
            raise
        remove_rendition_files(image)
        return False
    return True


def remove_rendition_files(image):
    """Remove the rendition files made for a deleted image. Wagtail names them after the
    original, cut to fit 60 characters (`images/<start of original name>.<filter>.<ext>`);
    members' uploads have generated names of 32 hex digits, whose first 16 tell them apart
    (any other name is left to `manage.py cleanup_media`). Listing the folder is slow on a
    big bucket, but this happens only after a race."""
    stem = Path(image.file.name).stem
    if not re.fullmatch(r"[0-9a-f]{32}", stem):
        return
    storage = image.file.storage
    try:
        _, names = storage.listdir("images")
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(stem[:16]):
            storage.delete(f"images/{name}")


def make_member_image_renditions(retried_task, image_id, attempt, specs):
    """Make a member's uploaded avatar's or banner's renditions once the upload has
    committed, as generate_renditions does for artworks: templates show them only once they
    exist, so a visitor's request never makes one. A failure is tried again later."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # replaced or deleted before the task ran
        return
    try:
        made = make_missing_renditions(image, specs, PAGE_BOX)
    except Exception as error:
        if retry_later(retried_task, (image_id,), attempt, error):
            return
        raise
    if made:
        # Artist pages that left the avatar or banner out can now show it.
        public_content_changed()


@task()
def generate_avatar_renditions(image_id, attempt=1):
    make_member_image_renditions(generate_avatar_renditions, image_id, attempt, AVATAR_SPECS)


@task()
def generate_banner_renditions(image_id, attempt=1):
    make_member_image_renditions(generate_banner_renditions, image_id, attempt, BANNER_SPECS)


# The token rename_renditions puts before a rendition's own name (and takes off again).
RENAME_TOKEN = re.compile(r"^r[0-9a-f]{12}-")


@task()
def rename_renditions(image_ids):
    """Give every rendition of these images a new file name that was never published, and
    delete the old file. Run when work leaves public view: its old addresses answer 404 at
    once, wherever they are served from (Django, the front web server, a bucket), while the
    artist and the moderators still see it under the new names. Run again when it returns,
    so that no address seen while it was hidden becomes public."""
    rendition_model = get_image_model().get_rendition_model()
    for rendition_id in rendition_model.objects.filter(image_id__in=image_ids).values_list(
        "pk", flat=True
    ):
        _rename_rendition(rendition_model, rendition_id)
    public_content_changed()


def _rename_rendition(rendition_model, rendition_id):
    """Move one rendition's file to a fresh name, under a lock on its row: two runs for the
    same image (hidden, then published again at once) rename it one after the other, and
    neither leaves a copy that no row names."""
    written = None
    try:
        with transaction.atomic():
            rendition = rendition_model.objects.select_for_update().filter(pk=rendition_id).first()
            if rendition is None:
                return  # deleted meanwhile, with its file
            old_name = rendition.file.name
            storage = rendition.file.storage
            folder, base = posixpath.split(old_name)
            fresh = posixpath.join(folder, f"r{secrets.token_hex(6)}-{RENAME_TOKEN.sub('', base)}")
            try:
                with storage.open(old_name, "rb") as old_file:
                    written = storage.save(fresh, ContentFile(old_file.read()))
            except OSError:
                # Gone already: nothing is served under the old name.
                logger.warning("Rendition %s could not be renamed", old_name)
                return
            rendition.file.name = written
            rendition.save(update_fields=["file"])
    except Exception:
        if written is not None:
            storage.delete(written)
        raise
    rendition.purge_from_cache()
    storage.delete(old_name)
