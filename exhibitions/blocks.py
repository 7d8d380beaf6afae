"""The blocks an exhibition is built from. Each renders through its own template
(templates/exhibitions/blocks/), so a block type added here shows on the page without
touching the page's code."""

import copy

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from artworks.models import Artwork


class ExhibitedWorkChooserBlock(SnippetChooserBlock):
    """Chooses an artwork (a snippet) for the show. Reading a page's body converts every
    chosen work at once (StreamValue calls bulk_to_python per block type): one query for
    the works, one for their card renditions, whatever the number of works.

    It yields every chosen work that still exists, each marked `on_show` when visitors may
    see it (ArtworkQuerySet.listed keeps that rule). Yielding None for a hidden work instead
    would also blank it in the page editor, where saving would then erase the choice, and in
    Wagtail's reference index, which warns before a used artwork is deleted."""

    def __init__(self, **kwargs):
        super().__init__("artworks.Artwork", **kwargs)
        self.chooser_options = kwargs  # for deconstruct

    def bulk_to_python(self, values):
        on_show = Artwork.objects.listed().filter(pk=OuterRef("pk"))
        works = (
            Artwork.objects.for_cards()
            .annotate(on_show=Exists(on_show))
            .in_bulk([pk for pk in values if pk is not None])
        )
        # One instance per block, as Wagtail's own chooser blocks give, even when a work is
        # chosen twice.
        return [copy.copy(works.get(pk)) for pk in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def deconstruct(self):
        # Stored as a plain SnippetChooserBlock (as Wagtail does for ChoiceBlock subclasses):
        # the data is the same, and migrations never depend on this class staying here.
        return (
            "wagtail.snippets.blocks.SnippetChooserBlock",
            ("artworks.Artwork",),
            self.chooser_options,
        )


class ExhibitedWork(blocks.StructValue):
    @property
    def public_artwork(self):
        """The chosen work while visitors may see it, else None (with its note unshown)."""
        artwork = self.get("artwork")
        return artwork if artwork is not None and artwork.on_show else None


class ExhibitedArtworkBlock(blocks.StructBlock):
    """One work in the show, chosen from the Artworks snippets, with the curator's note."""

    artwork = ExhibitedWorkChooserBlock()
    note = blocks.TextBlock(
        required=False,
        label=_("Curator's note"),
        help_text=_("Optional: why this work is in the show."),
    )

    class Meta:
        icon = "image"
        label = _("Artwork")
        template = "exhibitions/blocks/exhibited_artwork.html"
        value_class = ExhibitedWork


class ExhibitionBody(blocks.StreamBlock):
    artwork = ExhibitedArtworkBlock()
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        template="exhibitions/blocks/text.html",
    )
    heading = blocks.CharBlock(
        max_length=120, form_classname="title", template="exhibitions/blocks/heading.html"
    )


def blocks_on_show(body):
    """The blocks of an exhibition's body that visitors see: all of them but the works no
    longer public (hidden, held, unlisted, or by a member who left), whose notes go too."""
    return [
        block
        for block in body
        if not isinstance(block.value, ExhibitedWork) or block.value.public_artwork
    ]


def exhibition_work_fields(stream_block):
    """For each block type of a body that chooses a work, the name of its chooser field:
    {"artwork": "artwork"} today. Found from the blocks' definitions, so a new block type
    that holds a work is counted as soon as it is added (covers, what a show holds)."""
    return {
        name: field
        for name, block in stream_block.child_blocks.items()
        if isinstance(block, blocks.StructBlock)
        for field, child in block.child_blocks.items()
        if isinstance(child, ExhibitedWorkChooserBlock)
    }
