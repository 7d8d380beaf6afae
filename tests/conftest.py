import os
import shutil
from pathlib import Path

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
    from .factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def moderator(client):
    """A member of the Moderators group who is not a superuser, logged in on the test client."""
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    user = UserFactory(username="mod")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    return user


# --- Browser tests -------------------------------------------------------------------------
# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# database calls from that thread, though they are plain synchronous test set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Flags for a closed network: no background connections, no component updates.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launch_options = {"headless": True, "args": CHROMIUM_ARGS}
        if SYSTEM_CHROMIUM.exists():
            launch_options["executable_path"] = str(SYSTEM_CHROMIUM)
            launch_options["chromium_sandbox"] = False
        browser = playwright.chromium.launch(**launch_options)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live test server; requests to any other host fail."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """`phone()` opens another person's phone: a tab with its own cookies, a 390 × 844 screen
    and no other host; `phone(javascript=False)` one with scripts off. All close at the end."""
    contexts = []

    def open_tab(javascript=True):
        context = browser.new_context(
            base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript
        )
        context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(page, tmp_path):
    """Saves a full-page screenshot in pytest's tmp dir and returns its path."""

    def take(name):
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


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
