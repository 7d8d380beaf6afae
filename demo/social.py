"""Between the demo artists: follows, favourites, collections, comments and so notifications,
each made through its app's own service as a member's click is."""

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from artworks.models import Artwork
from comments import services as comments
from comments.models import Comment
from commissions.forms import CommissionSettingsForm
from notifications import services as notifications
from social import collections, favourites, follows
from social.models import Collection, Favourite, Follow

from . import data


def create_social(artists):
    """Follows, favourites, collections, comments and an artist open for commissions, each
    through its app's service as a member's click goes, so the counters, caches and
    notifications follow as they do on the site. Only what is missing is added (a
    collection by its owner and name; an editor's or member's changes to it are kept).
    Returns how many things were added."""
    started = timezone.now()
    works = {
        (artwork.artist.username, artwork.title): artwork
        for artwork in Artwork.objects.filter(artist__in=artists.values()).select_related("artist")
    }
    added = (
        follow_artists(artists)
        + favourite_works(artists, works)
        + collect_works(artists, works)
        + comment_on_works(artists, works)
    )
    open_for_commissions(artists)
    if added and "ada" in artists:
        # Notifications are written by tasks queued once each write commits: this runs
        # after them.
        ada = artists["ada"]
        transaction.on_commit(lambda: leave_newest_unread(ada, started), robust=True)
    return added


def follow_artists(artists):
    existing = set(
        Follow.objects.filter(follower__in=artists.values()).values_list(
            "follower__username", "artist__username"
        )
    )
    wanted = [
        (follower, artist)
        for follower, artist in data.FOLLOWS
        if {follower, artist} <= artists.keys() and (follower, artist) not in existing
    ]
    for follower, artist in wanted:
        follows.follow(artists[follower], artists[artist])
    return len(wanted)


def favourite_works(artists, works):
    existing = set(
        Favourite.objects.filter(member__in=artists.values()).values_list(
            "member__username", "artwork_id"
        )
    )
    added = 0
    for work, members in data.FAVOURITES.items():
        artwork = works.get(work)
        for member in members:
            if artwork is None or member not in artists or (member, artwork.pk) in existing:
                continue
            favourites.favourite(artists[member], artwork)
            added += 1
    return added


def collect_works(artists, works):
    existing = set(
        Collection.objects.filter(owner__in=artists.values()).values_list("owner__username", "name")
    )
    added = 0
    for spec in data.COLLECTIONS:
        owner = artists.get(spec["owner"])
        if owner is None or (owner.username, spec["name"]) in existing:
            continue
        with transaction.atomic():
            collection = collections.create_collection(
                owner, spec["name"], spec["description"], is_public=True
            )
            for artist, title, note in spec["works"]:
                if (artist, title) in works:
                    collections.add_work(owner, collection, works[artist, title], note)
        added += 1
    return added


def comment_on_works(artists, works):
    """Each thread's comment, then its replies, skipping any already posted (found by
    author, work and text)."""
    posted = {
        (comment.author_id, comment.artwork_id, comment.body): comment
        for comment in Comment.objects.filter(author__in=artists.values())
    }
    added = 0

    def comment(username, artwork, body, parent=None):
        nonlocal added
        author = artists[username]
        found = posted.get((author.pk, artwork.pk, body))
        if found is not None:
            return found
        added += 1
        return comments.post(author, artwork, body, parent=parent)

    for work, username, body, replies in data.COMMENTS:
        artwork = works.get(work)
        if artwork is None:
            continue
        thread = comment(username, artwork, body)
        for reply_author, reply in replies:
            comment(reply_author, artwork, reply, parent=thread)
    return added


def open_for_commissions(artists):
    """Through the artist's own settings form. An artist who has ever written a text (and
    perhaps closed since) is left alone."""
    username, text = data.OPEN_FOR_COMMISSIONS
    artist = artists.get(username)
    if artist is None or artist.open_for_commissions or artist.commission_text:
        return
    form = CommissionSettingsForm(
        {"open_for_commissions": True, "commission_text": text}, instance=artist
    )
    if not form.is_valid():
        raise CommandError(f"Demo commission settings were refused: {form.errors.as_text()}")
    form.save()


def leave_newest_unread(member, since):
    """The demo's notifications for `member`, all but the newest few marked read, so the
    bell shows a couple and the list has some history."""
    made_now = notifications.unread(member).filter(created_at__gte=since)
    for notification in made_now.order_by("-created_at", "-pk")[data.UNREAD_FOR_ADA :]:
        notifications.mark_read(notification)
