"""
`manage.py seed_demo`: a collective that looks lived in, for a newcomer's first look and for
development. Six artists, each with a style of their own (`demo.art` draws the works),
believable titles, descriptions, tags, licences and facts, uploaded through the same path as
a member's upload; three exhibitions (past, current and upcoming, dated from today); three
artists featured on the home page. Between the artists: follows, favourites (so the gallery's
"Most favourited this week" has an order), two public collections, comment threads with
replies, one artist open for commissions, and so a few notifications for ada, made through
each app's own service as a member's clicks would be.

The `demo` app is installed by the development and test settings only, so production has no
such command (it makes accounts with known passwords). It only ever adds what is missing, so
`make run` can call it on every start: a second run changes nothing and costs a handful of
queries. An exhibition or featured list that already exists is left as an editor may have
changed it.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo import data
from demo.pages import create_exhibitions, feature_artists
from demo.people import add_banner, choose_avatar, create_admin, create_artist
from demo.social import create_social
from demo.works import add_more_images, create_artworks


class Command(BaseCommand):
    help = (
        "Create demo content: an admin, six artists with their artworks, exhibitions and "
        "featured artists, and follows, favourites, collections and comments between the "
        "artists. Adds only what is missing, so it is safe to re-run."
    )

    def handle(self, *args, **options):
        admin = create_admin()
        artists = {spec["username"]: create_artist(spec) for spec in data.ARTISTS}
        new_artworks = create_artworks(artists)
        for spec in data.ARTISTS:
            choose_avatar(artists[spec["username"]], spec)
            if spec["username"] in data.ARTISTS_WITH_BANNERS:
                add_banner(artists[spec["username"]], spec)
        for username, title in data.WORKS_WITH_MORE_IMAGES:
            add_more_images(artists.get(username), title)
        new_exhibitions = create_exhibitions(admin)
        if new_exhibitions is None:
            self.stdout.write("No exhibitions page in the tree: no demo exhibitions made.")
        feature_artists(admin, artists)
        new_social = create_social(artists)
        # Works seeded before a rendition spec was added (the viewer's, say) get it now: the
        # same command the deployment's timer runs, for every image however new.
        call_command("requeue_missing_renditions", min_age=0, stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready ({new_artworks} new artworks, "
                f"{new_exhibitions or 0} new exhibitions, {new_social} new follows, "
                "favourites, collections and comments)."
            )
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/admin/ as admin / changeme")
        self.stdout.write(
            f"Demo artists (password {data.DEMO_PASSWORD}): "
            + ", ".join(spec["username"] for spec in data.ARTISTS)
        )
