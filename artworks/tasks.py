import io
import logging
import posixpath
import re
import secrets
from pathlib import Path

from django_tasks import task
from PIL import Image as PILImage

from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction

from wagtail.images import get_image_model
from wagtail.images.models import Filter

from core.image_cleaning import pillow_heif  # noqa: F401 - registers the HEIF opener
from core.images import lock_image, replace_rendition_file
from core.member_pages import members_content_changed
from core.provenance import SigningUnavailable, load_signer, sign, signing_configured
from core.public_cache import public_content_changed
from core.tasks import retry_later

from .credentials import (
    SIGNED_MARK,
    SIGNED_SPECS,
    artwork_of,
    file_format,
    is_signed,
    manifest,
    sign_renditions,
)
from .models import Artwork, ArtworkImage
from .renditions import (
    AVATAR_SPECS,
    BANNER_SPECS,
    LARGEST_BOX,
    PAGE_BOX,
    is_viewer_spec,
    specs_for,
)

logger = logging.getLogger(__name__)


def renditions_changed(image_ids):
    """These images' renditions were made, or renamed: the pages that show them change, every
    visitor's and the artists' own (My artworks shows their works whatever their status, as
    kept for them: core.member_pages)."""
    public_content_changed()
    members_content_changed(
        Artwork.objects.filter(image_id__in=image_ids).values_list("artist_id", flat=True)
    )


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


#: Below every other task (django-tasks' default is 0): the full-size view's large renditions
#: wait while any new work still lacks what its pages show. Members uploading one photo after
#: another would otherwise queue several seconds of large encodes ahead of each next work's
#: thumbnail (bench/upload_load.py).
FULL_SIZE_PRIORITY = -10


@task()
def generate_renditions(image_id, attempt=1):
    """Make every rendition the templates use, after the upload has been committed: with the
    immediate backend (dev, tests) before the upload's response, with django-tasks-db
    (production) in `manage.py db_worker`. Visitors' requests never make renditions (see
    Artwork.card_ready), so these tasks are the only writers and nothing races them. A failure
    (storage or cache unreachable) is tried again later (retry_later). The large renditions
    get Content Credentials signed in (artworks.credentials) before pages are told they
    exist; a signing failure leaves them unsigned and fails nothing.

    In two tasks: this one makes what the pages show (from a copy of the pages' size, quick),
    then queues generate_full_size_renditions for the full-size view's large renditions (the
    slow encodes), behind every other task: a new work appears on its pages as soon as it can,
    and its "View full size" follows."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the task ran
        return
    specs = [spec for spec in specs_for(image) if not is_viewer_spec(spec)]
    if make_and_sign(generate_renditions, image, specs, PAGE_BOX, attempt):
        generate_full_size_renditions.enqueue(image_id)


@task(priority=FULL_SIZE_PRIORITY)
def generate_full_size_renditions(image_id, attempt=1):
    """The full-size view's large renditions, queued by generate_renditions once the pages'
    renditions exist."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:  # deleted before the task ran
        return
    specs = [spec for spec in specs_for(image) if is_viewer_spec(spec)]
    make_and_sign(generate_full_size_renditions, image, specs, LARGEST_BOX, attempt)


def make_and_sign(retried_task, image, specs, box, attempt):
    """Make and sign those of `specs` the image lacks (all fitting in `box`); returns whether
    they are done, False when the work is left to `retried_task` queued again later."""
    try:
        made = make_missing_renditions(image, specs, box)
    except Exception as error:
        if retry_later(retried_task, (image.pk,), attempt, error):
            return False
        raise
    # Also after a retry or `requeue_missing_renditions`: anything left unsigned is signed.
    made = sign_renditions(image, specs) or made
    if made:
        # Pages that showed "Preparing the image…" (or no "View full size") can now.
        renditions_changed([image.pk])
    return True


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
    renditions = rendition_model.objects.filter(image_id__in=image_ids)
    for rendition_id, image_id in renditions.values_list("pk", "image_id"):
        _rename_rendition(rendition_model, rendition_id, image_id)
    renditions_changed(image_ids)


def _rename_rendition(rendition_model, rendition_id, image_id):
    """Move one rendition's file to a fresh name (core.images.replace_rendition_file: a
    deletion of the image meanwhile waits, then removes the renamed file)."""

    def copy_to_fresh_name(rendition):
        old_name = rendition.file.name
        storage = rendition.file.storage
        folder, base = posixpath.split(old_name)
        fresh = posixpath.join(folder, f"r{secrets.token_hex(6)}-{RENAME_TOKEN.sub('', base)}")
        try:
            with storage.open(old_name, "rb") as old_file:
                return storage.save(fresh, ContentFile(old_file.read()))
        except OSError:
            # Gone already: nothing is served under the old name.
            logger.warning("Rendition %s could not be renamed", old_name)
            return None

    replace_rendition_file(image_id, rendition_model, rendition_id, copy_to_fresh_name)


#: How many works an artist's re-signing handles between two moves of the public pages'
#: cache version: their pages show the new files batch by batch, not only at the very end.
RESIGN_BATCH = 50


@task()
def resign_renditions(artwork_ids):
    """Sign these works' large renditions again, with what their credentials now say: run
    once an edit of a title, licence, AI declaration, medium or year has committed
    (signal_handlers), so that no file keeps saying what the work no longer is."""
    resign_works(Artwork.objects.filter(pk__in=artwork_ids).values_list("pk", flat=True))


@task()
def resign_artist_renditions(artist_id):
    """Sign all an artist's works again once their public name (display name or username,
    which is also in their page's address) has changed: every manifest names them."""
    resign_works(Artwork.objects.filter(artist_id=artist_id).values_list("pk", flat=True))


def resign_works(artwork_ids):
    artwork_ids = sorted(artwork_ids)
    for start in range(0, len(artwork_ids), RESIGN_BATCH):
        batch = artwork_ids[start : start + RESIGN_BATCH]
        image_ids = [
            *Artwork.objects.filter(pk__in=batch).values_list("image_id", flat=True),
            *ArtworkImage.objects.filter(artwork_id__in=batch).values_list("image_id", flat=True),
        ]
        replaced = 0
        for image in get_image_model().objects.filter(pk__in=image_ids):
            replaced += resign_image(image)
        if replaced:
            renditions_changed(image_ids)


def resign_image(image):
    """Replace the image's large renditions by copies made afresh from the original and
    signed with the work's current manifest, under new file names; the old files are deleted.
    Returns how many were replaced.

    Made afresh rather than signed over: signing a signed file would keep the old manifest
    in it as an ingredient, still saying what the work no longer is. The new names carry a
    token never used before (as rename_renditions' do), so a hidden work's files never come
    back under an address once public, and no cache or CDN serves the old credentials. When
    signing is not possible now, the fresh copies are stored unsigned: a file with no
    credentials is better than one whose credentials lie, and the rendition task signs it
    once the keys work again."""
    renditions = list(image.renditions.filter(filter_spec__in=SIGNED_SPECS))
    if not renditions:
        return 0
    if not signing_configured() and not any(is_signed(r) for r in renditions):
        return 0  # nothing was signed, nothing can be: the files say nothing that changed
    try:
        source = working_copy(image)
        fresh = {}
        for rendition in renditions:
            spec = Filter(spec=rendition.filter_spec)
            if source is None:
                made = image.generate_rendition_file(spec)
            else:
                made = image.generate_rendition_file(
                    spec, source=File(io.BytesIO(source), name=image.file.name)
                )
            made.seek(0)
            fresh[rendition.pk] = made.read()
    except FileNotFoundError:
        logger.warning("Image %s could not be signed again: its original is gone", image.pk)
        return 0
    signer = None
    if signing_configured():
        try:
            signer = load_signer()
        except SigningUnavailable as error:
            logger.error("Renditions of image %s left unsigned: %s", image.pk, error)
    try:
        return _replace_renditions(image, fresh, signer)
    finally:
        if signer is not None:
            signer.close()


def _replace_renditions(image, fresh, signer):
    """Store the fresh copies (signed when there is a signer) under new names and point the
    rendition rows at them, all under a lock on the rows; then delete the old files. The
    manifest is read inside the lock, so of two runs racing after two quick edits, the one
    that writes last also read last."""
    rendition_model = image.get_rendition_model()
    written = []
    replaced = []
    storage = image.file.storage
    try:
        with transaction.atomic():
            if not lock_image(image.pk):
                return 0  # deleted meanwhile, with its renditions (core.images)
            renditions = list(
                rendition_model.objects.select_for_update().filter(pk__in=fresh).order_by("pk")
            )
            artwork = artwork_of(image)
            if artwork is None:
                return 0  # deleted meanwhile, with its renditions
            definition = manifest(artwork)
            for rendition in renditions:
                data = fresh[rendition.pk]
                signed = False
                if signer is not None:
                    try:
                        data = sign(data, file_format(data), definition, signer)
                        signed = True
                    except Exception:
                        logger.exception("Rendition %s left unsigned", rendition.pk)
                old_name = rendition.file.name
                written.append(storage.save(fresh_name(old_name, signed), ContentFile(data)))
                rendition.file.name = written[-1]
                rendition.save(update_fields=["file"])
                replaced.append((rendition, old_name))
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    for rendition, old_name in replaced:
        rendition.purge_from_cache()
        storage.delete(old_name)
    return len(replaced)


def fresh_name(name, signed):
    """A name for a new copy of the rendition file `name`, never used before: a new token in
    front (as rename_renditions gives), the signed mark before the extension when signed."""
    folder, base = posixpath.split(name)
    stem, extension = posixpath.splitext(RENAME_TOKEN.sub("", base))
    stem = stem.removesuffix(SIGNED_MARK)
    mark = SIGNED_MARK if signed else ""
    return posixpath.join(folder, f"r{secrets.token_hex(6)}-{stem}{mark}{extension}")
