"""The blocks an exhibition is built from. Pages render them through ExhibitionPage.items()
(not block templates), so that only public work shows and every card costs one query."""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class ExhibitedArtworkBlock(blocks.StructBlock):
    """One work in the show, chosen from the Artworks snippets, with the curator's note."""

    artwork = SnippetChooserBlock("artworks.Artwork")
    note = blocks.TextBlock(
        required=False,
        label="Curator's note",
        help_text="Optional: why this work is in the show.",
    )

    class Meta:
        icon = "image"
        label = "Artwork"


class ExhibitionBody(blocks.StreamBlock):
    artwork = ExhibitedArtworkBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    heading = blocks.CharBlock(max_length=120, form_classname="title")
