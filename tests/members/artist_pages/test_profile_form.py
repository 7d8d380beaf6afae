"""The profile form: location and links shown with rel=me, refusals beside the field, display names
people can trust, and saves that move nothing public needlessly."""

from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

from members.forms import ProfileForm
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.html import soup
from tests.members.artist_pages.helpers import artist_page, field_errors, save_profile
from tests.uploading import PROFILE_URL, profile_data

pytestmark = pytest.mark.django_db


# --- The form ------------------------------------------------------------------------------


def test_profile_form_has_plainly_labelled_fields(client, member):
    document = soup(client.get(PROFILE_URL))
    labels = [" ".join(label.stripped_strings) for label in document.select("form label")]
    for name in ("Display name", "Bio", "Location", "Link 1", "Link 2", "Link 3"):
        assert any(label.startswith(name) for label in labels), name
    assert any(label.startswith("Avatar artwork") for label in labels)
    assert any(label.startswith("Avatar image") for label in labels)
    assert document.select_one("main form")["enctype"] == "multipart/form-data"
    assert [legend.get_text() for legend in document.select("legend")] == [
        "Links",
        "Avatar",
        "Banner",
    ]


def test_profile_saves_location_and_links(client, member):
    response = save_profile(
        client,
        member,
        location="Lisbon",
        link_1="https://ada.example/portfolio",
        link_2="http://blog.example.org/",
        link_3="ada.example.net",  # taken as https://
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.location == "Lisbon"
    assert member.links == [
        "https://ada.example/portfolio",
        "http://blog.example.org/",
        "https://ada.example.net",
    ]
    assert "Your profile is saved." in client.get(PROFILE_URL).content.decode()


def test_profile_form_saved_without_commit_writes_nothing(member, visitor, settings):
    """A ModelForm's `commit=False`: the member comes back changed and unsaved; no image is
    stored, no row written, nothing on the artist page changes."""
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*"))
    form = ProfileForm(
        data=profile_data(member, location="Lisbon", link_1="https://ada.example/"),
        files={"avatar_image": uploaded_image(), "banner_image": uploaded_image(size=(900, 270))},
        instance=member,
    )
    assert form.is_valid(), form.errors

    unsaved = form.save(commit=False)

    assert unsaved.location == "Lisbon"
    page = artist_page(visitor).get_text()
    assert "Lisbon" not in page and "ada.example" not in page
    member.refresh_from_db()
    assert (member.location, member.avatar_image, member.banner_image) == ("", None, None)
    assert get_image_model().objects.filter(uploaded_by_user=member).count() == 1  # the work's
    assert sorted(media.rglob("*")) == files_before


def test_artist_page_shows_location_and_links_with_rel_me(client, member, visitor):
    save_profile(
        client,
        member,
        location="Lisbon",
        link_1="https://ada.example/portfolio",
        link_2="https://www.social.example/@ada",
    )

    document = artist_page(visitor)
    assert document.select_one(".artist-location").get_text(strip=True) == "Lisbon"
    links = document.select(".artist-links a")
    assert [(link["href"], link.get_text()) for link in links] == [
        ("https://ada.example/portfolio", "ada.example"),
        ("https://www.social.example/@ada", "www.social.example"),
    ]
    for link in links:
        # "me" verifies the profile, "noopener" guards the tab; links written by members are
        # user content to search engines ("ugc nofollow"), so they cannot buy rank here.
        assert link["rel"] == ["me", "ugc", "nofollow", "noopener"]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.com/ada",
        "mailto:ada@example.com",
    ],
)
def test_links_that_are_not_web_addresses_are_refused_next_to_the_field(client, member, link):
    response = save_profile(client, member, location="Lisbon", link_2=link)

    assert response.status_code == 200
    assert "Only web links can be shown" in field_errors(response, "link_2")
    assert field_errors(response, "link_1") == ""
    member.refresh_from_db()
    assert member.link_2 == "" and member.location == ""


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://", "Enter a complete web address"),
        ("https://exa mple.com", "Enter a complete web address"),
        ("http://[::1", "Enter a complete web address"),
        ("https://paypal.example@evil.example/", "Leave the user name and password out"),
        ("https://example.com/" + "a" * 300, "at most 300 characters"),
    ],
)
def test_malformed_links_get_a_clear_message(client, member, link, message):
    response = save_profile(client, member, link_1=link)

    assert response.status_code == 200
    assert message in field_errors(response, "link_1")


def test_more_than_three_links_cannot_be_saved(client, member, visitor):
    document = soup(client.get(PROFILE_URL))
    assert len(document.select('input[inputmode="url"]')) == 3

    save_profile(
        client,
        member,
        link_1="https://one.example",
        link_2="https://two.example",
        link_3="https://three.example",
        link_4="https://four.example",
    )

    hosts = [link.get_text() for link in artist_page(visitor).select(".artist-links a")]
    assert hosts == ["one.example", "two.example", "three.example"]


def test_bad_input_never_gives_a_server_error(client, member):
    response = client.post(
        PROFILE_URL,
        {
            "display_name": "x" * 500,
            "location": "y" * 500,
            "bio": "z",
            "link_1": "\x00",
            "avatar_artwork": "not-a-number",
            "avatar_image": SimpleUploadedFile("empty.jpg", b"", "image/jpeg"),
        },
    )

    assert response.status_code == 200
    for name in ("display_name", "location", "link_1", "avatar_artwork", "avatar_image"):
        assert field_errors(response, name), name


# --- Profile saves and the public cache ---------------------------------------------------------


def test_saving_an_unchanged_profile_moves_nothing_public(client, member, settings):
    from unittest import mock

    from core.public_cache import public_version

    create_artwork(member, title="Indexed once")
    before = public_version()
    with mock.patch("members.signal_handlers.insert_or_update_object_task") as index:
        assert save_profile(client, member).status_code == 302
    assert public_version() == before
    index.enqueue.assert_not_called()

    # A new bio is public: cached pages go stale, but the artworks' search entries (which
    # hold the artist's name, not the bio) are left alone.
    with mock.patch("members.signal_handlers.insert_or_update_object_task") as index:
        assert save_profile(client, member, bio="New words").status_code == 302
    assert public_version() != before
    index.enqueue.assert_not_called()


def test_profile_saves_are_rate_limited_and_lose_nothing(client, member, settings):
    settings.PROFILE_SAVE_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert save_profile(client, member, bio="Fine").status_code == 302
    response = save_profile(client, member, bio="Too often, but kept in the form")
    assert response.status_code == 429
    page = response.content.decode()
    assert "saved your profile many times" in page
    assert "Too often, but kept in the form" in page
    member.refresh_from_db()
    assert member.bio == "Fine"


# --- Display names people can trust -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Mira\u202eelaV",  # right-to-left override
        "Mira\u2066Vale",  # bidi isolate
        "Mira\u200bVale",  # zero-width space
        "Mira\x07Vale",  # a control character
    ],
)
def test_display_name_refuses_invisible_and_direction_characters(client, member, name):
    response = save_profile(client, member, display_name=name)
    assert response.status_code == 200
    assert "invisible or text-direction characters" in field_errors(response, "display_name")
    member.refresh_from_db()
    assert member.display_name != name


def test_display_name_allows_emoji_sequences(client, member):
    assert save_profile(client, member, display_name="Ana 👩\u200d🎨").status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Ana 👩\u200d🎨"


@pytest.mark.parametrize(
    "copy",
    [
        "Mira Vale",
        "mira vale",
        "MIRA  VALE",
        "Míra Vale",
        "\u041cira Vale",
        "M1ra Vale",
        "Ｍｉｒａ Vale",
    ],
)
def test_display_name_cannot_copy_another_members_name(client, member, copy):
    UserFactory(username="mira", display_name="Mira Vale")
    response = save_profile(client, member, display_name=copy)
    assert response.status_code == 200
    assert "Another member already goes by this name" in field_errors(response, "display_name")


def test_display_name_cannot_copy_another_members_username(client, member):
    UserFactory(username="famous", display_name="")
    response = save_profile(client, member, display_name="Famous")
    assert "Another member already goes by this name" in field_errors(response, "display_name")
    # Keeping one's own name is no copy.
    assert save_profile(client, member, display_name=member.display_name).status_code == 302


def test_moderator_cannot_rename_a_member_to_another_members_name(client):
    from django.contrib.auth.models import Group

    UserFactory(username="mira", display_name="Mira Vale")
    target = UserFactory(username="plain")
    moderator = UserFactory(username="mod")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    response = client.post(
        f"/admin/users/edit/{target.pk}/", {"is_active": "on", "display_name": "MIRA VALE"}
    )
    assert response.status_code == 200
    assert "Another member already goes by this name" in response.content.decode()
