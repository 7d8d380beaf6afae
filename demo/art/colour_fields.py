"""Colour fields: soft-edged rectangles of colour floating on a ground, stacked like the
bands of a horizon."""

from PIL import Image, ImageDraw, ImageFilter

from .common import grain, in_words, listed, mix, rgb, with_article, wobbly_rectangle

EMBER = {
    "near-black brown": "#2b1d1c",
    "deep plum": "#3d1f33",
    "oxblood": "#4f1518",
    "dark umber": "#3b2a20",
    "deep maroon": "#6b1d24",
    "brick red": "#8a2f22",
    "cadmium red": "#c0392b",
    "terracotta": "#c8553d",
    "rust": "#a5482b",
    "tangerine": "#f28f3b",
    "saffron": "#f2b544",
    "pale peach": "#ffd5c2",
    "bone white": "#eee4d3",
    "slate blue": "#4f6275",
    "sand": "#d9b98f",
}

#: (ground, fields from top to bottom), one per work in turn.
COLOUR_FIELD_SCHEMES = [
    ("deep plum", ["pale peach", "tangerine"]),
    ("oxblood", ["cadmium red", "brick red"]),
    ("dark umber", ["slate blue", "sand", "terracotta"]),
    ("near-black brown", ["brick red", "tangerine", "saffron"]),
    ("terracotta", ["deep maroon", "saffron"]),
    ("tangerine", ["cadmium red", "pale peach"]),
    ("rust", ["bone white", "dark umber"]),
    ("deep plum", ["deep maroon", "tangerine"]),
]


def colour_fields(size, rng, variant):
    # Everything here is soft, so it is painted at a quarter of the size and scaled up.
    width, height = canvas = (size[0] // 4, size[1] // 4)
    ground_name, field_names = COLOUR_FIELD_SCHEMES[variant % len(COLOUR_FIELD_SCHEMES)]
    image = Image.new("RGB", canvas, rgb(EMBER[ground_name]))

    side = rng.uniform(0.07, 0.11) * width
    gap = rng.uniform(0.025, 0.045) * height
    top_margin = rng.uniform(0.05, 0.08) * height
    bottom_margin = top_margin * rng.uniform(1.1, 1.6)  # a heavier foot, as painters do
    weights = [rng.uniform(0.6, 1.7) for _ in field_names]
    room = height - top_margin - bottom_margin - gap * (len(field_names) - 1)
    top = top_margin
    for name, weight in zip(field_names, weights, strict=True):
        bottom = top + room * weight / sum(weights)
        outline = wobbly_rectangle(
            (side, top, width - side, bottom), rng, min(canvas) * 0.004, min(canvas) * 0.05
        )
        mask = Image.new("L", canvas, 0)
        ImageDraw.Draw(mask).polygon(outline, fill=255)
        colour = rgb(EMBER[name])
        image.paste(colour, mask=mask.filter(ImageFilter.GaussianBlur(min(canvas) * 0.012)))
        # A glow inside the field, lighter towards its middle, as thin glazes give.
        inset = min(bottom - top, width - 2 * side) * 0.18
        glow = Image.new("L", canvas, 0)
        inner = (side + inset, top + inset, width - side - inset, bottom - inset)
        ImageDraw.Draw(glow).rectangle(inner, fill=70)
        image.paste(
            mix(colour, (255, 240, 220), 0.25), mask=glow.filter(ImageFilter.GaussianBlur(inset))
        )
        top = bottom + gap

    image = grain(image, rng, 7, stretch=(5, 1))  # brush marks, stretched when scaled up
    image = grain(image.resize(size, Image.Resampling.BICUBIC), rng, 5)
    if len(field_names) == 2:
        arrangement = f"{field_names[0]} above {field_names[1]}"
    else:
        arrangement = f"{listed(field_names)}, from top to bottom"
    alt = (
        f"{in_words(len(field_names)).capitalize()} soft-edged rectangles of colour stacked "
        f"on {with_article(ground_name)} ground: {arrangement}. Their edges blur into the ground "
        "and faint horizontal brush marks show."
    )
    return image, alt
