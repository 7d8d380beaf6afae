import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from artworks.demo_art import draw_artwork
from artworks.forms import ArtworkForm
from artworks.models import Artwork
from artworks.uploads import save_new_artwork

ADMIN = ("admin", "changeme")
DEMO_PASSWORD = "demo-artist-2026"  # noqa: S105 - printed for the demo; refused in production

ARTISTS = [
    {
        "username": "ada",
        "display_name": "Ada Moreno",
        "bio": "Painter working in wide fields of colour. Based by the sea; most of my "
        "work starts as a sunrise sketch.",
        "style": "colour fields",
        "palette": "ember",
        "titles": [
            "Morning Over the Harbour",
            "Red Silence",
            "Low Tide",
            "Ember Study",
            "Two Horizons",
            "Late Heat",
            "Salt and Rust",
            "Quiet Fire",
        ],
        "tags": ["painting", "abstract", "colour field"],
    },
    {
        "username": "bruno",
        "display_name": "Bruno Keller",
        "bio": "Geometry, primary shapes and the space between them. Screen printer and "
        "occasional muralist.",
        "style": "geometric",
        "palette": "citrus",
        "titles": [
            "Circle Meets Square",
            "Composition No. 7",
            "Falling Triangles",
            "Bauhaus Garden",
            "Loud Shapes",
            "Balance",
            "Pop Arithmetic",
            "Crowd",
        ],
        "tags": ["geometric", "print", "bold"],
    },
    {
        "username": "chioma",
        "display_name": "Chioma Eze",
        "bio": "Ink and digital drawings of water, wind and movement.",
        "style": "flowing lines",
        "palette": "tide",
        "titles": [
            "Current",
            "Night Swim",
            "River Writing",
            "Undertow",
            "Breath",
            "Estuary",
            "North Wind",
            "Drift",
        ],
        "tags": ["drawing", "lines", "water"],
    },
    {
        "username": "dmitri",
        "display_name": "Dmitri Volkov",
        "bio": "Mosaics and tile patterns, some laid in stone, most in pixels.",
        "style": "mosaic",
        "palette": "meadow",
        "titles": [
            "Field Tiles",
            "Harvest Grid",
            "Courtyard",
            "Old Floor",
            "Summer Plot",
            "Terracotta",
            "Garden Map",
            "Patchwork",
        ],
        "tags": ["mosaic", "pattern", "digital"],
    },
    {
        "username": "elena",
        "display_name": "Elena Rossi",
        "bio": "Photographer of skies turned painter of gradients.",
        "style": "gradients",
        "palette": "dusk",
        "titles": [
            "Evening Sun",
            "Lilac Hour",
            "Last Light",
            "Haze",
            "Before Rain",
            "Dusk Over Fields",
            "Blue Hour",
            "Afterglow",
        ],
        "tags": ["gradient", "sky", "digital"],
    },
    {
        "username": "farid",
        "display_name": "Farid Haddad",
        "bio": "Textile designer. Stripes are my scales and arpeggios.",
        "style": "stripes",
        "palette": "stone",
        "titles": [
            "Weave I",
            "Weave II",
            "Barcode Symphony",
            "Warp and Weft",
            "Slate Rhythm",
            "Deck Chair",
            "Signal",
            "Threadcount",
        ],
        "tags": ["textile", "stripes", "pattern"],
    },
]

# Varied proportions: landscape, portrait and square.
SIZES = [(1600, 1000), (1000, 1400), (1200, 1200), (1500, 900), (900, 1350), (1400, 1050)]


class Command(BaseCommand):
    help = "Create demo content: an admin, six artists and their artworks. Safe to re-run."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError(
                "seed_demo creates known passwords; it refuses to run in production."
            )
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=ADMIN[0],
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(ADMIN[1])
            admin.save()

        new_artworks = 0
        for spec in ARTISTS:
            artist, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={
                    "email": f"{spec['username']}@example.com",
                    "display_name": spec["display_name"],
                    "bio": spec["bio"],
                },
            )
            if created:
                artist.set_password(DEMO_PASSWORD)
                artist.save()
            existing = set(Artwork.objects.filter(artist=artist).values_list("title", flat=True))
            for number, title in enumerate(spec["titles"]):
                if title in existing:
                    continue
                new_artworks += self.create_artwork(artist, spec, number, title)

        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({new_artworks} new artworks)."))
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ as admin / changeme")
        self.stdout.write(
            f"Demo artists (password {DEMO_PASSWORD}): "
            + ", ".join(spec["username"] for spec in ARTISTS)
        )

    def create_artwork(self, artist, spec, number, title):
        rng = random.Random(f"{artist.username}-{number}")
        size = SIZES[(number + len(artist.username)) % len(SIZES)]
        picture = draw_artwork(spec["style"], spec["palette"], f"{artist.username}-{title}", size)
        form = ArtworkForm(
            data={
                "title": title,
                "alt_text": f"{spec['style'].capitalize()} artwork in {spec['palette']} tones "
                f"by {spec['display_name']}: “{title}”.",
                "description": f"{title}. Part of {spec['display_name']}'s ongoing series.",
                "tags": ", ".join(rng.sample(spec["tags"], k=2) + ["demo"]),
            },
            files={"image": SimpleUploadedFile(f"{number}.jpg", picture, "image/jpeg")},
            member=artist,
        )
        if not form.is_valid():
            raise CommandError(f"Demo artwork {title!r} was refused: {form.errors.as_text()}")
        with transaction.atomic():
            save_new_artwork(form, artist)
        return 1
