"""
The one list of rendition specs. Templates name them (ARTWORK_PICTURES, IMAGE_PICTURES), the
listing querysets prefetch their expansions, and the upload task generates them all ahead of
time, so a visitor's request never makes a rendition. Sizes fit inside a box ("max-") so art
is never cropped. WebP is the modern format; JPEG is the fallback every browser reads.
"""

from wagtail.images.models import Filter

# Grid cards in the gallery, on artist pages and on the home page.
CARD = "format-{webp,jpeg} max-{320x320,640x640}"
# The large image on an artwork's own page.
DETAIL = "format-{webp,jpeg} max-{800x800,1600x1600}"
# The image shared links show (OpenGraph / Twitter cards want a plain JPEG).
SHARE = "format-jpeg max-1200x1200"
# The full-size view on an artwork's page (and the sharp version of its large image on 2×
# screens). WebP only: every browser that runs the viewer reads it, and a JPEG twin of a
# 2560-pixel image would double the largest files for no visitor.
VIEWER = "format-webp max-2560x2560"
# Made only for an original larger than VIEWER's box: for a smaller one it would be the same
# pixels again under another name (see specs_for).
VIEWER_LARGE = "format-webp max-3200x3200"
VIEWER_BOX = 2560

# The largest box any rendition fits in (VIEWER_LARGE's): renditions are made from a copy
# of the original scaled down to it (artworks.tasks.working_copy).
LARGEST_BOX = 3200
# The largest box of the renditions the pages show (DETAIL's): they are made first, from a
# copy this size, so a new work leaves "Preparing the image…" before the viewer's large
# renditions are encoded.
PAGE_BOX = 1600

CARD_SPECS = Filter.expand_spec(CARD)
DETAIL_SPECS = Filter.expand_spec(DETAIL)
SHARE_SPECS = Filter.expand_spec(SHARE)
VIEWER_SPECS = Filter.expand_spec(VIEWER)
VIEWER_LARGE_SPECS = Filter.expand_spec(VIEWER_LARGE)
# What every artwork image gets; VIEWER_LARGE_SPECS come on top for large originals.
ALL_SPECS = CARD_SPECS + DETAIL_SPECS + SHARE_SPECS + VIEWER_SPECS


def is_larger_than_viewer(image):
    return max(image.width or 0, image.height or 0) > VIEWER_BOX


def is_viewer_spec(spec):
    return spec in VIEWER_SPECS or spec in VIEWER_LARGE_SPECS


def specs_for(image):
    """Every rendition an artwork image gets: ALL_SPECS, and the 3200-pixel view when the
    original is larger than 2560 pixels."""
    return ALL_SPECS + (VIEWER_LARGE_SPECS if is_larger_than_viewer(image) else [])


# The admin listing's thumbnail is one of the card renditions, so it never needs a new one.
ADMIN_THUMBNAIL_SPEC = "format-jpeg|max-320x320"
assert ADMIN_THUMBNAIL_SPEC in CARD_SPECS  # noqa: S101 - a typo here would be caught at import
# The edit screen shows moderators the work as visitors see it on its page.
ADMIN_PREVIEW_SPEC = "format-jpeg|max-800x800"
assert ADMIN_PREVIEW_SPEC in DETAIL_SPECS  # noqa: S101

# A member's uploaded avatar on their artist page (96 CSS pixels, twice that for sharp
# screens). Fitted inside the box like everything else: an avatar is never cropped either.
# Made by artworks.tasks.generate_avatar_renditions; not part of ALL_SPECS, which every
# artwork's image gets.
AVATAR = "format-{webp,jpeg} max-{96x96,192x192}"
AVATAR_SPECS = Filter.expand_spec(AVATAR)

# A member's uploaded profile banner across the top of their artist page: fitted inside a
# wide box (10:3) at two densities, never cropped. The page shows it centred on a neutral
# band of the box's proportions, so a banner of other proportions is framed, not cut, and the
# band's height is known before the image arrives. Made by
# artworks.tasks.generate_banner_renditions; the box stays within LARGEST_BOX.
BANNER = "format-{webp,jpeg} max-{800x240,1600x480}"
BANNER_SPECS = Filter.expand_spec(BANNER)

# The pictures templates show, by name, so that no template spells a spec:
# {% artwork_picture artwork "card" %} for a work or one of its extra images, and
# {% image_picture image "avatar" %} for a member's own images (templatetags/picture_tags).
ARTWORK_PICTURES = {"card": CARD, "detail": DETAIL, "share": SHARE, "viewer": VIEWER}
IMAGE_PICTURES = {"avatar": AVATAR, "banner": BANNER}
