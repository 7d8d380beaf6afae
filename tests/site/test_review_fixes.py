"""Rules added after review: search stays current, filters survive paging, tags are sane,
moderators stay within their remit, addresses are read safely behind a proxy."""

import html
import re

import pytest

from django.contrib.auth.models import Group
from django.test import RequestFactory

from artworks.models import Artwork
from members.client_ip import client_ip
from tests.factories import UserFactory, create_artwork, uploaded_image

pytestmark = pytest.mark.django_db


def gallery_titles(client, **params):
    page = client.get("/gallery/", params).content.decode()
    return [
        artwork.title for artwork in Artwork.objects.all() if f">{artwork.title}</a></h3>" in page
    ]


def test_editor_tag_change_in_the_admin_is_searchable(client):
    artwork = create_artwork(title="Retagged", tags="old")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/",
        {
            "title": "Retagged",
            "alt_text": artwork.alt_text,
            "description": "",
            "tags": "newtag",
            "status": "published",
            "moderation_note": "",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert gallery_titles(client, q="newtag") == ["Retagged"]


def test_member_rename_is_searchable(client):
    member = UserFactory(display_name="Old Name")
    create_artwork(member, title="Signed work")
    client.force_login(member)
    client.post("/my/profile/", {"display_name": "Zebedee Quill", "bio": ""})
    client.logout()
    assert gallery_titles(client, q="Zebedee") == ["Signed work"]


def test_pagination_links_keep_the_tag_and_search(client, settings):
    settings.ARTWORKS_PER_PAGE = 2
    artist = UserFactory()
    for number in range(3):
        create_artwork(
            artist, title=f"Blue {number}", tags="blue", image=uploaded_image(size=(40, 30))
        )
    create_artwork(artist, title="Red", tags="red", image=uploaded_image(size=(40, 30)))
    page = client.get("/gallery/", {"tag": "blue", "q": "Blue"}).content.decode()
    # Next keeps the tag and the search, and names the last work shown (a cursor).
    following = re.search(r'href="(\?tag=blue&amp;q=Blue&amp;page=2&amp;after=\d+)"', page)
    assert following
    second = client.get("/gallery/" + html.unescape(following.group(1))).content.decode()
    assert "Blue 0" in second and "Red" not in second
    by_number = client.get("/gallery/", {"tag": "blue", "q": "Blue", "page": 2}).content.decode()
    assert "Blue 0" in by_number and "Red" not in by_number


@pytest.mark.parametrize("value", ["\x00", "%00", "a\x00b", "!!!", "x" * 500])
def test_odd_tag_and_search_values_get_a_normal_page(client, value):
    create_artwork(title="Anything")
    assert client.get("/gallery/", {"tag": value}).status_code == 200
    assert client.get("/gallery/", {"q": value}).status_code == 200


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("x" * 51, "Keep each tag under 50 characters"),
        ("!!!", "is not a usable tag"),
        (", ".join(f"t{n}" for n in range(16)), "Use at most 15 tags"),
    ],
)
def test_unusable_tags_are_refused_next_to_the_field(client, tags, message):
    client.force_login(UserFactory())
    response = client.post(
        "/my/artworks/upload/",
        {"title": "T", "alt_text": "A", "tags": tags, "image": uploaded_image()},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Artwork.objects.exists()


def test_tags_differing_only_in_case_are_one_tag(client):
    create_artwork(title="One", tags="Ink")
    create_artwork(title="Two", tags="ink")
    assert sorted(gallery_titles(client, tag="ink")) == ["One", "Two"]


def test_moderator_cannot_edit_another_moderator(client):
    moderators = Group.objects.get(name="Moderators")
    me, colleague = UserFactory(), UserFactory()
    me.groups.add(moderators)
    colleague.groups.add(moderators)
    client.force_login(me)
    response = client.get(f"/admin/users/edit/{colleague.pk}/")
    assert response.status_code in (302, 403)


def test_signup_refuses_a_non_ascii_username(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "émile",
            "email": "emile@example.com",
            "password1": "a-Long-and-Unusual-passphrase-42",
            "password2": "a-Long-and-Unusual-passphrase-42",
        },
    )
    assert response.status_code == 200
    assert "Use only the letters A–Z" in response.content.decode()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the proxy appended the real address
        (1, "", "10.0.0.1"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    ],
)
def test_client_address_ignores_what_the_client_forged(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
