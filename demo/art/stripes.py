"""Stripes: woven cloth. Warp and weft stripes cross in a check; some works are a single
set of stripes, as in deck-chair canvas."""

from PIL import Image, ImageChops, ImageDraw

from .common import grain, listed

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
    image = grain(image, rng, 8, stretch=(1, 4))
    used = list(dict.fromkeys(name for name, _, _ in warp + weft if name in STONE))
    if weave == "barcode":
        used.remove("cream")
    accents = list(dict.fromkeys(name for name, _, _ in warp + weft if name in ACCENTS))
    accent_text = f", with thin lines of {listed(accents)}" if accents else ""
    alt = (
        f"{kind}, in {listed(used)}{accent_text}. "
        "A fine diagonal twill texture runs through the cloth."
    )
    return image, alt
