"""Playwright fixtures for the tests that drive Chromium through the live test server."""

import os
from pathlib import Path

import pytest

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
