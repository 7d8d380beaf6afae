"""Pages for members stay within a fifth more queries than before the social features."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from artworks.models import Artwork
from tests.factories import (
    UserFactory,
    add_artworks,
    create_artwork,
    uploaded_image,
)
from tests.site.performance.helpers import MEMBER_QUERY_LIMITS

pytestmark = pytest.mark.django_db


# --- Pages for members -------------------------------------------------------------------------


def test_member_pages_stay_within_a_fifth_more_queries_than_before_the_social_features(
    client, settings
):
    """A member who follows, favourites, collects, comments and has unread notifications,
    with 5 and then 500 of everything: their pages cost the same, within the budget."""
    from comments import services as comments
    from notifications.models import Notification
    from social import collections, favourites, follows

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada = UserFactory(username="ada", open_for_commissions=True, commission_text="Yes.")
    member = UserFactory(username="grace")
    template = create_artwork(ada, title="Template", tags="ink, blue", image=uploaded_image())
    urls = {
        "home": "/",
        "gallery": "/gallery/",
        "artist": "/artists/ada/",
        "artwork": template.get_absolute_url(),
    }
    collection = collections.create_collection(member, "Blue", is_public=True)

    def add_everything(count):
        add_artworks(count, [ada], template)
        artists = [UserFactory() for _ in range(min(count, 20))]
        for artist in artists:
            follows.follow(member, artist)
        follows.follow(member, ada)
        new_works = Artwork.objects.exclude(favourites__member=member)[:count]
        for artwork in new_works:
            favourites.favourite(member, artwork)
        for artwork in new_works[:10]:
            collections.add_work(member, collection, artwork)
        for number in range(count):
            comments.post(artists[number % len(artists)], template, f"Comment {number}")
        Notification.objects.bulk_create(
            Notification(recipient=member, kind=Notification.Kind.NEW_WORK, artwork=template)
            for _ in range(count)
        )

    def measure():
        counts = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    client.force_login(member)
    add_everything(5)
    with_5 = measure()
    add_everything(495)
    with_500 = measure()

    assert with_5 == with_500
    for name, limit in MEMBER_QUERY_LIMITS.items():
        assert with_500[name] <= limit, (name, with_500[name], limit)
