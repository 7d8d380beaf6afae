"""Helpers shared by the comment tests."""

from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def comment_url(artwork):
    return f"/artworks/{artwork.pk}/comments/"


def post_comment(client, artwork, body="What a lovely engine.", **data):
    return client.post(comment_url(artwork), {"body": body, **data})


def page_of(artwork, client=None):
    return (client or Client()).get(artwork.get_absolute_url()).content.decode()


def moderator():
    user = UserFactory(display_name="Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
