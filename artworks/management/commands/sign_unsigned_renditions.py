from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from wagtail.images import get_image_model

from artworks.credentials import SIGNED_MARK, SIGNED_SPECS
from artworks.models import Artwork, ArtworkImage
from artworks.tasks import generate_renditions
from core.provenance import keys_problem


class Command(BaseCommand):
    help = (
        "Queue the rendition task for every artwork image whose large renditions are not all "
        "signed with Content Credentials: works uploaded before signing existed, or while the "
        "keys were missing or broken. Run once after installing the keys; the task signs what "
        "is unsigned and nothing twice."
    )

    def handle(self, *args, **options):
        if problem := keys_problem():
            raise CommandError(f"Nothing can be signed: {problem}.")
        rendition_model = get_image_model().get_rendition_model()
        image_ids = (
            rendition_model.objects.filter(
                Q(image_id__in=Artwork.objects.values("image_id"))
                | Q(image_id__in=ArtworkImage.objects.values("image_id")),
                filter_spec__in=SIGNED_SPECS,
            )
            .exclude(file__contains=SIGNED_MARK)
            .values_list("image_id", flat=True)
            .distinct()
            .order_by("image_id")
        )
        queued = 0
        for image_id in image_ids:
            generate_renditions.enqueue(image_id)
            queued += 1
        self.stdout.write(f"{queued} image(s) queued for signing.")
