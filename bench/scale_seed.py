"""Seed a migrated database with a large site in minutes, for `bench/run --scale`.

Run inside `manage.py shell` after `bench.common.seed(members=2, artworks=1)`: that one work,
uploaded the ordinary way, gives the file names and sizes every bulk image and rendition row
points to (rows are distinct; files are shared). bench0 becomes the prolific artist, bench1
the member who follows 500 artists and favourites about 500 works.
"""

import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from bench.bulk import db_time, fast_sqlite, insert, next_id, reset_sequences
from bench.scale_search import index_artworks

COMMON_WORD = "sunset"
RARE_WORD = "quokka"
PROLIFIC_WORKS = 5_000
FOLLOWED = 500
FAVOURITES = 500
AWAITING_REVIEW = 300
REPORTS = 300
# The fewest members a site has, so that the small site's /artists/ shows a full first page
# (ARTISTS_PER_PAGE, 24) as the large one does: with 10, it listed 9 artists against 24, and
# the ratio measured the page's length, not the site's size (as the gallery's last page is
# timed as a full page on both sites, bench.scale.LAST_PAGES).
FEWEST_MEMBERS = 30
ADJECTIVES = [
    "quiet",
    "blue",
    "bright",
    "distant",
    "small",
    "golden",
    "hidden",
    "silver",
    "open",
    "winter",
]
NOUNS = [
    "harbour",
    "forest",
    "study",
    "figure",
    "garden",
    "river",
    "window",
    "mountain",
    "street",
    "portrait",
]
COMMON_TAGS = "landscape portrait abstract digital watercolour oil sketch photo urban nature"


def seed_scale(artworks):
    """`artworks` public works in all (the uploaded one included), a tenth as many members
    (FEWEST_MEMBERS at least)."""
    started = time.perf_counter()
    random.seed(artworks)
    fast_sqlite()
    with transaction.atomic():
        plan = Plan(artworks)
        plan.write()
    if connection.vendor == "postgresql":
        # The statistics autovacuum would have gathered on a site that grew to this size
        # (it may not have run yet on one written in minutes).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"SEEDED {artworks} artworks, {plan.members} members in {seconds:.1f} s", flush=True)


class Plan:
    """What to write, decided up front so counters match the rows (favourite counts)."""

    def __init__(self, artworks):
        from artworks.models import Artwork
        from members.models import User

        self.template = Artwork.objects.select_related("image").get(artist__username="bench0")
        self.prolific = self.template.artist_id
        self.follower = User.objects.get(username="bench1").pk
        self.new_works = artworks - 1 + AWAITING_REVIEW
        self.public_works = artworks - 1
        self.members = max(artworks // 10, FEWEST_MEMBERS)
        self.now = timezone.now()

    def write(self):
        from artworks.models import Artwork

        member_ids = self.write_members()
        self.first_image = self.write_images()
        self.first_work = next_id(Artwork)
        self.artists = self.choose_artists(member_ids)
        favourites = self.choose_favourites(member_ids)
        titles = self.write_artworks(favourites)
        self.count_listed_works()
        tags = self.write_tags()
        self.write_social(favourites)
        self.write_reports(member_ids)
        reset_sequences(*self.models())
        index_artworks(self, titles, tags)

    def models(self):
        from allauth.account.models import EmailAddress
        from taggit.models import Tag

        from wagtail.images.models import Image, Rendition

        from artworks.models import Artwork, TaggedArtwork
        from members.models import User
        from reports.models import Report
        from social.models import Favourite, Follow

        everything = [User, EmailAddress, Image, Rendition, Artwork, Tag, TaggedArtwork]
        return [*everything, Favourite, Follow, Report]

    def write_members(self):
        from allauth.account.models import EmailAddress

        from members.models import User
        from members.names import name_key

        first = next_id(User)
        ids = range(first, first + self.members - 2)
        password = User.objects.get(pk=self.prolific).password
        names = {pk: f"Artist {pk:07d}" for pk in ids}
        insert(
            User,
            ["id", "username", "email", "display_name", "name_key"],
            (
                (pk, f"bench{pk}", f"bench{pk}@example.com", names[pk], name_key(names[pk]))
                for pk in ids
            ),
            password=password,
            is_active=True,
        )
        insert(
            EmailAddress,
            ["user_id", "email"],
            ((pk, f"bench{pk}@example.com") for pk in ids),
            verified=True,
            primary=True,
        )
        return list(ids)

    def write_images(self):
        from wagtail.images.models import Image, Rendition

        from artworks.renditions import CARD_SPECS, SHARE_SPECS

        image = self.template.image
        first = next_id(Image)
        ids = range(first, first + self.new_works)
        insert(
            Image,
            ["id", "title", "file_hash"],
            ((pk, f"Work {pk}", f"{pk:040x}") for pk in ids),
            **{name: getattr(image, name) for name in ("file", "width", "height", "file_size")},
            collection_id=image.collection_id,
        )
        renditions = list(
            image.renditions.filter(filter_spec__in=CARD_SPECS + SHARE_SPECS).values_list(
                "filter_spec", "focal_point_key", "width", "height", "file"
            )
        )
        assert len(renditions) == len(CARD_SPECS + SHARE_SPECS), renditions  # noqa: S101
        insert(
            Rendition,
            ["image_id", "filter_spec", "focal_point_key", "width", "height", "file"],
            ((pk, *rendition) for pk in ids for rendition in renditions),
        )
        return first

    def choose_artists(self, member_ids):
        """bench0 gets every n-th work up to 5,000 (a quarter of a small site); the rest are
        spread at random over the members."""
        prolific = min(PROLIFIC_WORKS, (self.public_works + 1) // 4) - 1
        step = max(self.public_works // max(prolific, 1), 1)
        artists = [random.choice(member_ids) for _ in range(self.new_works)]
        for number in range(prolific):
            artists[number * step] = self.prolific
        return artists

    def choose_favourites(self, member_ids):
        """(member, work) pairs: bench1's ~500, and one for every 20 works from others."""
        public = range(self.first_work, self.first_work + self.public_works)
        chosen = random.sample(public, min(FAVOURITES, len(public)))
        pairs = {(self.follower, work) for work in chosen}
        for _ in range(self.public_works // 20):
            pairs.add((random.choice(member_ids), random.choice(public)))
        return sorted(pairs)

    def title(self, number):
        """One title in four has the common word, so that even the 100-work site fills a
        page with its matches (a page of 10 cards against 24 measured the page's length,
        not the search); exactly three titles have the rare one."""
        if number in (7, self.public_works // 2, self.public_works - 5):
            return f"A {RARE_WORD} at dusk {number}"
        adjective = ADJECTIVES[number % len(ADJECTIVES)]
        noun = NOUNS[(number // len(ADJECTIVES)) % len(NOUNS)]
        if number % 4 == 3:
            return f"{COMMON_WORD.capitalize()} over the {noun} {number}"
        return f"{adjective.capitalize()} {noun} {number}"

    def write_artworks(self, favourites):
        from artworks.models import Artwork
        from members.models import User

        # What Artwork.save would set: the gallery sorted by artist reads it.
        sort_names = {member.pk: Artwork.sort_name_of(member) for member in User.objects.all()}
        counts = {}
        for _member, work in favourites:
            counts[work] = counts.get(work, 0) + 1
        oldest = self.now - timedelta(minutes=self.new_works + 1)
        titles = {}
        rows = []
        for number in range(self.new_works):
            pk = self.first_work + number
            titles[pk] = self.title(number)
            status = "published" if number < self.public_works else "awaiting_review"
            created = db_time(oldest + timedelta(minutes=number))
            favourited = counts.get(pk, 0)
            artist = self.artists[number]
            rows.append(
                (pk, titles[pk], self.first_image + number, artist, status)
                + (created, created, favourited, favourited, sort_names[artist])
            )
        columns = ["id", "title", "image_id", "artist_id", "status", "created_at", "updated_at"]
        columns += ["favourite_count", "favourites_this_week", "artist_sort_name"]
        insert(Artwork, columns, rows, alt_text="A bench work", artist_active=True)
        return titles

    def count_listed_works(self):
        """What saving each work would have counted on its artist's row (rows inserted
        directly send no signal)."""
        from members.models import User, listed_works_counted

        User.objects.update(listed_work_count=listed_works_counted())

    def write_tags(self):
        """Two tags a work on average, drawn from a Zipf-like vocabulary: the first tag is on
        about one work in ten, most tags on a handful."""
        from taggit.models import Tag

        from artworks.models import TaggedArtwork

        names = COMMON_TAGS.split()
        names += [f"motif {number}" for number in range(max(self.new_works // 100, 100))]
        first = next_id(Tag)
        tag_ids = list(range(first, first + len(names)))
        insert(
            Tag,
            ["id", "name", "slug"],
            ((pk, name, name.replace(" ", "-")) for pk, name in zip(tag_ids, names, strict=True)),
        )
        weights = [1 / rank for rank in range(1, len(names) + 1)]
        counts = random.choices((1, 2, 3), (1, 2, 1), k=self.new_works)
        drawn = iter(random.choices(tag_ids, weights, k=sum(counts)))
        tags = {}
        for number, count in enumerate(counts):
            tags[self.first_work + number] = sorted({next(drawn) for _ in range(count)})
        insert(
            TaggedArtwork,
            ["content_object_id", "tag_id"],
            ((work, tag) for work, work_tags in tags.items() for tag in work_tags),
        )
        tag_names = dict(zip(tag_ids, names, strict=True))
        return {work: [tag_names[tag] for tag in work_tags] for work, work_tags in tags.items()}

    def write_social(self, favourites):
        from social.models import Favourite, Follow

        moment = db_time(self.now - timedelta(days=1))
        insert(Favourite, ["member_id", "artwork_id", "created_at"],
               ((member, work, moment) for member, work in favourites))  # fmt: skip
        with_works = sorted(set(self.artists) - {self.follower})
        followed = random.sample(with_works, min(FOLLOWED, len(with_works)))
        insert(Follow, ["follower_id", "artist_id", "created_at"],
               ((self.follower, artist, moment) for artist in followed))  # fmt: skip

    def write_reports(self, member_ids):
        from reports.models import Reason, Report

        public = range(self.first_work, self.first_work + self.public_works)
        reported = random.sample(public, min(REPORTS, len(public)))
        reasons = list(Reason.values)
        moment = db_time(self.now)
        insert(
            Report,
            ["artwork_id", "reporter_id", "reason", "message", "created_at"],
            (
                (work, random.choice(member_ids), random.choice(reasons), "Please look", moment)
                for work in reported
            ),
        )
