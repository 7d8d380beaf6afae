"""Renditions made ahead of time. The upload's task makes every rendition a template shows;
a listing prefetches exactly those (by their spec strings), and a template shows an image
only once they exist. A visitor's request therefore never makes a rendition: it stays fast
and never races the task (two processes making the same rendition leave a stray file)."""

from django.db.models import Prefetch

from wagtail.images import get_image_model

# Wagtail's own rendition lookups (get_rendition, {% picture %}) read this attribute too, so
# a prefetched listing's templates find their renditions without a query.
PREFETCHED = "prefetched_renditions"


def renditions_prefetch(lookup, specs):
    """Prefetch exactly the renditions the templates ask for (the same spec strings), so a
    listing costs one query for all its images instead of one per card."""
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr=PREFETCHED,
    )


def made_renditions(image, specs):
    """The renditions in `specs` of `image` that exist: read from its prefetched renditions
    when the queryset fetched them (renditions_prefetch), else one query."""
    prefetched = getattr(image, PREFETCHED, None)
    if prefetched is None:
        return list(image.renditions.filter(filter_spec__in=specs))
    return [rendition for rendition in prefetched if rendition.filter_spec in specs]


def made_rendition(image, spec):
    """The rendition of `spec` of `image` once it exists, else None (as made_renditions)."""
    return next(iter(made_renditions(image, [spec])), None)


def prefetched_rendition(image, spec):
    """The rendition of `spec` among those a listing prefetched, or None: never a query, for
    the lists (admin listings, a work's page) that only show what came with them."""
    prefetched = getattr(image, PREFETCHED, None) or []
    return next((rendition for rendition in prefetched if rendition.filter_spec == spec), None)


def renditions_ready(image, specs):
    """Whether every rendition in `specs` of `image` exists (as made_renditions)."""
    prefetched = getattr(image, PREFETCHED, None)
    if prefetched is None:
        made = image.renditions.filter(filter_spec__in=specs).values_list("filter_spec", flat=True)
    else:
        made = [rendition.filter_spec for rendition in prefetched]
    return set(specs) <= set(made)
