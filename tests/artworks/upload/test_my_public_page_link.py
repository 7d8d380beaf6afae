"""My artworks links to the member's public page only once it exists: an artist's page is
shown for a member with a listed work, and is a 404 before that."""

import pytest

from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork
from tests.html import links, select_one

pytestmark = pytest.mark.django_db


def test_a_member_with_no_published_work_is_told_when_their_page_appears(client):
    member = UserFactory()
    create_artwork(member, title="Still drying", status=Artwork.Status.AWAITING_REVIEW)
    client.force_login(member)

    page = client.get("/my/artworks/")

    assert member.get_absolute_url() not in links(page)
    assert "Your public page appears once one of your works is published." in page.content.decode()
    assert client.get(member.get_absolute_url()).status_code == 404


def test_a_member_with_a_published_work_is_linked_to_their_page(client):
    member = UserFactory()
    create_artwork(member, title="Low Tide")
    client.force_login(member)

    page = client.get("/my/artworks/")

    link = select_one(page, f'a[href="{member.get_absolute_url()}"]')
    assert link.get_text() == "See my public page"
    assert client.get(link["href"]).status_code == 200
