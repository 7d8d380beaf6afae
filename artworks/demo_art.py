"""
Pictures for the demo content, drawn by Pillow at seed time (nothing large is committed and
nothing is downloaded). Each style is recognisable, so each demo artist has a look of their
own; a seeded random generator makes every run draw the same pictures.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "ember": ["#2b1d1c", "#7a2e20", "#c8553d", "#f28f3b", "#ffd5c2"],
    "tide": ["#0b2545", "#13315c", "#134074", "#8da9c4", "#eef4ed"],
    "meadow": ["#283618", "#606c38", "#dda15e", "#bc6c25", "#fefae0"],
    "dusk": ["#22223b", "#4a4e69", "#9a8c98", "#c9ada7", "#f2e9e4"],
    "citrus": ["#ffbe0b", "#fb5607", "#ff006e", "#8338ec", "#3a86ff"],
    "stone": ["#1b1b1e", "#373f51", "#58a4b0", "#a9bcd0", "#d8dbe2"],
}


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def colour_fields(draw, size, palette, rng):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=palette[0])
    bands = rng.randint(2, 3)
    margin = width // 12
    band_height = (height - margin * (bands + 1)) // bands
    for band in range(bands):
        top = margin + band * (band_height + margin)
        draw.rounded_rectangle(
            [margin, top, width - margin, top + band_height],
            radius=margin // 3,
            fill=rng.choice(palette[1:]),
        )


def geometric(draw, size, palette, rng):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=palette[-1])
    for _ in range(rng.randint(6, 14)):
        shape = rng.choice(["circle", "triangle", "square"])
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(min(size) // 12, min(size) // 4)
        colour = rng.choice(palette[:-1])
        if shape == "circle":
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        elif shape == "square":
            draw.rectangle([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.polygon([(x, y - r), (x + r, y + r), (x - r, y + r)], fill=colour)


def flowing_lines(draw, size, palette, rng):
    width, height = size
    draw.rectangle([0, 0, width, height], fill=palette[0])
    for line in range(rng.randint(14, 26)):
        amplitude = rng.uniform(0.03, 0.12) * height
        frequency = rng.uniform(1, 4) * math.pi / width
        phase = rng.uniform(0, math.tau)
        base = height * (line + 1) / 28
        points = [
            (x, base + amplitude * math.sin(frequency * x + phase)) for x in range(0, width, 8)
        ]
        draw.line(points, fill=rng.choice(palette[1:]), width=rng.randint(3, 9))


def mosaic(draw, size, palette, rng):
    width, height = size
    tile = rng.choice([40, 56, 72])
    for x in range(0, width, tile):
        for y in range(0, height, tile):
            draw.rectangle([x + 2, y + 2, x + tile - 2, y + tile - 2], fill=rng.choice(palette))


def gradients(draw, size, palette, rng):
    width, height = size
    start, end = _rgb(rng.choice(palette)), _rgb(rng.choice(palette))
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    sun = min(size) // rng.randint(4, 7)
    cx, cy = rng.randint(sun, width - sun), rng.randint(sun, height // 2)
    draw.ellipse([cx - sun, cy - sun, cx + sun, cy + sun], fill=palette[-1])


def stripes(draw, size, palette, rng):
    width, height = size
    x = 0
    while x < width:
        stripe = rng.randint(width // 40, width // 8)
        draw.rectangle([x, 0, x + stripe, height], fill=rng.choice(palette))
        x += stripe


STYLES = {
    "colour fields": colour_fields,
    "geometric": geometric,
    "flowing lines": flowing_lines,
    "mosaic": mosaic,
    "gradients": gradients,
    "stripes": stripes,
}


def draw_artwork(style, palette_name, seed, size):
    """JPEG bytes of one demo picture."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    STYLES[style](ImageDraw.Draw(image), size, PALETTES[palette_name], rng)
    if style in ("colour fields", "gradients"):
        image = image.filter(ImageFilter.GaussianBlur(radius=2))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()
