"""Mosaic: small square tiles, each laid by hand (a little askew, a little off-colour), in
a pattern."""

import math

from PIL import Image, ImageDraw

from .common import listed, rgb

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
            colour = rgb(MEADOW[ramp[index]])
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
        f"A mosaic of small, slightly uneven square tiles in {listed(ramp)}, set in "
        f"{grout_name} grout and laid {pattern_text}."
    )
    return image, alt
