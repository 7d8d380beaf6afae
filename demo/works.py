"""The demo's artworks, uploaded through the member's own form and upload service, and the
extra images (a detail and a study) of a few of them."""

import io
import random
from decimal import Decimal

from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction

from artworks.forms import ArtworkForm, ExtraImageForm
from artworks.models import Artwork
from artworks.uploads import save_extra_image, save_new_artwork

from . import data
from .art import draw_artwork


def physical_size(spec, work, rng, pixels):
    """Width, height and depth for a work in a physical medium, in the proportions of its
    picture; None for digital work."""
    if (work.medium or spec["medium"]) not in data.PHYSICAL:
        return None
    unit, narrowest, widest, depth = spec["size"]
    width = Decimal(rng.randint(narrowest, widest))
    height = (width * pixels[1] / pixels[0]).quantize(Decimal("0.1"))
    return unit, width, height, depth


def create_artworks(artists):
    existing = set(
        Artwork.objects.filter(artist__in=artists.values()).values_list("artist__username", "title")
    )
    # Round by round (every artist's first work, then every artist's second...), so the
    # gallery's newest-first order mixes the artists as a real collective's would.
    created = 0
    for number in range(max(len(spec["works"]) for spec in data.ARTISTS)):
        for spec in data.ARTISTS:
            if number >= len(spec["works"]):
                continue
            work = spec["works"][number]
            if (spec["username"], work.title) not in existing:
                create_artwork(artists[spec["username"]], spec, number, work)
                created += 1
    return created


def create_artwork(artist, spec, number, work):
    rng = random.Random(f"{artist.username}-{number}")
    pixels = data.SIZES[(number + len(artist.username)) % len(data.SIZES)]
    picture = draw_artwork(spec["style"], f"{artist.username}-{work.title}", pixels, number)
    fields = {
        "title": work.title,
        "alt_text": picture.alt_text,
        "description": work.description,
        "tags": ", ".join(spec["tags"] + work.tags),
        "licence": work.licence,
        "medium": work.medium or spec["medium"],
        "year_made": rng.randint(*spec["years"]),
    }
    if work.made_with_ai:
        fields["made_with_ai"] = "on"
    if work.ai_only_in_part:
        fields["ai_only_in_part"] = "on"
    size = physical_size(spec, work, rng, pixels)
    if size:
        unit, width, height, depth = size
        fields.update(size_unit=unit, width=width, height=height, depth=depth or "")
    form = ArtworkForm(
        data=fields,
        files={"image": SimpleUploadedFile(f"{number}.jpg", picture.jpeg, "image/jpeg")},
        member=artist,
    )
    if not form.is_valid():
        raise CommandError(f"Demo artwork {work.title!r} was refused: {form.errors.as_text()}")
    with transaction.atomic():
        outcome = save_new_artwork(form, artist)
    if outcome.refusal:
        raise CommandError(f"Demo artwork {work.title!r} was refused: {outcome.refusal.message}")


def add_more_images(artist, title):
    """A close-up detail and a second study of the work, through the same form and
    cleaning as a member's extra images. Skipped when the work already has some."""
    artwork = Artwork.objects.filter(artist=artist, title=title).first()
    if artwork is None or artwork.extra_images.exists():
        return
    with Image.open(io.BytesIO(artwork.image.file.read())) as original:
        width, height = original.size
        box = (width // 4, height // 4, width * 3 // 4, height * 3 // 4)
        detail = original.crop(box).resize((width, height), Image.Resampling.LANCZOS)
        detail_jpeg = io.BytesIO()
        detail.convert("RGB").save(detail_jpeg, "JPEG", quality=88)
    spec = next(spec for spec in data.ARTISTS if spec["username"] == artist.username)
    study = draw_artwork(spec["style"], f"{artist.username}-{title}-study", data.STUDY_PIXELS, 2)
    images = [
        (
            detail_jpeg.getvalue(),
            f"Detail of {title}: the centre of the work, close up.",
            "Detail",
        ),
        (study.jpeg, study.alt_text, "A study made before the finished work"),
    ]
    for number, (jpeg, alt_text, caption) in enumerate(images):
        form = ExtraImageForm(
            data={"alt_text": alt_text, "caption": caption},
            files={"image": SimpleUploadedFile(f"extra-{number}.jpg", jpeg, "image/jpeg")},
            artwork=artwork,
            member=artist,
        )
        if not form.is_valid():
            raise CommandError(f"Demo image of {title!r} was refused: {form.errors.as_text()}")
        with transaction.atomic():
            outcome = save_extra_image(form, artwork, artist)
        if outcome.refusal:
            raise CommandError(f"Demo image of {title!r} was refused: {outcome.refusal.message}")
