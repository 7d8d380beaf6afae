"""The base template's navigation and error pages, labelled inputs, and caching headers."""

import pytest

from tests.factories import UserFactory
from tests.html import soup

pytestmark = pytest.mark.django_db


# --- The base template ---------------------------------------------------------------------


def nav_texts(response):
    nav = soup(response).find("nav", attrs={"aria-label": "Main"})
    return {item.get_text(" ", strip=True) for item in nav.find_all(["a", "button"])}


def test_nav_for_visitors_offers_gallery_artists_log_in_and_sign_up(client):
    texts = nav_texts(client.get("/"))

    assert {"Gallery", "Artists", "Log in", "Sign up"} <= texts
    assert not {"Upload", "My artworks", "Log out"} & texts


def test_nav_for_members_offers_upload_my_artworks_and_log_out(client):
    client.force_login(UserFactory())

    response = client.get("/")

    texts = nav_texts(response)
    assert {"Gallery", "Artists", "Upload", "My artworks", "Log out"} <= texts
    assert not {"Log in", "Sign up"} & texts
    logout_form = soup(response).find("nav").find("form")
    assert logout_form["method"].lower() == "post"
    assert logout_form["action"] == "/accounts/logout/"
    assert logout_form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_unknown_url_gets_the_styled_404_page(client):
    response = client.get("/no-such-page-here/")

    assert response.status_code == 404
    document = soup(response)
    assert document.find("h1").get_text(strip=True) == "Page not found"
    assert document.find("link", rel="stylesheet") is not None
    assert document.find("nav", attrs={"aria-label": "Main"}) is not None


def test_unknown_artwork_under_the_gallery_gets_the_styled_404_page(client):
    response = client.get("/gallery/999999/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_page_loads_nothing_from_another_host(client):
    document = soup(client.get("/"))

    # Links that load something (stylesheets, icons); a canonical or feed link loads nothing.
    references = [
        tag.get("href")
        for tag in document.find_all("link")
        if not {"canonical", "alternate"} & set(tag.get("rel", []))
    ]
    references += [tag.get("src") for tag in document.find_all(["script", "img"])]
    references = [ref for ref in references if ref]
    assert references, "expected the page to load at least its stylesheets"
    for ref in references:
        assert not ref.startswith(("http://", "https://", "//")), ref


# --- Every visible input has a label -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "needs_login"),
    [
        ("/accounts/signup/", False),
        ("/accounts/login/", False),
        ("/accounts/password/reset/", False),
        ("/my/profile/", True),
        ("/accounts/password/change/", True),
        ("/accounts/email/", True),
    ],
)
def test_every_visible_input_has_a_matching_label(client, url, needs_login):
    if needs_login:
        client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 200
    document = soup(response)
    label_targets = {label.get("for") for label in document.find_all("label") if label.get("for")}
    fields = [
        field
        for field in document.find_all(["input", "select", "textarea"])
        if field.get("type", "").lower() not in {"hidden", "submit", "button", "reset", "image"}
    ]
    assert fields, f"no form fields found on {url}"
    for field in fields:
        field_id = field.get("id")
        assert field_id, f"{field} has no id"
        assert field_id in label_targets, f"no <label for={field_id!r}> on {url}"
        label = document.find("label", attrs={"for": field_id})
        assert label.get_text(strip=True), f"the label of {field_id!r} is empty"


# --- Caching headers -------------------------------------------------------------------------


def test_logged_in_pages_are_private_and_cached_anonymous_pages_vary_on_cookie(client, settings):
    from tests.factories import UserFactory

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    first = client.get("/gallery/")
    again = client.get("/gallery/")
    assert first["X-Page-Cache"] == "miss" and again["X-Page-Cache"] == "hit"
    for response in (first, again):
        assert "Cookie" in response["Vary"]
        assert "private" not in response.get("Cache-Control", "")

    client.force_login(UserFactory())
    for url in ("/", "/gallery/", "/artists/", "/my/artworks/", "/my/profile/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url


def test_the_admin_never_asks_another_host_for_wagtail_releases(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    dashboard = client.get("/admin/").content.decode()
    assert dashboard.count("<") > 100  # the dashboard itself, not a redirect
    # Wagtail's upgrade check (a script asking releases.wagtail.org) is not on the page.
    assert 'data-controller="w-upgrade' not in dashboard
