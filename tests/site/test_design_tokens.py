"""The design's colours pass WCAG 2.2 AA in both themes.

The tokens are read from static/css/site.css itself (the `:root` block for the light theme,
the `prefers-color-scheme: dark` block for the dark one), so an edit to a colour that breaks
a contrast fails here instead of slipping through unseen."""

import re

import pytest

from tests import PROJECT_ROOT

SITE_CSS = PROJECT_ROOT / "static" / "css" / "site.css"

# WCAG 2.2: text 4.5:1 (1.4.3); focus indicators and the boundaries of controls 3:1 (1.4.11).
TEXT = 4.5
NON_TEXT = 3.0

# (foreground token, background token, minimum ratio, what the pair is on the page)
PAIRS = [
    ("--color-text", "--color-surface", TEXT, "body text on the page"),
    ("--color-text", "--color-surface-sunken", TEXT, "text on chips, messages and frames"),
    ("--color-text-muted", "--color-surface", TEXT, "muted text (dates, help, captions)"),
    ("--color-text-muted", "--color-surface-sunken", TEXT, "muted text on a sunken band"),
    ("--color-accent", "--color-surface", TEXT, "accent text and link hover"),
    ("--color-on-accent", "--color-accent", TEXT, "a primary button's label"),
    ("--color-on-accent", "--color-accent-hover", TEXT, "a primary button's label on hover"),
    ("--color-focus", "--color-surface", NON_TEXT, "the focus ring on the page"),
    ("--color-focus", "--color-surface-sunken", NON_TEXT, "the focus ring on a sunken band"),
    ("--color-border-strong", "--color-surface", NON_TEXT, "the border of inputs and buttons"),
    ("--color-accent", "--color-surface", NON_TEXT, "a primary button's edge"),
    ("--color-danger", "--color-surface", TEXT, "error messages"),
    ("--color-positive", "--color-surface", NON_TEXT, "the edge of a saved upload card"),
    ("--color-danger", "--color-danger-surface", TEXT, "text in the error summary"),
    ("--color-text", "--color-danger-surface", TEXT, "text in an error message"),
    ("--color-text", "--color-positive-surface", TEXT, "text in a success message"),
    ("--color-text", "--color-caution-surface", TEXT, "text in a warning message"),
    ("--color-positive", "--color-positive-surface", TEXT, "the 'Published' status"),
    ("--color-caution", "--color-caution-surface", TEXT, "the 'work in progress' label"),
    ("--color-note", "--color-note-surface", TEXT, "the 'Made with AI' label"),
]

TOKEN = re.compile(r"^\s*(--color-[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", re.MULTILINE)


def block_after(css, opening):
    """The text of the `{ … }` block that starts at the first `{` after `opening`."""
    start = css.index("{", css.index(opening))
    depth = 0
    for position in range(start, len(css)):
        if css[position] == "{":
            depth += 1
        elif css[position] == "}":
            depth -= 1
            if depth == 0:
                return css[start + 1 : position]
    raise AssertionError(f"unclosed block after {opening!r}")


def theme_tokens():
    css = SITE_CSS.read_text()
    light = dict(TOKEN.findall(block_after(css, ":root {")))
    dark = {**light, **dict(TOKEN.findall(block_after(css, "@media (prefers-color-scheme: dark)")))}
    return {"light": light, "dark": dark}


def relative_luminance(hex_colour):
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_the_wcag_definition():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_token_in_a_pair_is_defined(theme):
    tokens = theme_tokens()[theme]
    needed = {name for pair in PAIRS for name in pair[:2]}
    assert needed <= tokens.keys(), f"missing in {theme}: {sorted(needed - tokens.keys())}"


def test_the_dark_theme_redefines_every_colour():
    css = SITE_CSS.read_text()
    light = dict(TOKEN.findall(block_after(css, ":root {")))
    dark = dict(TOKEN.findall(block_after(css, "@media (prefers-color-scheme: dark)")))
    assert set(light) == set(dark)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(
    ("foreground", "background", "minimum", "seen_as"), PAIRS, ids=[pair[3] for pair in PAIRS]
)
def test_colour_pair_meets_wcag_aa(theme, foreground, background, minimum, seen_as):
    tokens = theme_tokens()[theme]
    ratio = contrast_ratio(tokens[foreground], tokens[background])
    assert ratio >= minimum, (
        f"{theme}: {seen_as} ({foreground} {tokens[foreground]} on {background} "
        f"{tokens[background]}) is {ratio:.2f}:1, needs {minimum}:1"
    )
