"""Favourites' model, service and counters, the recount command, and favourites in a member's
account data."""

from datetime import timedelta

import pytest

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from artworks.models import Artwork
from social import account_data, favourites
from social.models import Favourite
from social.signals import favourite_added
from tests.factories import UserFactory, create_artwork
from tests.social.favourites.helpers import counts

pytestmark = pytest.mark.django_db


# --- The model and the service -----------------------------------------------------------------


def test_a_member_favourites_a_work_once(member, artwork):
    Favourite.objects.create(member=member, artwork=artwork)
    with pytest.raises(IntegrityError), transaction.atomic():
        Favourite.objects.create(member=member, artwork=artwork)


def test_favouriting_moves_both_counters_and_twice_is_once(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(member, artwork)
    assert Favourite.objects.count() == 1
    assert counts(artwork) == (1, 1)
    favourites.favourite(UserFactory(), artwork)
    assert counts(artwork) == (2, 2)


def test_unfavouriting_moves_the_counters_back_and_twice_is_once(member, artwork):
    favourites.favourite(member, artwork)
    favourites.unfavourite(member, artwork)
    favourites.unfavourite(member, artwork)
    assert not Favourite.objects.exists()
    assert counts(artwork) == (0, 0)


def test_unfavouriting_an_old_favourite_leaves_the_weekly_figure(member, artwork):
    favourites.favourite(member, artwork)
    Favourite.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("refresh_favourite_counts")
    assert counts(artwork) == (1, 0)
    favourites.unfavourite(member, artwork)
    assert counts(artwork) == (0, 0)


def test_only_public_work_can_be_favourited(member, ada):
    hidden = create_artwork(ada, title="Hidden", status=Artwork.Status.HIDDEN)
    awaiting = create_artwork(ada, title="Awaiting", status=Artwork.Status.AWAITING_REVIEW)
    for work in (hidden, awaiting):
        with pytest.raises(favourites.FavouriteRefused):
            favourites.favourite(member, work)
    suspended = create_artwork(UserFactory(is_active=False), title="Suspended")
    with pytest.raises(favourites.FavouriteRefused):
        favourites.favourite(member, suspended)
    assert not Favourite.objects.exists()


def test_a_member_may_favourite_their_own_work(ada, artwork):
    favourites.favourite(ada, artwork)
    assert counts(artwork) == (1, 1)


def test_the_signal_is_sent_once_for_a_new_favourite(member, artwork):
    received = []

    def receiver(sender, member, artwork, favourite, **kwargs):
        received.append((member, artwork, favourite))

    favourite_added.connect(receiver)
    try:
        favourites.favourite(member, artwork)
        favourites.favourite(member, artwork)
        favourites.unfavourite(member, artwork)
    finally:
        favourite_added.disconnect(receiver)
    assert len(received) == 1
    assert received[0][0] == member and received[0][1] == artwork


def test_a_deleted_member_leaves_the_counters(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(UserFactory(), artwork)
    member.delete()
    assert Favourite.objects.count() == 1
    assert counts(artwork) == (1, 1)


def test_a_deleted_work_takes_its_favourites(member, artwork):
    favourites.favourite(member, artwork)
    artwork.delete()
    assert not Favourite.objects.exists()


# --- The recount command -----------------------------------------------------------------------


def test_the_hourly_recount_lets_favourites_leave_the_week(member, artwork):
    favourites.favourite(member, artwork)
    favourites.favourite(UserFactory(), artwork)
    Favourite.objects.filter(member=member).update(created_at=timezone.now() - timedelta(days=8))
    call_command("refresh_favourite_counts")
    assert counts(artwork) == (2, 1)


def test_the_full_recount_repairs_both_figures(member, artwork):
    favourites.favourite(member, artwork)
    Artwork.objects.filter(pk=artwork.pk).update(favourite_count=40, favourites_this_week=0)
    call_command("refresh_favourite_counts", "--all")
    assert counts(artwork) == (1, 1)


# --- Account data ------------------------------------------------------------------------------


def test_account_export_lists_follows_and_favourites(member, ada, artwork):
    from social.models import Follow

    Follow.objects.create(follower=member, artist=ada)
    favourites.favourite(member, artwork)
    exported = account_data.export(member)
    assert [follow["artist"] for follow in exported["follows"]] == ["ada"]
    assert exported["favourites"][0]["title"] == "Engine"
    assert exported["favourites"][0]["url"] == artwork.get_absolute_url()
    assert account_data.files(member) == []


def test_account_erasure_takes_favourites_off_the_counters(member, artwork):
    favourites.favourite(member, artwork)
    account_data.erase(member)
    assert not Favourite.objects.exists()
    assert counts(artwork) == (0, 0)
