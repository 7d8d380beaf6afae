"""What the demo styles share: colours, seeded noise and grain, soft masks, and words for
alt text."""

import math

from PIL import Image, ImageDraw, ImageFilter

#: Lines and curved shapes are drawn this many times larger, then scaled down: smooth edges.
SUPERSAMPLE = 2


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def listed(names):
    """ "a", "a and b", "a, b and c"."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def with_article(noun):
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def in_words(count):
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"]
    return words[count] if count < len(words) else str(count)


def seeded_noise(size, rng, strength, stretch=(1, 1)):
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


def grain(image, rng, strength, stretch=(1, 1)):
    """`image` lightened and darkened by seeded noise: paint's grain or a brush's streaks,
    and no banding in smooth gradients. (A blend with grey noise: cheaper than adding.)"""
    noise = seeded_noise(image.size, rng, 127, stretch)
    return Image.blend(image, Image.merge("RGB", (noise,) * 3), strength / 127)


def soft_mask(size, draw_shape, blur, scale=4):
    """A mask with feathered edges, drawn and blurred at a fraction of the size (a blur that
    wide costs little there) and scaled up smoothly."""
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    mask = Image.new("L", small, 0)
    draw_shape(ImageDraw.Draw(mask), 1 / scale)
    mask = mask.filter(ImageFilter.GaussianBlur(max(blur / scale, 0.5)))
    return mask.resize(size, Image.Resampling.BILINEAR)


def wobbly_rectangle(box, rng, wobble, step):
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
