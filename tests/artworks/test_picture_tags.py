"""Pictures by spec name: `{% artwork_picture artwork "card" %}` and
`{% image_picture image "avatar" %}` render the specs artworks/renditions.py lists, and no
template spells a spec string of its own."""

import re

import pytest

from django.template import Context, Template, TemplateSyntaxError

from artworks.models import Artwork
from artworks.renditions import ARTWORK_PICTURES, IMAGE_PICTURES
from tests import PROJECT_ROOT
from tests.factories import create_artwork, uploaded_image
from tests.html import attributes, select_one

pytestmark = pytest.mark.django_db

TEMPLATES = PROJECT_ROOT / "templates"


def render(source, **context):
    return Template("{% load picture_tags %}" + source).render(Context(context))


def sources_of(html):
    """The image formats a rendered <picture> offers: its <source> types and its <img>'s."""
    types = attributes(html, "source", "type")
    assert all(kind.startswith("image/") for kind in types), types
    image = select_one(html, "img")["src"].rsplit(".", 1)[1]
    return [*(kind.removeprefix("image/") for kind in types), {"jpg": "jpeg"}.get(image, image)]


@pytest.mark.parametrize(
    ("name", "formats"),
    [
        ("card", ["webp", "jpeg"]),
        ("detail", ["webp", "jpeg"]),
        ("share", ["jpeg"]),
        ("viewer", ["webp"]),
    ],
)
def test_each_artwork_spec_name_renders_its_picture(name, formats):
    artwork = Artwork.objects.for_detail().get(
        pk=create_artwork(title="Harbour", image=uploaded_image(size=(2000, 1500))).pk
    )
    html = render(f'{{% artwork_picture artwork "{name}" sizes="320px" %}}', artwork=artwork)
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert sorted(set(sources_of(html))) == sorted(formats)
    # The work's own alt text unless the tag gives another.
    assert 'alt="A picture called Harbour"' in html
    assert 'sizes="320px"' in html


def test_an_artwork_picture_takes_the_alt_text_it_is_given():
    artwork = create_artwork(title="Harbour")
    html = render('{% artwork_picture artwork "card" alt="" loading="lazy" %}', artwork=artwork)
    assert 'alt=""' in html and 'loading="lazy"' in html


@pytest.mark.parametrize("name", sorted(IMAGE_PICTURES))
def test_each_image_spec_name_renders_its_picture(name):
    image = create_artwork(image=uploaded_image(size=(1800, 900))).image
    html = render(f'{{% image_picture image "{name}" alt="" sizes="96px" %}}', image=image)
    assert sorted(set(sources_of(html))) == ["jpeg", "webp"]
    assert 'alt=""' in html


def test_nothing_to_show_renders_nothing():
    assert render('{% artwork_picture artwork "card" %}', artwork=None) == ""
    assert render('{% image_picture image "avatar" %}', image=None) == ""


@pytest.mark.parametrize(
    "source",
    [
        '{% artwork_picture artwork "thumbnail" %}',
        '{% image_picture image "card" %}',
        "{% artwork_picture artwork %}",
        '{% artwork_picture artwork "card" lazy %}',
    ],
)
def test_an_unknown_spec_name_or_a_malformed_tag_fails_when_the_template_compiles(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_no_template_spells_a_spec_string():
    """Templates name their pictures; the spec strings live in artworks/renditions.py only, so
    what the upload task makes and what listings prefetch is what pages ask for."""
    image_tags = re.compile(r"{% *(?:picture|image|srcset_image)\b[^%]*%}")
    spelled = {}
    for template in TEMPLATES.rglob("*.html"):
        for tag in image_tags.findall(template.read_text()):
            if "format-" in tag or re.search(r"\b(max|min|width|height|fill)-", tag):
                spelled.setdefault(str(template.relative_to(TEMPLATES)), []).append(tag)
    assert not spelled, spelled


def test_templates_name_only_specs_the_list_has():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        used |= {("artwork", n) for n in re.findall(r'{% artwork_picture \S+ "(\w+)"', text)}
        used |= {("image", n) for n in re.findall(r'{% image_picture \S+ "(\w+)"', text)}
    assert ("artwork", "card") in used and ("image", "avatar") in used
    known = {("artwork", n) for n in ARTWORK_PICTURES} | {("image", n) for n in IMAGE_PICTURES}
    assert used <= known, used - known
