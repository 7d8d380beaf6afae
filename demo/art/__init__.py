"""
Pictures for the demo content, drawn by Pillow at seed time (nothing large is committed and
nothing is downloaded). Each demo artist has a style of their own, recognisable across their
works; `variant` (the work's number) picks the composition or colour scheme, and a generator
seeded with the work's name draws the rest, so every run draws the same pictures.

Each style also says what it drew, in words, for the work's alt text: the colours and shapes
a sighted visitor sees, for people using a screen reader.
"""

import io
import random
from typing import NamedTuple

from .colour_fields import colour_fields
from .flowing_lines import flowing_lines
from .geometric import geometric
from .gradients import gradients
from .mosaic import mosaic
from .stripes import stripes


class Picture(NamedTuple):
    jpeg: bytes
    alt_text: str


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
