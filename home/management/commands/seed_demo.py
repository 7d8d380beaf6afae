"""
`manage.py seed_demo`: a collective that looks lived in, for a newcomer's first look and for
development. Six artists, each with a style of their own (artworks.demo_art draws the works),
believable titles, descriptions, tags, licences and facts, uploaded through the same path as
a member's upload; three exhibitions (past, current and upcoming, dated from today); three
artists featured on the home page. Between the artists: follows, favourites (so the gallery's
"Most favourited this week" has an order), two public collections, comment threads with
replies, one artist open for commissions, and so a few notifications for ada, made through
each app's own service as a member's clicks would be.

It lives in `home`, the app at the top of the site, because it seeds every app beneath it.
It only ever adds what is missing, so `make run` can call it on every start: a second run
changes nothing and costs a handful of queries. An exhibition or featured list that already
exists is left as an editor may have changed it.
"""

import io
import random
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from PIL import Image

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from artworks.demo_art import draw_artwork
from artworks.forms import ArtworkForm, ExtraImageForm
from artworks.images import ArtworkImageField, rebuild_when_valid
from artworks.models import Artwork
from artworks.rights import Licence, Medium, SizeUnit
from artworks.uploads import (
    removing_files_on_failure,
    save_banner_image,
    save_extra_image,
    save_new_artwork,
)
from comments import services as comments
from comments.models import Comment
from commissions.forms import CommissionSettingsForm
from core.verification import record_verified_email
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import FeaturedArtist, HomePage
from notifications import services as notifications
from social import collections, favourites, follows
from social.models import Collection, Favourite, Follow

ADMIN = ("admin", "changeme")
#: Works shown with more images than their own (a detail and a study), and the artists with a
#: profile banner, so that a first look finds every part of the artwork and artist pages.
WORKS_WITH_MORE_IMAGES = [("ada", "Red Silence"), ("chioma", "Current"), ("dmitri", "Courtyard")]
ARTISTS_WITH_BANNERS = ["ada", "dmitri"]
BANNER_PIXELS = (1600, 480)
STUDY_PIXELS = (1200, 900)
DEMO_PASSWORD = "demo-artist-2026"  # noqa: S105 - printed for the demo; refused in production

#: Media with a physical size worth giving.
PHYSICAL = {
    Medium.PAINTING,
    Medium.DRAWING,
    Medium.PRINTMAKING,
    Medium.TEXTILE,
    Medium.MIXED_MEDIA,
    Medium.SCULPTURE,
}


class Work(NamedTuple):
    title: str
    description: str
    tags: list
    licence: str = Licence.ALL_RIGHTS_RESERVED
    medium: str = ""  # the artist's usual medium unless given
    made_with_ai: bool = False
    ai_only_in_part: bool = False


ARR, CC_BY, CC_BY_SA = Licence.ALL_RIGHTS_RESERVED, Licence.CC_BY, Licence.CC_BY_SA
CC_BY_NC, CC_BY_NC_ND, CC0 = Licence.CC_BY_NC, Licence.CC_BY_NC_ND, Licence.CC0

# Each artist: who they are, how they work (style, usual medium, the range of physical sizes
# as (unit, narrowest, widest, depth or None for paper and cloth), the years of the works),
# and their works in order of upload. Tags come from one shared vocabulary, so that tag
# pages gather several artists.
ARTISTS = [
    {
        "username": "ada",
        "display_name": "Ada Moreno",
        "bio": "Painter working in wide fields of colour. Based by the sea; most of my "
        "work starts as a sunrise sketch on the harbour wall and ends, months later, as "
        "thin layers of oil on canvas.",
        "location": "Cádiz, Spain",
        "links": ["https://ada-moreno.example/", "https://mastodon.example/@ada"],
        "avatar": "Red Silence",
        "style": "colour fields",
        "medium": Medium.PAINTING,
        "size": (SizeUnit.CM, 60, 150, Decimal("4")),
        "years": (2019, 2026),
        "tags": ["painting", "abstract"],
        "works": [
            Work(
                "Morning Over the Harbour",
                "Painted from a sunrise sketch on the harbour wall, before the boats went "
                "out. The peach is the sky; the orange is everything the light touched.",
                ["sea", "morning", "warm"],
            ),
            Work(
                "Red Silence",
                "Two reds, close enough in value that they hum. Hung low, it fills your "
                "whole view.",
                ["red", "minimal"],
            ),
            Work(
                "Low Tide",
                "The only cool colour I allowed myself that year: slate blue above wet sand.",
                ["sea", "blue", "landscape"],
            ),
            Work(
                "Ember Study",
                "One of a series of small studies on linen, built up from thin glazes over a "
                "dark ground. Share it as it is, with my name, but please don't sell it.",
                ["warm", "texture"],
                licence=CC_BY_NC_ND,
            ),
            Work(
                "Two Horizons",
                "A painting about the line where the sea stops, painted twice over.",
                ["sea", "landscape", "minimal"],
            ),
            Work(
                "Late Heat",
                "August in the studio with the shutters closed. Oil on canvas, worked wet "
                "into wet in a single week.",
                ["summer", "warm", "red"],
            ),
            Work(
                "Salt and Rust",
                "Bone white over dark umber: the colours of the old slipway after the "
                "winter storms.",
                ["texture", "earth tones"],
            ),
            Work(
                "Quiet Fire",
                "A late-night painting. The orange only glows because the plum around it "
                "is so deep.",
                ["night", "warm"],
            ),
        ],
    },
    {
        "username": "bruno",
        "display_name": "Bruno Keller",
        "bio": "Geometry, primary shapes and the space between them. Screen printer and "
        "occasional muralist; I cut every stencil by hand and print in small editions.",
        "location": "Basel, Switzerland",
        "links": [
            "https://brunokeller.example/",
            "https://shop.example/brunokeller",
            "https://mastodon.example/@bruno",
        ],
        "avatar": None,
        "style": "geometric",
        "medium": Medium.PRINTMAKING,
        "size": (SizeUnit.IN, 12, 30, None),
        "years": (2020, 2026),
        "tags": ["geometric", "print"],
        "works": [
            Work(
                "Circle Meets Square",
                "Four colours, four screens, pulled by hand in an edition of 30.",
                ["circles", "bold"],
            ),
            Work(
                "Composition No. 7",
                "Seventh in a series of grid compositions; every tile was cut as a "
                "stencil of its own.",
                ["grid", "bold", "pattern"],
            ),
            Work(
                "Falling Triangles",
                "A poster for a summer street festival that turned into a print of its own.",
                ["summer", "poster"],
            ),
            Work(
                "Bauhaus Garden",
                "A garden plan as a Bauhaus student might have drawn it: every bed a circle "
                "or a quarter of one. Designed on screen for a mural; use it with credit.",
                ["garden", "circles", "mural"],
                licence=CC_BY,
                medium=Medium.DIGITAL,
            ),
            Work(
                "Loud Shapes",
                "Made with the children of a Saturday workshop: shapes that talk over each other.",
                ["bold", "playful"],
            ),
            Work(
                "Balance",
                "Six tiles, every one leaning on its neighbour.",
                ["minimal", "circles"],
            ),
            Work(
                "Pop Arithmetic",
                "Counting in shapes: halves, quarters and wholes. Risograph, two passes per "
                "colour. Free to share for anything that isn't commercial.",
                ["playful", "grid"],
                licence=CC_BY_NC,
            ),
            Work(
                "Crowd",
                "Fifty small tiles, each a face in a crowd if you squint. A study for a "
                "mural in the market hall.",
                ["grid", "pattern", "mural"],
                medium=Medium.DIGITAL,
            ),
        ],
    },
    {
        "username": "chioma",
        "display_name": "Chioma Eze",
        "bio": "Ink and digital drawings of water, wind and movement. I draw standing up, "
        "one sweep of the arm per line, and I share most of my drawings for non-commercial "
        "use.",
        "location": "Lagos, Nigeria",
        "links": ["https://chioma-eze.example/"],
        "avatar": "Current",
        "style": "flowing lines",
        "medium": Medium.DRAWING,
        "size": (SizeUnit.CM, 30, 70, None),
        "years": (2021, 2026),
        "tags": ["drawing", "lines"],
        "works": [
            Work(
                "Current",
                "White and pale blue ink on indigo paper. Follow one line and you lose it "
                "in the crowd.",
                ["water", "blue", "ink"],
            ),
            Work(
                "Night Swim",
                "Drawn from memory after a swim in the lagoon at midnight.",
                ["water", "night", "blue"],
                licence=CC_BY_NC,
                medium=Medium.DIGITAL,
            ),
            Work(
                "River Writing",
                "The river as handwriting: every line a sentence that runs off the page.",
                ["water", "ink"],
            ),
            Work(
                "Undertow",
                "What pulls beneath the surface. Drawn on a tablet one line at a time, "
                "nothing erased.",
                ["water", "blue"],
                licence=CC_BY_NC,
                medium=Medium.DIGITAL,
            ),
            Work(
                "Breath",
                "Drawn to the rhythm of slow breathing: in on the upstroke, out on the down.",
                ["minimal", "ink"],
                licence=CC_BY_NC,
            ),
            Work(
                "Estuary",
                "Where the river meets the sea and neither gives way. Adapt it, remix it, "
                "and share what you make the same way.",
                ["water", "landscape", "sea"],
                licence=CC_BY_SA,
            ),
            Work(
                "North Wind",
                "Drawn on the studio roof on a day the wind nearly took the paper.",
                ["wind", "ink"],
            ),
            Work(
                "Drift",
                "A quiet one: lines that have stopped trying to go anywhere.",
                ["night", "blue", "minimal"],
                licence=CC_BY_NC,
                medium=Medium.DIGITAL,
            ),
        ],
    },
    {
        "username": "dmitri",
        "display_name": "Dmitri Volkov",
        "bio": "Mosaics and tile patterns, some laid in stone, most in pixels. Trained as "
        "a restorer of church floors; now I make new ones.",
        "location": "Riga, Latvia",
        "links": ["https://dmitri-volkov.example/mosaics/", "https://pixelfed.example/@dmitri"],
        "avatar": "Courtyard",
        "style": "mosaic",
        "medium": Medium.DIGITAL,
        "size": (SizeUnit.CM, 40, 90, Decimal("3")),
        "years": (2018, 2026),
        "tags": ["mosaic", "pattern"],
        "works": [
            Work(
                "Field Tiles",
                "Diagonal bands of green laid tile by tile, like fields seen from a train.",
                ["green", "landscape"],
                licence=CC_BY_SA,
            ),
            Work(
                "Harvest Grid",
                "Furrows in ochre and rust, the colours of the fields in late August.",
                ["summer", "earth tones"],
            ),
            Work(
                "Courtyard",
                "Stone and glass tesserae on board, after the floor of a courtyard in "
                "Split. About two thousand pieces, each cut with a hammer and hardie.",
                ["stone", "geometric"],
                medium=Medium.MIXED_MEDIA,
            ),
            Work(
                "Old Floor",
                "A chequerboard copied from my grandmother's kitchen floor, border and odd "
                "tiles included.",
                ["stone", "grid"],
                medium=Medium.MIXED_MEDIA,
            ),
            Work(
                "Patchwork",
                "Made with generative AI: I gave an image model photographs of my "
                "grandmother's quilts and asked for a tile layout, then recoloured every "
                "tile by hand.",
                ["textile", "grid"],
                made_with_ai=True,
            ),
            Work(
                "Terracotta",
                "Nested diamonds in fired clay and rust-red glass.",
                ["earth tones", "geometric"],
                medium=Medium.MIXED_MEDIA,
            ),
            Work(
                "Garden Map",
                "The community garden plot by plot: each tile is a square metre of it.",
                ["garden", "green", "map"],
                licence=CC_BY_SA,
            ),
            Work(
                "Summer Plot",
                "A sun in tiles, made for the allotment society's noticeboard.",
                ["summer", "garden"],
                licence=CC_BY,
            ),
        ],
    },
    {
        "username": "elena",
        "display_name": "Elena Rossi",
        "bio": "Photographer of skies turned painter of gradients. I still take a picture "
        "of the sky every evening; a few of them become paintings.",
        "location": "Bologna, Italy",
        "links": ["https://elenarossi.example/", "https://pixelfed.example/@elena"],
        "avatar": None,
        "style": "gradients",
        "medium": Medium.DIGITAL,
        "size": (SizeUnit.CM, 40, 100, Decimal("2")),
        "years": (2020, 2026),
        "tags": ["sky", "gradient"],
        "works": [
            Work(
                "Evening Sun",
                "The sun ten minutes before it touched the sea, reduced to four colours.",
                ["sunset", "warm"],
            ),
            Work(
                "Lilac Hour",
                "Acrylic on panel, blended wet over a single afternoon.",
                ["purple", "landscape"],
                medium=Medium.PAINTING,
            ),
            Work(
                "Last Light",
                "The hills behind my parents' house, from a photograph taken as the light went.",
                ["landscape", "sunset"],
                licence=CC_BY,
            ),
            Work(
                "Afterglow",
                "Made with generative AI from my own sky photographs, then corrected by hand "
                "until the colours matched what I remembered.",
                ["sunset", "pink"],
                made_with_ai=True,
                ai_only_in_part=True,
            ),
            Work(
                "Before Rain",
                "The heavy grey an hour before the storm broke: a long exposure, blurred "
                "until only the light was left.",
                ["weather", "landscape", "grey"],
                medium=Medium.PHOTOGRAPHY,
            ),
            Work(
                "Dusk Over Fields",
                "Three ridges, one sun, the last walk of the day. Acrylic on panel.",
                ["landscape", "sunset"],
                medium=Medium.PAINTING,
            ),
            Work(
                "Blue Hour",
                "The twenty minutes after sunset when everything turns blue.",
                ["blue", "night"],
                licence=CC_BY_NC_ND,
            ),
            Work(
                "Haze",
                "A heat haze over the city with everything but the colour taken out.",
                ["summer", "minimal"],
                licence=CC_BY,
            ),
        ],
    },
    {
        "username": "farid",
        "display_name": "Farid Haddad",
        "bio": "Textile designer and weaver. Stripes are my scales and arpeggios; checks "
        "are the chords.",
        "location": "Marseille, France",
        "links": [
            "https://haddad-textiles.example/",
            "https://mastodon.example/@farid",
            "https://shop.example/haddad-textiles",
        ],
        "avatar": "Warp and Weft",
        "style": "stripes",
        "medium": Medium.TEXTILE,
        "size": (SizeUnit.CM, 80, 200, None),
        "years": (2017, 2026),
        "tags": ["textile", "stripes"],
        "works": [
            Work(
                "Weave I",
                "Handwoven wool, the first of a pair. The teal was dyed in the studio sink.",
                ["check", "wool", "blue"],
            ),
            Work(
                "Weave II",
                "The second of the pair, in the colours of a winter coat. Weave your own "
                "version and share it alike.",
                ["check", "wool", "winter"],
                licence=CC_BY_SA,
            ),
            Work(
                "Barcode Symphony",
                "A pattern design: every line a note, read from left to right.",
                ["lines", "minimal"],
                medium=Medium.DIGITAL,
            ),
            Work(
                "Warp and Weft",
                "A tartan of my own sett, woven on an eight-shaft loom.",
                ["check", "wool"],
            ),
            Work(
                "Slate Rhythm",
                "Blanket-weight cloth in horizontal bands, woven for a cold flat.",
                ["pattern", "winter"],
            ),
            Work(
                "Deck Chair",
                "Striped canvas for a deck chair that never got built; the cloth became a "
                "wall hanging instead.",
                ["summer", "bold"],
            ),
            Work(
                "Signal",
                "Bands like the flags ships use to talk to each other.",
                ["sea", "pattern"],
                medium=Medium.DIGITAL,
            ),
            Work(
                "Threadcount",
                "A fine check I have given to the public domain: weave it, print it, sell "
                "it, no need to ask.",
                ["check", "pattern"],
                licence=CC0,
            ),
        ],
    },
]

#: Introduced on the home page, in this order.
FEATURED = ["ada", "chioma", "farid"]

# Exhibitions, dated in days from the day of seeding: one on now, one past, one to come.
# Body blocks: ("heading", text), ("text", html) or ("artwork", username, title, note).
EXHIBITIONS = [
    {
        "slug": "colour-and-line",
        "title": "Colour and Line",
        "opens": -23,
        "closes": 26,
        "intro": "<p>Two ways of making a picture: with fields of colour that you stand in "
        "front of, and with lines that you follow across the surface. <i>Colour and "
        "Line</i> hangs six artists of the collective side by side and lets them argue.</p>"
        "<p>The show moves from colour, through line, to the place where the two meet: "
        "geometry, where a line that closes on itself becomes a field.</p>",
        "body": [
            ("heading", "Fields"),
            (
                "text",
                "<p>Ada Moreno and Elena Rossi both paint light without painting a single "
                "object. Moreno stacks soft-edged bands of colour; Rossi lets one colour "
                "dissolve into the next.</p>",
            ),
            (
                "artwork",
                "ada",
                "Red Silence",
                "Two reds almost the same, which is the point: stand close and the edge "
                "between them disappears.",
            ),
            (
                "artwork",
                "elena",
                "Lilac Hour",
                "Blended wet on panel in a single afternoon; there is no line anywhere in it.",
            ),
            (
                "artwork",
                "ada",
                "Low Tide",
                "The one cool painting Moreno made that year, hung beside Rossi's dusk.",
            ),
            ("heading", "Lines"),
            (
                "text",
                "<p>Line is where the hand shows. Chioma Eze draws with one sweep of the "
                "arm; Farid Haddad counts threads.</p>",
            ),
            (
                "artwork",
                "chioma",
                "Current",
                "Pale ink on indigo paper. Follow one line from left to right and you will "
                "lose it in the crowd.",
            ),
            (
                "artwork",
                "farid",
                "Warp and Weft",
                "Haddad's own tartan: where two stripes cross, their colours mix.",
            ),
            (
                "artwork",
                "chioma",
                "Estuary",
                "Two currents meeting; the lines bunch up where neither gives way.",
            ),
            ("heading", "Where they meet"),
            (
                "text",
                "<p>Bruno Keller and Dmitri Volkov build pictures from units: a printed "
                "tile, a stone tessera. Each unit is a small field of colour; together "
                "they draw lines.</p>",
            ),
            (
                "artwork",
                "bruno",
                "Circle Meets Square",
                "Four colours, four screens, and circles that never quite fit their squares.",
            ),
            (
                "artwork",
                "dmitri",
                "Courtyard",
                "Stone and glass on board: concentric squares laid one tessera at a time.",
            ),
        ],
    },
    {
        "slug": "small-worlds",
        "title": "Small Worlds: Pattern and Repetition",
        "opens": -170,
        "closes": -120,
        "intro": "<p>A show about repetition: tiles, threads and printed shapes, each "
        "made many times over until it becomes something else.</p>",
        "body": [
            (
                "text",
                "<p>Every work here is made of one small thing repeated. Look closely and "
                "you see the unit; step back and you see the world it builds.</p>",
            ),
            (
                "artwork",
                "dmitri",
                "Old Floor",
                "A kitchen floor remembered tile by tile, odd ones included.",
            ),
            (
                "artwork",
                "farid",
                "Threadcount",
                "Given to the public domain by the artist, so you may weave it yourself.",
            ),
            (
                "artwork",
                "bruno",
                "Composition No. 7",
                "Every tile a stencil of its own, cut by hand.",
            ),
            ("heading", "Maps and plans"),
            (
                "artwork",
                "dmitri",
                "Garden Map",
                "The collective's community garden, one tile to a square metre.",
            ),
            ("artwork", "farid", "Weave I", "The first of a pair; its twin is Weave II."),
        ],
    },
    {
        "slug": "after-dark",
        "title": "After Dark",
        "opens": 30,
        "closes": 75,
        "intro": "<p>Night paintings, night drawings and the blue hour in between. Four works "
        "by three artists who keep working after the light has gone.</p>",
        "body": [
            (
                "artwork",
                "chioma",
                "Night Swim",
                "Drawn from memory, the morning after.",
            ),
            (
                "artwork",
                "elena",
                "Blue Hour",
                "Twenty minutes of the day, held still.",
            ),
            (
                "artwork",
                "ada",
                "Quiet Fire",
                "The warmest painting in the show, and the darkest.",
            ),
            ("artwork", "chioma", "Drift", "Lines at rest."),
        ],
    },
]

# Between the artists, so that the social pages have something to show: who follows whom
# (follower, artist), whose work each artist favourited (the counts give the gallery's "Most
# favourited this week" an order: Current 5, Red Silence 4, Weave I 3, Lilac Hour 2...), two
# public collections with a note on each work, and comment threads. Works are named by
# (artist, title); a work that is not there (a test seeding fewer) is skipped. Only the first
# two works of each artist are used, so a small seed shows all of it too.
FOLLOWS = [
    ("ada", "chioma"),
    ("ada", "elena"),
    ("ada", "farid"),
    ("bruno", "dmitri"),
    ("bruno", "farid"),
    ("chioma", "elena"),
    ("dmitri", "bruno"),
    ("elena", "chioma"),
    ("elena", "farid"),
    ("farid", "chioma"),
    # The last two are ada's new followers: her notifications start with them.
    ("chioma", "ada"),
    ("dmitri", "ada"),
]
FAVOURITES = {
    ("chioma", "Current"): ["bruno", "dmitri", "elena", "farid", "ada"],
    ("ada", "Red Silence"): ["bruno", "chioma", "elena", "farid"],
    ("farid", "Weave I"): ["ada", "chioma", "dmitri"],
    ("elena", "Lilac Hour"): ["ada", "chioma"],
    ("bruno", "Circle Meets Square"): ["ada"],
    ("chioma", "Night Swim"): ["ada"],
    ("dmitri", "Field Tiles"): ["elena"],
}
COLLECTIONS = [
    {
        "owner": "ada",
        "name": "Water and light",
        "description": "Work by friends in the collective that I keep going back to: water, "
        "sky and the colour of the hour.",
        "works": [
            (
                "chioma",
                "Current",
                "One line, then you lose it. I stood in front of this for a long time.",
            ),
            ("elena", "Lilac Hour", "The colour of the harbour ten minutes after sunset."),
            ("chioma", "Night Swim", "Cool and dark; it makes my warm paintings look warmer."),
            ("farid", "Weave I", "Sea-blue wool: water you could wear."),
        ],
    },
    {
        "owner": "chioma",
        "name": "Pattern and repeat",
        "description": "Tiles, threads and prints: one small thing, made again and again.",
        "works": [
            ("farid", "Weave II", "Where two stripes cross, a third colour appears."),
            ("bruno", "Composition No. 7", "Every tile its own stencil, and you can tell."),
            ("dmitri", "Field Tiles", "A field seen from a plane, laid in stone."),
        ],
    },
]
# Comment threads: (work, author, text, replies as (author, text)). Posted in this order, so
# that the newest of ada's notifications are the comment and reply in the last threads.
COMMENTS = [
    (
        ("farid", "Weave I"),
        "elena",
        "The teal is wonderful. Did the dye take evenly, or is the unevenness on purpose?",
        [("farid", "A bit of both: the sink is small, so every skein comes out different.")],
    ),
    (
        ("ada", "Red Silence"),
        "bruno",
        "I printed two reds this close once and the screen printer thought I had made a "
        "mistake. This is what I was after.",
        [
            ("ada", "Thank you! The trick is to stop before they match."),
            ("chioma", "Seen in the show last week: it really does fill your whole view."),
        ],
    ),
    (
        ("chioma", "Current"),
        "ada",
        "I would love to see the lines move: do you ever film yourself drawing?",
        [("chioma", "Sometimes! Come to the studio on Friday and I will show you.")],
    ),
]
#: The artist open for commissions, and what their artist page says about it.
OPEN_FOR_COMMISSIONS = (
    "ada",
    "I take on two or three paintings a year, oil on canvas from 60 cm wide, usually from a "
    "place or a colour that matters to you. Allow three to four months; prices on request.",
)
#: ada's notifications from the demo: the newest this many stay unread, the rest read.
UNREAD_FOR_ADA = 2

# Varied proportions: landscape, portrait and square. Big enough for the artwork page, and
# no bigger: most of a first run's time is making every work's renditions.
SIZES = [(1400, 875), (900, 1260), (1120, 1120), (1400, 840), (840, 1260), (1280, 960)]


def physical_size(spec, work, rng, pixels):
    """Width, height and depth for a work in a physical medium, in the proportions of its
    picture; None for digital work."""
    if (work.medium or spec["medium"]) not in PHYSICAL:
        return None
    unit, narrowest, widest, depth = spec["size"]
    width = Decimal(rng.randint(narrowest, widest))
    height = (width * pixels[1] / pixels[0]).quantize(Decimal("0.1"))
    return unit, width, height, depth


class BannerUpload(forms.Form):
    """The demo banner goes through the profile form's field and decode."""

    banner = ArtworkImageField()

    def clean(self):
        cleaned_data = super().clean()
        rebuild_when_valid(self, "banner")
        return cleaned_data


class Command(BaseCommand):
    help = (
        "Create demo content: an admin, six artists with their artworks, exhibitions and "
        "featured artists, and follows, favourites, collections and comments between the "
        "artists. Adds only what is missing, so it is safe to re-run."
    )

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError(
                "seed_demo creates known passwords; it refuses to run in production."
            )
        admin = self.create_admin()
        artists = {spec["username"]: self.create_artist(spec) for spec in ARTISTS}
        new_artworks = self.create_artworks(artists)
        for spec in ARTISTS:
            self.choose_avatar(artists[spec["username"]], spec)
            if spec["username"] in ARTISTS_WITH_BANNERS:
                self.add_banner(artists[spec["username"]], spec)
        for username, title in WORKS_WITH_MORE_IMAGES:
            self.add_more_images(artists.get(username), title)
        new_exhibitions = self.create_exhibitions(admin)
        self.feature_artists(admin, artists)
        new_social = self.create_social(artists)
        # Works seeded before a rendition spec was added (the viewer's, say) get it now: the
        # same command the deployment's timer runs, for every image however new.
        call_command("requeue_missing_renditions", min_age=0, stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready ({new_artworks} new artworks, "
                f"{new_exhibitions} new exhibitions, {new_social} new follows, favourites, "
                "collections and comments)."
            )
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ as admin / changeme")
        self.stdout.write(
            f"Demo artists (password {DEMO_PASSWORD}): "
            + ", ".join(spec["username"] for spec in ARTISTS)
        )

    def create_admin(self):
        admin, created = get_user_model().objects.get_or_create(
            username=ADMIN[0],
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(ADMIN[1])
            admin.save()
        record_verified_email(admin)
        return admin

    def create_artist(self, spec):
        profile = {
            "display_name": spec["display_name"],
            "bio": spec["bio"],
            "location": spec["location"],
            **{f"link_{number}": link for number, link in enumerate(spec["links"], start=1)},
        }
        artist, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={"email": f"{spec['username']}@example.com", **profile},
        )
        # Demo accounts log in and upload at once: their addresses count as confirmed.
        record_verified_email(artist)
        if created:
            artist.set_password(DEMO_PASSWORD)
            artist.save()
            return artist
        # Seeded before profiles had these fields: fill in what is empty, change nothing else.
        missing = [field for field in profile if not getattr(artist, field)]
        for field in missing:
            setattr(artist, field, profile[field])
        if missing:
            artist.save(update_fields=missing)
        return artist

    def create_artworks(self, artists):
        existing = set(
            Artwork.objects.filter(artist__in=artists.values()).values_list(
                "artist__username", "title"
            )
        )
        # Round by round (every artist's first work, then every artist's second...), so the
        # gallery's newest-first order mixes the artists as a real collective's would.
        created = 0
        for number in range(max(len(spec["works"]) for spec in ARTISTS)):
            for spec in ARTISTS:
                if number >= len(spec["works"]):
                    continue
                work = spec["works"][number]
                if (spec["username"], work.title) not in existing:
                    self.create_artwork(artists[spec["username"]], spec, number, work)
                    created += 1
        return created

    def create_artwork(self, artist, spec, number, work):
        rng = random.Random(f"{artist.username}-{number}")
        pixels = SIZES[(number + len(artist.username)) % len(SIZES)]
        picture = draw_artwork(spec["style"], f"{artist.username}-{work.title}", pixels, number)
        data = {
            "title": work.title,
            "alt_text": picture.alt_text,
            "description": work.description,
            "tags": ", ".join(spec["tags"] + work.tags),
            "licence": work.licence,
            "medium": work.medium or spec["medium"],
            "year_made": rng.randint(*spec["years"]),
        }
        if work.made_with_ai:
            data["made_with_ai"] = "on"
        if work.ai_only_in_part:
            data["ai_only_in_part"] = "on"
        size = physical_size(spec, work, rng, pixels)
        if size:
            unit, width, height, depth = size
            data.update(size_unit=unit, width=width, height=height, depth=depth or "")
        form = ArtworkForm(
            data=data,
            files={"image": SimpleUploadedFile(f"{number}.jpg", picture.jpeg, "image/jpeg")},
            member=artist,
        )
        if not form.is_valid():
            raise CommandError(f"Demo artwork {work.title!r} was refused: {form.errors.as_text()}")
        with transaction.atomic():
            save_new_artwork(form, artist)

    def choose_avatar(self, artist, spec):
        if artist.avatar_artwork_id or artist.avatar_image_id or not spec["avatar"]:
            return
        artwork = Artwork.objects.filter(artist=artist, title=spec["avatar"]).first()
        if artwork is not None:
            artist.avatar_artwork = artwork
            artist.save(update_fields=["avatar_artwork"])

    def add_more_images(self, artist, title):
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
        spec = next(spec for spec in ARTISTS if spec["username"] == artist.username)
        study = draw_artwork(spec["style"], f"{artist.username}-{title}-study", STUDY_PIXELS, 2)
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
                save_extra_image(form, artwork, artist)

    def add_banner(self, artist, spec):
        """A wide picture in the artist's style as their profile banner, cleaned like a
        member's upload. Skipped when they have one."""
        if artist.banner_image_id:
            return
        picture = draw_artwork(spec["style"], f"{artist.username}-banner", BANNER_PIXELS, 1)
        form = BannerUpload(
            files={"banner": SimpleUploadedFile("banner.jpg", picture.jpeg, "image/jpeg")}
        )
        if not form.is_valid():
            raise CommandError(f"Demo banner was refused: {form.errors.as_text()}")
        with removing_files_on_failure() as written, transaction.atomic():
            rebuilt = form.cleaned_data["banner"].rebuilt
            artist.banner_image = save_banner_image(artist, rebuilt, written)
            artist.save(update_fields=["banner_image"])

    def create_exhibitions(self, admin):
        index_model = ExhibitionIndexPage
        exhibition_model = ExhibitionPage
        index = index_model.objects.first()
        if index is None:
            self.stdout.write("No exhibitions page in the tree: no demo exhibitions made.")
            return 0
        existing = set(exhibition_model.objects.child_of(index).values_list("slug", flat=True))
        wanted = [spec for spec in EXHIBITIONS if spec["slug"] not in existing]
        if not wanted:
            return 0
        artworks = {
            (artwork.artist.username, artwork.title): artwork
            for artwork in Artwork.objects.filter(
                artist__username__in=[spec["username"] for spec in ARTISTS]
            ).select_related("artist")
        }
        today = timezone.localdate()
        for spec in wanted:
            body = []
            for block in spec["body"]:
                if block[0] != "artwork":
                    body.append(block)
                elif (block[1], block[2]) in artworks:
                    body.append(("artwork", {"artwork": artworks[block[1:3]], "note": block[3]}))
            page = exhibition_model(
                title=spec["title"],
                slug=spec["slug"],
                opens_on=today + timedelta(days=spec["opens"]),
                closes_on=today + timedelta(days=spec["closes"]),
                intro=spec["intro"],
                body=body,
                live=False,
            )
            with transaction.atomic():
                index.add_child(instance=page)
                # Published as an editor would, so the page_published signal records which
                # works the show holds.
                page.save_revision(user=admin).publish(user=admin)
        return len(wanted)

    def feature_artists(self, admin, artists):
        home = HomePage.objects.first()
        # An editor's choice (or an editor's draft of the page) is left alone.
        if home is None or home.featured_artists.exists() or home.has_unpublished_changes:
            return
        featured_model = FeaturedArtist
        home.featured_artists = [
            featured_model(artist=artists[username], sort_order=order)
            for order, username in enumerate(FEATURED)
            if username in artists
        ]
        home.save_revision(user=admin).publish(user=admin)

    # --- Between the artists --------------------------------------------------------------

    def create_social(self, artists):
        """Follows, favourites, collections, comments and an artist open for commissions, each
        through its app's service as a member's click goes, so the counters, caches and
        notifications follow as they do on the site. Only what is missing is added (a
        collection by its owner and name; an editor's or member's changes to it are kept).
        Returns how many things were added."""
        started = timezone.now()
        works = {
            (artwork.artist.username, artwork.title): artwork
            for artwork in Artwork.objects.filter(artist__in=artists.values()).select_related(
                "artist"
            )
        }
        added = (
            self.follow_artists(artists)
            + self.favourite_works(artists, works)
            + self.collect_works(artists, works)
            + self.comment_on_works(artists, works)
        )
        self.open_for_commissions(artists)
        if added and "ada" in artists:
            # Notifications are written by tasks queued once each write commits: this runs
            # after them.
            ada = artists["ada"]
            transaction.on_commit(lambda: self.leave_newest_unread(ada, started), robust=True)
        return added

    def follow_artists(self, artists):
        existing = set(
            Follow.objects.filter(follower__in=artists.values()).values_list(
                "follower__username", "artist__username"
            )
        )
        wanted = [
            (follower, artist)
            for follower, artist in FOLLOWS
            if {follower, artist} <= artists.keys() and (follower, artist) not in existing
        ]
        for follower, artist in wanted:
            follows.follow(artists[follower], artists[artist])
        return len(wanted)

    def favourite_works(self, artists, works):
        existing = set(
            Favourite.objects.filter(member__in=artists.values()).values_list(
                "member__username", "artwork_id"
            )
        )
        added = 0
        for work, members in FAVOURITES.items():
            artwork = works.get(work)
            for member in members:
                if artwork is None or member not in artists or (member, artwork.pk) in existing:
                    continue
                favourites.favourite(artists[member], artwork)
                added += 1
        return added

    def collect_works(self, artists, works):
        existing = set(
            Collection.objects.filter(owner__in=artists.values()).values_list(
                "owner__username", "name"
            )
        )
        added = 0
        for spec in COLLECTIONS:
            owner = artists.get(spec["owner"])
            if owner is None or (owner.username, spec["name"]) in existing:
                continue
            with transaction.atomic():
                collection = collections.create_collection(
                    owner, spec["name"], spec["description"], is_public=True
                )
                for artist, title, note in spec["works"]:
                    if (artist, title) in works:
                        collections.add_work(owner, collection, works[artist, title], note)
            added += 1
        return added

    def comment_on_works(self, artists, works):
        """Each thread's comment, then its replies, skipping any already posted (found by
        author, work and text)."""
        posted = {
            (comment.author_id, comment.artwork_id, comment.body): comment
            for comment in Comment.objects.filter(author__in=artists.values())
        }
        added = 0

        def comment(username, artwork, body, parent=None):
            nonlocal added
            author = artists[username]
            found = posted.get((author.pk, artwork.pk, body))
            if found is not None:
                return found
            added += 1
            return comments.post(author, artwork, body, parent=parent)

        for work, username, body, replies in COMMENTS:
            artwork = works.get(work)
            if artwork is None:
                continue
            thread = comment(username, artwork, body)
            for reply_author, reply in replies:
                comment(reply_author, artwork, reply, parent=thread)
        return added

    def open_for_commissions(self, artists):
        """Through the artist's own settings form. An artist who has ever written a text (and
        perhaps closed since) is left alone."""
        username, text = OPEN_FOR_COMMISSIONS
        artist = artists.get(username)
        if artist is None or artist.open_for_commissions or artist.commission_text:
            return
        form = CommissionSettingsForm(
            {"open_for_commissions": True, "commission_text": text}, instance=artist
        )
        if not form.is_valid():
            raise CommandError(f"Demo commission settings were refused: {form.errors.as_text()}")
        form.save()

    def leave_newest_unread(self, member, since):
        """The demo's notifications for `member`, all but the newest few marked read, so the
        bell shows a couple and the list has some history."""
        made_now = notifications.unread(member).filter(created_at__gte=since)
        for notification in made_now.order_by("-created_at", "-pk")[UNREAD_FOR_ADA:]:
            notifications.mark_read(notification)
