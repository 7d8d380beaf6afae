"""Geometric: a grid of square tiles, each holding one bold shape, like a Bauhaus poster."""

from PIL import Image, ImageDraw

from .common import SUPERSAMPLE, listed

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
    shapes_text = listed(sorted(set(used_shapes), key=used_shapes.index))
    if columns * rows == 1:
        layout = "One large square tile on cream"
    else:
        layout = f"A grid of {columns} by {rows} square tiles on cream"
    alt = (
        f"{layout}, in the manner of a screen print: {shapes_text} in "
        f"{listed(sorted(set(used_colours), key=used_colours.index))}."
    )
    return image, alt
