from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.images import get_image_model

from artworks.models import Artwork, ArtworkImage
from artworks.renditions import (
    ALL_SPECS,
    AVATAR_SPECS,
    BANNER_SPECS,
    VIEWER_BOX,
    VIEWER_LARGE_SPECS,
)
from artworks.tasks import (
    generate_avatar_renditions,
    generate_banner_renditions,
    generate_renditions,
)


def lacking(image_ids, specs, cutoff):
    """Of these images, those older than `cutoff` that lack any of `specs`."""
    made = Count("renditions", filter=Q(renditions__filter_spec__in=specs), distinct=True)
    return (
        get_image_model()
        .objects.filter(pk__in=image_ids, created_at__lte=cutoff)
        .annotate(made=made)
        .filter(made__lt=len(specs))
        .values_list("pk", flat=True)
    )


class Command(BaseCommand):
    help = (
        "Queue the rendition task again for every artwork image and uploaded avatar or banner "
        "that lacks some of its renditions (a task that failed, a worker that died): pages show "
        "“Preparing the image…” until they exist. Run by a timer (deploy/); images younger than "
        "--min-age minutes are left to the task their upload queued."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=5,
            help="Only images uploaded at least this many minutes ago (default 5).",
        )

    def handle(self, *args, min_age, **options):
        cutoff = timezone.now() - timedelta(minutes=min_age)
        # A work's main image and its extra images get the same renditions.
        image_ids = [Artwork.objects.values("image_id"), ArtworkImage.objects.values("image_id")]
        artwork_images = set()
        for ids in image_ids:
            artwork_images |= set(lacking(ids, ALL_SPECS, cutoff))
        # Originals larger than the viewer's box also get its 3200-pixel view
        # (artworks.renditions.specs_for); works uploaded before it existed are filled in too.
        large_images = get_image_model().objects.filter(
            Q(width__gt=VIEWER_BOX) | Q(height__gt=VIEWER_BOX),
            Q(pk__in=image_ids[0]) | Q(pk__in=image_ids[1]),
        )
        artwork_images |= set(
            lacking(large_images.values("pk"), ALL_SPECS + VIEWER_LARGE_SPECS, cutoff)
        )
        avatars = lacking(
            get_user_model().objects.exclude(avatar_image=None).values("avatar_image_id"),
            AVATAR_SPECS,
            cutoff,
        )
        banners = lacking(
            get_user_model().objects.exclude(banner_image=None).values("banner_image_id"),
            BANNER_SPECS,
            cutoff,
        )
        queued = 0
        for image_id in artwork_images:
            generate_renditions.enqueue(image_id)
            queued += 1
        for image_id in avatars:
            generate_avatar_renditions.enqueue(image_id)
            queued += 1
        for image_id in banners:
            generate_banner_renditions.enqueue(image_id)
            queued += 1
        self.stdout.write(f"{queued} image(s) queued for their missing renditions.")
