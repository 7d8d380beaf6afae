"""Fixtures shared by the review tests."""

import pytest

from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture
def moderator():
    user = UserFactory(username="mod", display_name="Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
