"""The demo's pages: three exhibitions (past, current and upcoming, dated from the day of
seeding) and the home page's featured artists."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from artworks.models import Artwork
from exhibitions.models import ExhibitionIndexPage, ExhibitionPage
from home.models import FeaturedArtist, HomePage

from . import data


def create_exhibitions(admin):
    """The demo's shows under the exhibitions page, each published as an editor would. Returns
    how many were added, or None when the tree has no exhibitions page."""
    index = ExhibitionIndexPage.objects.first()
    if index is None:
        return None
    existing = set(ExhibitionPage.objects.child_of(index).values_list("slug", flat=True))
    wanted = [spec for spec in data.EXHIBITIONS if spec["slug"] not in existing]
    if not wanted:
        return 0
    artworks = {
        (artwork.artist.username, artwork.title): artwork
        for artwork in Artwork.objects.filter(
            artist__username__in=[spec["username"] for spec in data.ARTISTS]
        ).select_related("artist")
    }
    today = timezone.localdate()
    for spec in wanted:
        body = []
        for block in spec["body"]:
            if block[0] != "artwork":
                body.append(block)
            elif (block[1], block[2]) in artworks:
                body.append(("artwork", {"artwork": artworks[block[1:3]], "note": block[3]}))
        page = ExhibitionPage(
            title=spec["title"],
            slug=spec["slug"],
            opens_on=today + timedelta(days=spec["opens"]),
            closes_on=today + timedelta(days=spec["closes"]),
            intro=spec["intro"],
            body=body,
            live=False,
        )
        with transaction.atomic():
            index.add_child(instance=page)
            # Published as an editor would, so the page_published signal records which
            # works the show holds.
            page.save_revision(user=admin).publish(user=admin)
    return len(wanted)


def feature_artists(admin, artists):
    """The demo's featured artists on the home page, unless an editor has chosen some."""
    home = HomePage.objects.first()
    # An editor's choice (or an editor's draft of the page) is left alone.
    if home is None or home.featured_artists.exists() or home.has_unpublished_changes:
        return
    home.featured_artists = [
        FeaturedArtist(artist=artists[username], sort_order=order)
        for order, username in enumerate(data.FEATURED)
        if username in artists
    ]
    home.save_revision(user=admin).publish(user=admin)
