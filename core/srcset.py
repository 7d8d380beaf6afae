"""A `srcset` names each width once.

Wagtail never upscales, so a work smaller than the larger of a `{% picture %}` tag's specs gets
two renditions of the same width, and Wagtail lists both ("a.jpg 640w, b.jpg 640w"): invalid
HTML (two candidates with one descriptor), and the second file is never chosen anyway. Wagtail
builds every `srcset` (`<img>` and `<source>`) in ResponsiveImage.get_width_srcset, so the
first rendition of each width is kept there, once, for every template."""

from wagtail.images.models import ResponsiveImage


def get_width_srcset(cls, renditions_list):
    if len(renditions_list) == 1:
        return renditions_list[0].url
    by_width = {}
    for rendition in renditions_list:
        by_width.setdefault(rendition.width, rendition)
    return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())


def install_width_srcset():
    ResponsiveImage.get_width_srcset = classmethod(get_width_srcset)
