"""Pictures by the name of their spec in the one list (artworks.renditions), so a template
never spells a spec string and the specs the upload task makes are the ones pages show:

    {% artwork_picture artwork "card" sizes="320px" loading="lazy" %}
    {% image_picture avatar.image "avatar" alt="" sizes="96px" %}

The attributes are {% picture %}'s; an artwork's alt text is its own unless the tag gives one.
Like {% picture %}, the renditions are read from those the listing prefetched."""

from django import template

from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from ..renditions import ARTWORK_PICTURES, IMAGE_PICTURES

register = template.Library()


class NamedPictureNode(template.Node):
    """Wagtail's {% picture %} of an image, its spec chosen when the template compiles."""

    def __init__(self, subject, spec, attrs):
        self.subject = subject
        self.filters = [Filter(spec=spec) for spec in Filter.expand_spec(spec)]
        self.attrs = attrs

    def image_of(self, subject):
        """The image to show and the attributes it has unless the tag gives others."""
        return subject, {}

    def render(self, context):
        subject = self.subject.resolve(context)
        if not subject:
            return ""
        image, attrs = self.image_of(subject)
        attrs |= {name: value.resolve(context) for name, value in self.attrs.items()}
        return Picture(get_renditions_or_not_found(image, self.filters), attrs).__html__()


class ArtworkPictureNode(NamedPictureNode):
    """The picture of a work or one of its extra images (anything with `image` and
    `alt_text`)."""

    def image_of(self, artwork):
        return artwork.image, {"alt": artwork.alt_text}


def named_picture(node_class, specs):
    """A tag `{% <name> subject "spec name" attr=value … %}` over the names in `specs`."""

    def compile_tag(parser, token):
        tag_name, *bits = token.split_contents()
        if len(bits) < 2:
            raise template.TemplateSyntaxError(
                f'{tag_name} takes an image and a spec\'s name: "card"'
            )
        subject, name, *attr_bits = bits
        spec = specs.get(name.strip("\"'"))
        if spec is None:
            raise template.TemplateSyntaxError(
                f"{tag_name}: no spec named {name} (artworks.renditions has {', '.join(specs)})"
            )
        attrs = {}
        for bit in attr_bits:
            attr, equals, value = bit.partition("=")
            if not equals:
                raise template.TemplateSyntaxError(f"{tag_name}: {bit} is not name=value")
            attrs[attr] = parser.compile_filter(value)
        return node_class(parser.compile_filter(subject), spec, attrs)

    return compile_tag


register.tag("artwork_picture", named_picture(ArtworkPictureNode, ARTWORK_PICTURES))
register.tag("image_picture", named_picture(NamedPictureNode, IMAGE_PICTURES))
