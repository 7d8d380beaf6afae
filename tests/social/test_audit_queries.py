"""The listings the social features added that had no query-count test of their own: the
member's commissions, collections and favourites pages and the admin's comment, commission
and report listings cost the same with 5 rows and with 200."""

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from artworks.models import Artwork
from comments.models import Comment
from commissions.models import CommissionBlock, CommissionRequest
from reports.models import Report
from social.models import Collection, CollectionItem, Favourite
from tests.factories import UserFactory, create_artwork
from tests.queries import queries_of

pytestmark = pytest.mark.django_db


def members(count):
    return get_user_model().objects.bulk_create(UserFactory.build() for _ in range(count))


def fill(ada, template, count):
    """`count` of everything, from `count` other members, about Ada and her work."""
    others = members(count)
    works = Artwork.objects.bulk_create(
        Artwork(title=f"Bulk {m.pk}", image_id=template.image_id, artist=m, alt_text="A work")
        for m in others
    )
    CommissionRequest.objects.bulk_create(
        CommissionRequest(artist=ada, sender=m, subject=f"Ask {m.pk}", message="Please")
        for m in others
    )
    CommissionRequest.objects.bulk_create(
        CommissionRequest(artist=m, sender=ada, subject=f"Sent {m.pk}", message="Please")
        for m in others
    )
    CommissionBlock.objects.bulk_create(
        CommissionBlock(artist=ada, blocked_member=m) for m in others[: count // 2]
    )
    collections = Collection.objects.bulk_create(
        Collection(owner=ada, name=f"Set {n}", slug=f"set-{n}", is_public=True)
        for n in range(min(count, 50))
    )
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collections[n % len(collections)], artwork=work)
        for n, work in enumerate(works)
    )
    Favourite.objects.bulk_create(Favourite(member=ada, artwork=work) for work in works)
    comments = Comment.objects.bulk_create(
        Comment(artwork=template, author=m, body=f"Said {m.pk}") for m in others
    )
    Report.objects.bulk_create(
        Report(comment=comment, reporter=m, reason="spam")
        for comment, m in zip(comments, others, strict=True)
    )


@pytest.mark.parametrize(
    "url, who",
    [
        ("/my/commissions/", "ada"),
        ("/my/collections/", "ada"),
        ("/my/favourites/", "ada"),
        ("/admin/snippets/comments/comment/", "admin"),
        ("/admin/snippets/commissions/commissionrequest/", "admin"),
        ("/admin/snippets/reports/report/", "admin"),
    ],
)
def test_the_listing_costs_the_same_for_5_and_200_rows(url, who, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ada = UserFactory(username="ada")
    template = create_artwork(UserFactory(username="tpl"), title="Template")
    client = Client()
    client.force_login(
        ada if who == "ada" else UserFactory(username="boss", is_staff=True, is_superuser=True)
    )
    fill(ada, template, 5)
    small = queries_of(client, url)
    fill(ada, template, 195)
    assert queries_of(client, url) == small
