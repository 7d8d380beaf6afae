"""Flowing lines: streamlines traced through a smooth field of directions, like ink lines
following water or wind."""

import math
from typing import NamedTuple

from PIL import Image, ImageDraw

from .common import SUPERSAMPLE, listed, mix, rgb

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
        ground, ground_name = rgb(TIDE["deep navy"]), "deep navy"
        inks = ["steel blue", "pale mint", "sea green"]
    else:
        ground, ground_name = rgb(PAPER), "off-white paper"
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
        colour = mix(ground, rgb(TIDE[ink]), rng.uniform(0.35, 0.8))
        draw.line(points, fill=colour, width=rng.choice([1, 1, 2, 3]) * scale)
    image = image.reduce(scale)
    if flow.dark:
        alt = (
            f"Hundreds of fine lines in {listed(inks)} on a {ground_name} ground "
            f"{flow.words}, like currents in water."
        )
    else:
        alt = f"Fine ink lines in {listed(inks)} on {ground_name} {flow.words}."
    return image, alt
