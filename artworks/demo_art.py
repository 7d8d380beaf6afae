"""
Pictures for the demo content, drawn by Pillow at seed time (nothing large is committed and
nothing is downloaded). Each demo artist has a style of their own, recognisable across their
works; `variant` (the work's number) picks the composition or colour scheme, and a generator
seeded with the work's name draws the rest, so every run draws the same pictures.

Each style also says what it drew, in words, for the work's alt text: the colours and shapes
a sighted visitor sees, for people using a screen reader.
"""

import io
import math
import random
from typing import NamedTuple

from PIL import Image, ImageChops, ImageDraw, ImageFilter

#: Lines and curved shapes are drawn this many times larger, then scaled down: smooth edges.
SUPERSAMPLE = 2


class Picture(NamedTuple):
    jpeg: bytes
    alt_text: str


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def _words(names):
    """ "a", "a and b", "a, b and c"."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _a(noun):
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _number(count):
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"]
    return words[count] if count < len(words) else str(count)


def _noise(size, rng, strength, stretch=(1, 1)):
    """Grey noise centred on 128 (±strength), from the seeded generator (Pillow's own noise
    is not seeded). `stretch` draws it coarse and stretches it: (8, 1) gives horizontal
    streaks like brush marks."""
    width, height = size
    small = (max(1, width // stretch[0]), max(1, height // stretch[1]))
    tile = (min(small[0], 256), min(small[1], 256))
    noise = Image.frombytes("L", tile, rng.randbytes(tile[0] * tile[1]))
    noise = noise.point(lambda value: 128 + (value - 128) * strength // 128)
    if tile != small:
        whole = Image.new("L", small)
        for x in range(0, small[0], tile[0]):
            for y in range(0, small[1], tile[1]):
                whole.paste(noise, (x, y))
        noise = whole
    if small != size:
        noise = noise.resize(size, Image.Resampling.BICUBIC)
    return noise


def _grain(image, rng, strength, stretch=(1, 1)):
    """`image` lightened and darkened by seeded noise: paint's grain or a brush's streaks,
    and no banding in smooth gradients. (A blend with grey noise: cheaper than adding.)"""
    noise = _noise(image.size, rng, 127, stretch)
    return Image.blend(image, Image.merge("RGB", (noise,) * 3), strength / 127)


def _soft_mask(size, draw_shape, blur, scale=4):
    """A mask with feathered edges, drawn and blurred at a fraction of the size (a blur that
    wide costs little there) and scaled up smoothly."""
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    mask = Image.new("L", small, 0)
    draw_shape(ImageDraw.Draw(mask), 1 / scale)
    mask = mask.filter(ImageFilter.GaussianBlur(max(blur / scale, 0.5)))
    return mask.resize(size, Image.Resampling.BILINEAR)


def _wobbly_rectangle(box, rng, wobble, step):
    """The corners of a hand-painted rectangle: edges that waver a little."""
    left, top, right, bottom = box
    points = []
    edges = [((left, top), (right, top)), ((right, top), (right, bottom))]
    edges += [((right, bottom), (left, bottom)), ((left, bottom), (left, top))]
    for (x0, y0), (x1, y1) in edges:
        count = max(2, int(math.hypot(x1 - x0, y1 - y0) // step))
        for i in range(count):
            t = i / count
            points.append(
                (
                    x0 + (x1 - x0) * t + rng.uniform(-wobble, wobble),
                    y0 + (y1 - y0) * t + rng.uniform(-wobble, wobble),
                )
            )
    return points


# Colour fields: soft-edged rectangles of colour floating on a ground, stacked like the
# bands of a horizon.

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
    image = Image.new("RGB", canvas, _rgb(EMBER[ground_name]))

    side = rng.uniform(0.07, 0.11) * width
    gap = rng.uniform(0.025, 0.045) * height
    top_margin = rng.uniform(0.05, 0.08) * height
    bottom_margin = top_margin * rng.uniform(1.1, 1.6)  # a heavier foot, as painters do
    weights = [rng.uniform(0.6, 1.7) for _ in field_names]
    room = height - top_margin - bottom_margin - gap * (len(field_names) - 1)
    top = top_margin
    for name, weight in zip(field_names, weights, strict=True):
        bottom = top + room * weight / sum(weights)
        outline = _wobbly_rectangle(
            (side, top, width - side, bottom), rng, min(canvas) * 0.004, min(canvas) * 0.05
        )
        mask = Image.new("L", canvas, 0)
        ImageDraw.Draw(mask).polygon(outline, fill=255)
        colour = _rgb(EMBER[name])
        image.paste(colour, mask=mask.filter(ImageFilter.GaussianBlur(min(canvas) * 0.012)))
        # A glow inside the field, lighter towards its middle, as thin glazes give.
        inset = min(bottom - top, width - 2 * side) * 0.18
        glow = Image.new("L", canvas, 0)
        inner = (side + inset, top + inset, width - side - inset, bottom - inset)
        ImageDraw.Draw(glow).rectangle(inner, fill=70)
        image.paste(
            _mix(colour, (255, 240, 220), 0.25), mask=glow.filter(ImageFilter.GaussianBlur(inset))
        )
        top = bottom + gap

    image = _grain(image, rng, 7, stretch=(5, 1))  # brush marks, stretched when scaled up
    image = _grain(image.resize(size, Image.Resampling.BICUBIC), rng, 5)
    if len(field_names) == 2:
        arrangement = f"{field_names[0]} above {field_names[1]}"
    else:
        arrangement = f"{_words(field_names)}, from top to bottom"
    alt = (
        f"{_number(len(field_names)).capitalize()} soft-edged rectangles of colour stacked "
        f"on {_a(ground_name)} ground: {arrangement}. Their edges blur into the ground "
        "and faint horizontal brush marks show."
    )
    return image, alt


# Geometric: a grid of square tiles, each holding one bold shape, like a Bauhaus poster.

CITRUS = {
    "mustard yellow": "#ffbe0b",
    "vermilion": "#fb5607",
    "magenta": "#ff006e",
    "violet": "#8338ec",
    "cobalt blue": "#3a86ff",
    "navy": "#1d1e3b",
}
CREAM = "#f4efe1"
#: Tiles across the short side, one per work in turn: from a few big shapes to a crowd.
GEOMETRIC_GRIDS = [2, 4, 3, 5, 4, 2, 3, 6]
SHAPE_NAMES = {
    "circle": "circles",
    "half": "half circles",
    "quarter": "quarter circles",
    "triangle": "triangles",
    "ring": "rings",
}


def _draw_shape(draw, shape, box, colour, background, rng):
    x0, y0, x1, y1 = box
    cell = x1 - x0
    if shape == "circle":
        inset = cell * 0.1
        draw.ellipse([x0 + inset, y0 + inset, x1 - inset, y1 - inset], fill=colour)
    elif shape == "ring":
        inset, hole = cell * 0.1, cell * 0.3
        draw.ellipse([x0 + inset, y0 + inset, x1 - inset, y1 - inset], fill=colour)
        draw.ellipse([x0 + hole, y0 + hole, x1 - hole, y1 - hole], fill=background)
    elif shape == "half":
        # The flat side lies along one edge of the tile.
        half = cell / 2
        centre, start = rng.choice(
            [
                ((x0 + half, y1), 180),
                ((x0 + half, y0), 0),
                ((x0, y0 + half), 270),
                ((x1, y0 + half), 90),
            ]
        )
        cx, cy = centre
        draw.pieslice([cx - half, cy - half, cx + half, cy + half], start, start + 180, fill=colour)
    elif shape == "quarter":
        (cx, cy), start = rng.choice(
            [((x0, y0), 0), ((x1, y0), 90), ((x1, y1), 180), ((x0, y1), 270)]
        )
        draw.pieslice([cx - cell, cy - cell, cx + cell, cy + cell], start, start + 90, fill=colour)
    else:
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        del corners[rng.randrange(4)]
        draw.polygon(corners, fill=colour)


def geometric(size, rng, variant):
    scale = SUPERSAMPLE
    width, height = size[0] * scale, size[1] * scale
    image = Image.new("RGB", (width, height), CREAM)
    draw = ImageDraw.Draw(image)
    names = rng.sample(list(CITRUS), 4)
    tiles_across = GEOMETRIC_GRIDS[variant % len(GEOMETRIC_GRIDS)]
    margin = min(width, height) * 0.07
    cell = (min(width, height) - 2 * margin) / tiles_across
    columns = int((width - 2 * margin) // cell)
    rows = int((height - 2 * margin) // cell)
    left = (width - columns * cell) / 2
    top = (height - rows * cell) / 2
    shapes = list(SHAPE_NAMES)
    used_shapes, used_colours = [], []
    for row in range(rows):
        for column in range(columns):
            box = [left + column * cell, top + row * cell]
            box += [box[0] + cell, box[1] + cell]
            background = rng.choice([*names, None, None])  # some tiles show the cream
            if background:
                draw.rectangle(box, fill=CITRUS[background])
                used_colours.append(background)
            if rng.random() < 0.12 and background:
                continue  # a plain tile now and then, for breathing space
            shape = rng.choice(shapes)
            colour = rng.choice([name for name in names if name != background])
            fill = CITRUS[colour]
            _draw_shape(draw, shape, box, fill, CITRUS[background] if background else CREAM, rng)
            used_shapes.append(SHAPE_NAMES[shape])
            used_colours.append(colour)
    image = image.reduce(scale)
    shapes_text = _words(sorted(set(used_shapes), key=used_shapes.index))
    if columns * rows == 1:
        layout = "One large square tile on cream"
    else:
        layout = f"A grid of {columns} by {rows} square tiles on cream"
    alt = (
        f"{layout}, in the manner of a screen print: {shapes_text} in "
        f"{_words(sorted(set(used_colours), key=used_colours.index))}."
    )
    return image, alt


# Flowing lines: streamlines traced through a smooth field of directions, like ink lines
# following water or wind.

TIDE = {
    "deep navy": "#0b2545",
    "midnight blue": "#13315c",
    "petrol blue": "#134074",
    "steel blue": "#8da9c4",
    "pale mint": "#eef4ed",
    "sea green": "#4f9a94",
}
PAPER = "#f3efe6"


class Flow(NamedTuple):
    dark: bool  # pale ink on a navy ground, or dark ink on paper
    tilt: float  # the general direction of the flow, in radians below the horizontal
    lines: int
    swirl: float  # how far the lines bend away from the general direction
    words: str  # how the lines move, for the alt text


#: One per work in turn.
FLOWS = [
    Flow(True, 0.0, 340, 1.0, "run from left to right in long, crossing currents"),
    Flow(True, 0.25, 300, 1.3, "curl downwards from left to right in loose eddies"),
    Flow(False, -0.1, 280, 1.2, "loop across the page from left to right like handwriting"),
    Flow(True, 0.5, 440, 0.8, "are pulled steeply downwards, crowding together"),
    Flow(False, 0.0, 240, 0.6, "rise and fall in slow, even waves"),
    Flow(False, 0.15, 380, 1.1, "sweep in from the left and bunch together where they cross"),
    Flow(False, -0.45, 320, 0.7, "are driven diagonally upwards, like grass in the wind"),
    Flow(True, -0.2, 170, 0.9, "drift apart, sparse and unhurried"),
]


def flowing_lines(size, rng, variant):
    scale = SUPERSAMPLE
    width, height = size[0] * scale, size[1] * scale
    flow = FLOWS[variant % len(FLOWS)]
    if flow.dark:
        ground, ground_name = _rgb(TIDE["deep navy"]), "deep navy"
        inks = ["steel blue", "pale mint", "sea green"]
    else:
        ground, ground_name = _rgb(PAPER), "off-white paper"
        inks = ["deep navy", "petrol blue", "steel blue"]
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)

    short = min(width, height)
    fx, fy, fz = (rng.uniform(1.2, 3.0) * math.tau / short for _ in range(3))
    p1, p2, p3 = (rng.uniform(0, math.tau) for _ in range(3))
    swirl, swell = flow.swirl * rng.uniform(0.85, 1.15), rng.uniform(0.25, 0.6)
    step = 3 * scale
    weights = [6, 3, 1]  # mostly the first ink, a few lines of the others
    for _ in range(flow.lines):
        x, y = rng.uniform(-0.2 * width, width), rng.uniform(0, height)
        points = [(x, y)]
        for _ in range(rng.randint(60, 170)):
            angle = (
                flow.tilt
                + swirl * math.sin(x * fx + p1) * math.cos(y * fy + p2)
                + swell * math.sin((0.6 * x + y) * fz + p3)
            )
            x += step * math.cos(angle)
            y += step * math.sin(angle)
            points.append((x, y))
        ink = rng.choices(inks, weights)[0]
        # Thinned ink: the colour mixed with the ground, not drawn translucent (overlapping
        # segments of a translucent line would show as beads).
        colour = _mix(ground, _rgb(TIDE[ink]), rng.uniform(0.35, 0.8))
        draw.line(points, fill=colour, width=rng.choice([1, 1, 2, 3]) * scale)
    image = image.reduce(scale)
    if flow.dark:
        alt = (
            f"Hundreds of fine lines in {_words(inks)} on a {ground_name} ground "
            f"{flow.words}, like currents in water."
        )
    else:
        alt = f"Fine ink lines in {_words(inks)} on {ground_name} {flow.words}."
    return image, alt


# Mosaic: small square tiles, each laid by hand (a little askew, a little off-colour), in
# a pattern.

MEADOW = {
    "dark olive": "#283618",
    "olive green": "#606c38",
    "sage": "#a3b18a",
    "cream": "#fefae0",
    "ochre": "#dda15e",
    "rust": "#bc6c25",
    "terracotta": "#a44a3f",
}
#: Colours of a pattern, in order; one per work in turn.
MOSAIC_RAMPS = [
    ["dark olive", "olive green", "sage", "cream"],
    ["olive green", "ochre", "rust", "cream"],
    ["terracotta", "ochre", "cream", "sage"],
    ["dark olive", "cream", "terracotta", "ochre"],
    ["rust", "sage", "ochre", "dark olive", "cream"],
    ["terracotta", "rust", "ochre", "cream"],
    ["sage", "olive green", "dark olive", "ochre"],
    ["rust", "ochre", "cream", "olive green"],
]


def _pattern(name, u, v, aspect):
    """A value for the tile at (u, v) (0..1 across and down); whole steps change colour."""
    dx, dy = (u - 0.5) * aspect, v - 0.5
    if name == "bands":
        return (u + v) * 5
    if name == "waves":
        return v * 7 + 0.6 * math.sin(u * math.tau * 2)
    if name == "squares":
        return max(abs(u - 0.5), abs(v - 0.5)) * 12
    if name == "chequer":
        border = min(u, v, 1 - u, 1 - v)
        return 0 if border < 0.08 else 1 + (int(u * 8) + int(v * 8)) % 2
    if name == "rings":
        return math.hypot(dx, dy) * 10
    if name == "diamonds":
        return (abs(dx) + abs(dy)) * 9
    if name == "rays":
        return (math.atan2(dy, dx) / math.tau + 0.5) * 16 + (
            0 if math.hypot(dx, dy) > 0.12 else 0.5
        )
    return 0


MOSAIC_PATTERNS = [
    ("bands", "in diagonal bands"),
    ("waves", "in wavy rows like ploughed furrows"),
    ("squares", "in nested squares around a centre"),
    ("chequer", "as a chequerboard inside a plain border"),
    ("patches", "in square patches, like a quilt"),
    ("diamonds", "in nested diamonds"),
    ("plots", "in rectangular plots, like a map of gardens"),
    ("rays", "as rays around a central sun"),
]


def mosaic(size, rng, variant):
    width, height = size
    pattern, pattern_text = MOSAIC_PATTERNS[variant % len(MOSAIC_PATTERNS)]
    ramp = MOSAIC_RAMPS[variant % len(MOSAIC_RAMPS)]
    dark_grout = variant % 3 == 2
    grout_name, grout = ("dark", "#2b2a24") if dark_grout else ("pale", "#e6dfcc")
    image = Image.new("RGB", size, grout)
    draw = ImageDraw.Draw(image)
    tile = rng.choice([30, 36, 42])
    gap = max(2, tile // 12)
    columns, rows = width // tile + 1, height // tile + 1
    # Plots and patches: blocks of tiles share a colour.
    blocks = {}
    for column in range(columns):
        for row in range(rows):
            u, v = column / columns, row / rows
            if pattern == "plots":
                key = (column // 5, row // 3 + (column // 5) % 2)
                index = blocks.setdefault(key, rng.randrange(len(ramp)))
            elif pattern == "patches":
                key = (column // 3, row // 3)
                index = blocks.setdefault(key, rng.randrange(len(ramp)))
            else:
                steps = int(_pattern(pattern, u, v, width / height))
                # Back and forth along the ramp, so neighbouring bands are neighbouring colours.
                period = 2 * len(ramp) - 2
                index = steps % period
                index = index if index < len(ramp) else period - index
            if rng.random() < 0.05:
                index = rng.randrange(len(ramp))  # a stray tile, as in any hand-laid floor
            colour = _rgb(MEADOW[ramp[index]])
            shade = rng.randint(-12, 12)
            colour = tuple(max(0, min(255, c + shade + rng.randint(-4, 4))) for c in colour)
            x, y = column * tile, row * tile
            jitter = tile * 0.06
            corners = [
                (x + gap, y + gap),
                (x + tile - gap, y + gap),
                (x + tile - gap, y + tile - gap),
                (x + gap, y + tile - gap),
            ]
            corners = [
                (cx + rng.uniform(-jitter, jitter), cy + rng.uniform(-jitter, jitter))
                for cx, cy in corners
            ]
            draw.polygon(corners, fill=colour)
    alt = (
        f"A mosaic of small, slightly uneven square tiles in {_words(ramp)}, set in "
        f"{grout_name} grout and laid {pattern_text}."
    )
    return image, alt


# Gradients: skies at the turn of the day, with a glowing sun and hills for some.

#: (name, [(colour name, hex) from the top of the sky to the horizon], sun?, hills?)
SKIES = [
    (
        "sunset",
        [
            ("deep violet", "#2d1e4a"),
            ("plum", "#7a3a62"),
            ("coral", "#e0795b"),
            ("gold", "#f7c873"),
        ],
        True,
        False,
    ),
    (
        "lilac",
        [("dusky purple", "#3d2c5e"), ("lilac", "#8d6fa8"), ("pale pink", "#f0d6e3")],
        False,
        True,
    ),
    (
        "last light",
        [("indigo", "#1f1d3a"), ("wine red", "#6e2540"), ("burnt orange", "#d9622b")],
        True,
        True,
    ),
    (
        "afterglow",
        [
            ("violet", "#4b2a6b"),
            ("hot pink", "#d1477a"),
            ("apricot", "#f6a96b"),
            ("pale gold", "#fbe3a1"),
        ],
        True,
        False,
    ),
    (
        "rain",
        [("charcoal", "#343a48"), ("slate grey", "#6b7385"), ("pale grey", "#c9c8c6")],
        False,
        True,
    ),
    (
        "dusk",
        [("navy", "#22223b"), ("mauve", "#9a8c98"), ("rose", "#c9ada7"), ("peach", "#f2c6a0")],
        True,
        True,
    ),
    (
        "blue hour",
        [("midnight blue", "#0f1c3f"), ("cornflower blue", "#4a6fa5"), ("ice blue", "#c0d0e8")],
        False,
        False,
    ),
    (
        "haze",
        [("grey lilac", "#b9b3c6"), ("dusty rose", "#d8ccd4"), ("pearl", "#f1e8e4")],
        True,
        False,
    ),
]


def _vertical_gradient(size, colours, horizon):
    """Colours spaced evenly from the top down to `horizon` (a fraction of the height)."""
    strip = Image.new("RGB", (1, 512))
    pixels = strip.load()
    for y in range(512):
        t = min(y / (511 * horizon), 1.0) * (len(colours) - 1)
        index = min(int(t), len(colours) - 2)
        pixels[0, y] = _mix(colours[index], colours[index + 1], t - index)
    return strip.resize(size, Image.Resampling.BILINEAR)


def gradients(size, rng, variant):
    width, height = size
    _name, stops, sun, hills = SKIES[variant % len(SKIES)]
    colours = [_rgb(hex_colour) for _, hex_colour in stops]
    horizon = rng.uniform(0.7, 0.85) if hills else 1.0
    image = _vertical_gradient(size, colours, horizon)
    warmest = colours[-1]
    sun_text = ""
    if sun:
        radius = min(size) * rng.uniform(0.06, 0.11)
        cx = width * rng.choice([rng.uniform(0.2, 0.38), rng.uniform(0.62, 0.8)])
        cy = height * (horizon - rng.uniform(0.12, 0.3))
        glow = _soft_mask(
            size,
            lambda draw, k: draw.ellipse(
                [
                    (cx - radius * 3) * k,
                    (cy - radius * 3) * k,
                    (cx + radius * 3) * k,
                    (cy + radius * 3) * k,
                ],
                fill=110,
            ),
            radius * 2.5,
            scale=8,
        )
        image.paste(_mix(warmest, (255, 255, 255), 0.3), mask=glow)
        disc = _soft_mask(
            size,
            lambda draw, k: draw.ellipse(
                [(cx - radius) * k, (cy - radius) * k, (cx + radius) * k, (cy + radius) * k],
                fill=255,
            ),
            radius * 0.08,
            scale=2,
        )
        image.paste(_mix(warmest, (255, 250, 235), 0.6), mask=disc)
        side = "left" if cx < width / 2 else "right"
        sun_text = f", with a pale glowing sun on the {side}"
    # Thin streaks of cloud, lit by the light below them.
    clouds = _soft_mask(
        size,
        lambda draw, k: [
            draw.ellipse(
                [
                    (x - length) * k,
                    (y - thickness) * k,
                    (x + length) * k,
                    (y + thickness) * k,
                ],
                fill=rng.randint(30, 70),
            )
            for x, y, length, thickness in [
                (
                    rng.uniform(0, width),
                    rng.uniform(0.15, 0.65) * height * horizon,
                    rng.uniform(0.15, 0.4) * width,
                    rng.uniform(0.006, 0.018) * height,
                )
                for _ in range(rng.randint(3, 7))
            ]
        ],
        min(size) * 0.02,
    )
    image.paste(_mix(colours[-1], (255, 255, 255), 0.2), mask=clouds)
    hills_text = ""
    if hills:
        draw = ImageDraw.Draw(image)
        layers = rng.randint(2, 3)
        for layer in range(layers):
            base = height * (horizon + (layer + 0.4) * (1 - horizon) / layers)
            waves = [
                (rng.uniform(1, 3) * math.tau / width, rng.uniform(0, math.tau)) for _ in range(2)
            ]
            amplitude = height * rng.uniform(0.02, 0.05)
            outline = [
                (x, base - amplitude * sum(math.sin(x * f + p) for f, p in waves) / 2)
                for x in range(0, width + 8, 8)
            ]
            shade = _mix(colours[0], (10, 8, 20), 0.25 + 0.55 * (layer + 1) / layers)
            shade = _mix(shade, colours[-1], 0.25 * (layers - layer - 1) / layers)
            draw.polygon([*outline, (width, height), (0, height)], fill=shade)
        hills_text = f" Below, {_number(layers)} dark ridges of low hills fade into the distance."
    image = _grain(image, rng, 4)  # no banding in the smooth sky
    top, bottom = stops[0][0], stops[-1][0]
    middle = [name for name, _ in stops[1:-1]]
    through = f" through {_words(middle)}" if middle else ""
    place = "at the horizon" if hills else "at the bottom"
    alt = f"A sky fading from {top} at the top{through} to {bottom} {place}{sun_text}."
    return image, alt + hills_text


# Stripes: woven cloth. Warp and weft stripes cross in a check; some works are a single
# set of stripes, as in deck-chair canvas.

STONE = {
    "charcoal": "#1b1b1e",
    "slate": "#373f51",
    "teal": "#58a4b0",
    "powder blue": "#a9bcd0",
    "pale grey": "#d8dbe2",
    "cream": "#efe9dc",
}
ACCENTS = {"mustard": "#d9a441", "rust red": "#b5523b"}
#: One per work in turn: check, vertical stripes or horizontal bands.
WEAVES = ["check", "check", "barcode", "check", "bands", "deckchair", "bands", "fine check"]


def _sett(rng, total, names, fine=False):
    """A stripe sequence (a weaver's "sett"): a half repeat mirrored, repeated to `total`."""
    half = []
    for _ in range(rng.randint(3, 5)):
        half.append(
            (rng.choice(names), rng.choice([2, 4, 8, 16, 24] if not fine else [2, 3, 6, 8]))
        )
    if rng.random() < 0.7:
        half.append((rng.choice(list(ACCENTS)), 1))
    repeat = half + half[-2::-1]
    unit = total / max(1, sum(width for _, width in repeat)) * rng.uniform(0.3, 0.6)
    stripes, position = [], 0.0
    while position < total:
        for name, width in repeat:
            stripes.append((name, position, position + max(2.0, width * unit)))
            position += max(2.0, width * unit)
    return stripes


def _stripe_strip(length, stripes):
    strip = Image.new("RGB", (length, 1))
    draw = ImageDraw.Draw(strip)
    for name, start, end in stripes:
        draw.rectangle([round(start), 0, round(end), 0], fill={**STONE, **ACCENTS}[name])
    return strip


def _twill(size):
    """Fine diagonal ribs of a twill weave, as a multiply layer (white leaves colour as is)."""
    tile = Image.new("L", (4, 4), 255)
    for i in range(4):
        tile.putpixel((i, i), 214)
        tile.putpixel(((i + 1) % 4, i), 234)
    texture = Image.new("L", size)
    block = Image.new("L", (64, 64))
    for x in range(0, 64, 4):
        for y in range(0, 64, 4):
            block.paste(tile, (x, y))
    for x in range(0, size[0], 64):
        for y in range(0, size[1], 64):
            texture.paste(block, (x, y))
    return Image.merge("RGB", (texture,) * 3)


def _deckchair(rng, width):
    """Two colours in broad, equal stripes, with a thin accent line down every other one."""
    pair = rng.sample(["teal", "cream", "slate", "powder blue"], 2)
    accent = rng.choice(list(ACCENTS))
    stripe = width / rng.choice([7, 9, 11])
    warp = []
    for number in range(int(width / stripe) + 1):
        start = number * stripe
        warp.append((pair[number % 2], start, start + stripe))
        if number % 2:
            middle = start + stripe / 2
            warp.append((accent, middle - 2, middle + 2))
    return warp


def _barcode(rng, width):
    """Dark lines of many widths on cream, nothing mirrored."""
    warp, position, unit = [("cream", 0, width)], 0.0, width / 220
    while position < width:
        line = unit * rng.choice([1, 1, 2, 3, 5, 8])
        warp.append((rng.choice(["charcoal", "slate"]), position, position + line))
        position += line + unit * rng.choice([1, 2, 3, 5])
    return warp


def stripes(size, rng, variant):
    width, height = size
    weave = WEAVES[variant % len(WEAVES)]
    names = rng.sample(list(STONE), 4)
    warp, weft = [], []
    if weave in ("check", "fine check"):
        warp = _sett(rng, width, names, fine=weave == "fine check")
        weft = _sett(rng, height, names, fine=weave == "fine check")
        kind = "A woven check of stripes crossing at right angles"
    elif weave == "bands":
        weft = _sett(rng, height, names)
        kind = "Horizontal woven bands of varying width"
    elif weave == "deckchair":
        warp = _deckchair(rng, width)
        kind = "Broad vertical stripes like deck-chair canvas"
    else:
        warp = _barcode(rng, width)
        kind = "Vertical lines of many widths on cream, like a barcode"
    if warp:
        image = _stripe_strip(width, warp).resize(size, Image.Resampling.NEAREST)
    if weft:
        across = _stripe_strip(height, weft).transpose(Image.Transpose.ROTATE_270)
        across = across.resize(size, Image.Resampling.NEAREST)
        # Where warp and weft cross, each shows half the time: the colours mix.
        image = Image.blend(image, across, 0.5) if warp else across
    image = ImageChops.multiply(image, _twill(size))
    image = _grain(image, rng, 8, stretch=(1, 4))
    used = list(dict.fromkeys(name for name, _, _ in warp + weft if name in STONE))
    if weave == "barcode":
        used.remove("cream")
    accents = list(dict.fromkeys(name for name, _, _ in warp + weft if name in ACCENTS))
    accent_text = f", with thin lines of {_words(accents)}" if accents else ""
    alt = (
        f"{kind}, in {_words(used)}{accent_text}. "
        "A fine diagonal twill texture runs through the cloth."
    )
    return image, alt


STYLES = {
    "colour fields": colour_fields,
    "geometric": geometric,
    "flowing lines": flowing_lines,
    "mosaic": mosaic,
    "gradients": gradients,
    "stripes": stripes,
}


def draw_artwork(style, seed, size, variant=0):
    """One demo picture (JPEG bytes) and words for its alt text. `variant` picks the
    composition or colour scheme (each style has a few, used in turn); `seed` the details."""
    rng = random.Random(seed)
    image, alt_text = STYLES[style](size, rng, variant)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return Picture(output.getvalue(), alt_text)
