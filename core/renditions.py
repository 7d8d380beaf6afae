"""Renditions made ahead of time. The upload's task makes every rendition a template shows;
a listing prefetches exactly those (by their spec strings), and a template shows an image
only once they exist. A visitor's request therefore never makes a rendition: it stays fast
and never races the task (two processes making the same rendition leave a stray file)."""

from django.db.models import Prefetch

from wagtail.images import get_image_model


def renditions_prefetch(lookup, specs):
    """Prefetch exactly the renditions the templates ask for (the same spec strings), so a
    listing costs one query for all its images instead of one per card."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def renditions_ready(image, specs):
    """Whether every rendition in `specs` of `image` exists: read from its prefetched
    renditions when the queryset fetched them (renditions_prefetch), else one query."""
    prefetched = getattr(image, "prefetched_renditions", None)
    if prefetched is None:
        made = image.renditions.filter(filter_spec__in=specs).values_list("filter_spec", flat=True)
    else:
        made = [rendition.filter_spec for rendition in prefetched]
    return set(specs) <= set(made)
