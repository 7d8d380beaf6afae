from django import template

from artworks.models import GalleryPage

register = template.Library()


@register.simple_tag
def tag_url(tag):
    """The gallery filtered to one tag."""
    return GalleryPage.tag_url(tag.slug)


@register.simple_tag
def gallery_url():
    return GalleryPage.cached_url()


#: The narrowest and widest ratios the grid sizes apart (artwork-grid in site.css has a class
#: for every 0.02 between them); anything beyond is shown at the nearest one.
GRID_RATIOS = (0.4, 3.0)
#: Below this many pixels on its longer side a work is smaller than its grid cell.
SMALL_WORK_PIXELS = 320


@register.filter
def aspect_class(image):
    """`ar-NNN` for an image: its width ÷ height in hundredths, to the nearest 0.02, which the
    grid's stylesheet sizes the image's cell by (the CSP allows no inline style)."""
    if not image.width or not image.height:
        return "ar-100"
    low, high = GRID_RATIOS
    ratio = min(max(image.width / image.height, low), high)
    return f"ar-{round(ratio * 50) * 2}"


@register.filter
def is_small_work(image):
    """Whether the work is smaller than a grid cell: shown at its own size, not blown up."""
    return max(image.width or 0, image.height or 0) < SMALL_WORK_PIXELS
