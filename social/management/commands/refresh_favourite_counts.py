from django.core.management.base import BaseCommand
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from artworks.models import Artwork
from social.favourites import week_start
from social.models import Favourite


def favourites_of_each_work(since=None):
    """A correlated count of one work's favourites (since a date) by active members (a
    suspended member's favourites leave the counts: social.favourites.member_active_changed),
    read through the favourite_artwork_since index."""
    rows = Favourite.objects.filter(artwork=OuterRef("pk"), member__is_active=True)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    counted = rows.order_by().values("artwork").annotate(number=Count("pk")).values("number")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class Command(BaseCommand):
    help = (
        "Recount the works' favourite figures. By default only the weekly figure of works "
        "that have one, so favourites older than seven days leave the gallery's "
        "“Most favourited this week” order (run hourly); --all recounts every figure of every "
        "work from the favourites themselves (a repair, never needed in normal running)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Recount both figures of every work."
        )

    def handle(self, *args, all=False, **options):  # noqa: A002 (the option's name)
        since = week_start()
        if all:
            changed = Artwork.objects.update(
                favourite_count=favourites_of_each_work(),
                favourites_this_week=favourites_of_each_work(since),
            )
        else:
            # Only a work with a weekly figure can lose favourites from its week: new
            # favourites raise the figure as they are given (social.favourites).
            changed = Artwork.objects.filter(~Q(favourites_this_week=0)).update(
                favourites_this_week=favourites_of_each_work(since)
            )
        self.stdout.write(f"Recounted the favourites of {changed} work(s).")
