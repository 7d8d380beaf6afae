import os
import shutil

import pytest

from django.conf import settings
from django.core.cache import cache

# The multi-node leg (tests/multinode) starts a whole deployment: CI runs it on its own
# (`make test-multinode`), not with the rest of the suite.
collect_ignore_glob = [] if os.environ.get("MULTINODE") else ["multinode/*"]


@pytest.fixture(autouse=True)
def fresh_cache():
    from core.page_urls import CachedUrlMixin

    cache.clear()
    CachedUrlMixin._remembered.clear()
    yield
    cache.clear()
    CachedUrlMixin._remembered.clear()


@pytest.fixture(autouse=True)
def empty_media():
    """Each test starts with an empty media folder, so a test can count the files it made."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    yield


@pytest.fixture
def media_files():
    """The files under MEDIA_ROOT, as paths relative to it."""

    def list_files():
        return sorted(
            str(path.relative_to(settings.MEDIA_ROOT))
            for path in settings.MEDIA_ROOT.rglob("*")
            if path.is_file()
        )

    return list_files


@pytest.fixture
def member(client):
    """A member with a confirmed email, logged in on the test client (a module that needs a
    particular member defines its own)."""
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def moderator(client):
    """A member of the Moderators group who is not a superuser, logged in on the test client."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="mod")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return user


# --- Transactional tests ------------------------------------------------------------------
@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Browser tests restore the migrated data (page tree, groups, collections) with
    serialized_rollback. Django keeps that snapshot on the connection object, and Playwright's
    event loop gives the test thread a fresh connection object, so keep it on the class."""
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents


@pytest.fixture
def decoded_sizes(monkeypatch):
    """The sizes of every image Pillow decodes (ImageFile.load) during the test: a refusal
    that must cost no decode leaves it empty."""
    from PIL import ImageFile

    sizes = []
    real_load = ImageFile.ImageFile.load

    def recording_load(self):
        sizes.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    return sizes
