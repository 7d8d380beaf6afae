"""What the demo holds: the admin, six artists and their works, the exhibitions, the featured
artists, and what the artists do between them. Plain data, read by the other `demo` modules
(through `data.NAME`, so a test can seed less by replacing a list)."""

from decimal import Decimal
from typing import NamedTuple

from artworks.rights import Licence, Medium, SizeUnit

ADMIN = ("admin", "changeme")
#: Works shown with more images than their own (a detail and a study), and the artists with a
#: profile banner, so that a first look finds every part of the artwork and artist pages.
WORKS_WITH_MORE_IMAGES = [("ada", "Red Silence"), ("chioma", "Current"), ("dmitri", "Courtyard")]
ARTISTS_WITH_BANNERS = ["ada", "dmitri"]
BANNER_PIXELS = (1600, 480)
STUDY_PIXELS = (1200, 900)
DEMO_PASSWORD = "demo-artist-2026"  # noqa: S105 - printed for the demo; never installed in production

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
