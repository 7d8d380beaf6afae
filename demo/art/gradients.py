"""Gradients: skies at the turn of the day, with a glowing sun and hills for some."""

import math

from PIL import Image, ImageDraw

from .common import grain, in_words, listed, mix, rgb, soft_mask

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
        pixels[0, y] = mix(colours[index], colours[index + 1], t - index)
    return strip.resize(size, Image.Resampling.BILINEAR)


def gradients(size, rng, variant):
    width, height = size
    _name, stops, sun, hills = SKIES[variant % len(SKIES)]
    colours = [rgb(hex_colour) for _, hex_colour in stops]
    horizon = rng.uniform(0.7, 0.85) if hills else 1.0
    image = _vertical_gradient(size, colours, horizon)
    warmest = colours[-1]
    sun_text = ""
    if sun:
        radius = min(size) * rng.uniform(0.06, 0.11)
        cx = width * rng.choice([rng.uniform(0.2, 0.38), rng.uniform(0.62, 0.8)])
        cy = height * (horizon - rng.uniform(0.12, 0.3))
        glow = soft_mask(
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
        image.paste(mix(warmest, (255, 255, 255), 0.3), mask=glow)
        disc = soft_mask(
            size,
            lambda draw, k: draw.ellipse(
                [(cx - radius) * k, (cy - radius) * k, (cx + radius) * k, (cy + radius) * k],
                fill=255,
            ),
            radius * 0.08,
            scale=2,
        )
        image.paste(mix(warmest, (255, 250, 235), 0.6), mask=disc)
        side = "left" if cx < width / 2 else "right"
        sun_text = f", with a pale glowing sun on the {side}"
    # Thin streaks of cloud, lit by the light below them.
    clouds = soft_mask(
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
    image.paste(mix(colours[-1], (255, 255, 255), 0.2), mask=clouds)
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
            shade = mix(colours[0], (10, 8, 20), 0.25 + 0.55 * (layer + 1) / layers)
            shade = mix(shade, colours[-1], 0.25 * (layers - layer - 1) / layers)
            draw.polygon([*outline, (width, height), (0, height)], fill=shade)
        hills_text = f" Below, {in_words(layers)} dark ridges of low hills fade into the distance."
    image = grain(image, rng, 4)  # no banding in the smooth sky
    top, bottom = stops[0][0], stops[-1][0]
    middle = [name for name, _ in stops[1:-1]]
    through = f" through {listed(middle)}" if middle else ""
    place = "at the horizon" if hills else "at the bottom"
    alt = f"A sky fading from {top} at the top{through} to {bottom} {place}{sun_text}."
    return image, alt + hills_text
