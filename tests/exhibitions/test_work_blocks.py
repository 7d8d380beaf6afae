"""Which block types of an exhibition's body hold a work is read from the blocks' definitions
(exhibitions.blocks.exhibition_work_fields), not from a block's name: a new block type that
chooses a work counts for the show's cover and for what the show holds."""

from wagtail import blocks

from exhibitions.blocks import ExhibitedWorkChooserBlock, ExhibitionBody, exhibition_work_fields


class PairBlock(blocks.StructBlock):
    left = ExhibitedWorkChooserBlock()
    caption = blocks.CharBlock(required=False)


class WiderBody(ExhibitionBody):
    pair = PairBlock()
    spotlight = blocks.StructBlock([("work", ExhibitedWorkChooserBlock())])


def test_the_body_today_holds_works_in_its_artwork_blocks():
    assert exhibition_work_fields(ExhibitionBody()) == {"artwork": "artwork"}


def test_a_new_block_type_that_chooses_a_work_is_found_by_its_chooser():
    assert exhibition_work_fields(WiderBody()) == {
        "artwork": "artwork",
        "pair": "left",
        "spotlight": "work",
    }
