"""Every public and member page is valid HTML to the Nu HTML checker (vnu.jar, pinned in
package.json and run from node_modules: no network). The pages are rendered once each and the
checker runs once over all of them, since starting Java is most of its cost."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from django.conf import settings

from tests.factories import PASSWORD
from tests.page_tour import ARTWORKS_PER_PAGE, build_tour

JAVA = shutil.which("java")
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not JAVA, reason="the Nu HTML checker needs Java"),
    pytest.mark.skipif(not VNU_JAR.exists(), reason="vnu-jar is not installed (npm ci)"),
]


def render(client, tour_page):
    if tour_page.submit_empty:
        response = client.post(tour_page.url, {})
    else:
        response = client.get(tour_page.url, follow=True)
    expected = 404 if tour_page.name == "not found" else 200
    assert response.status_code == expected, f"{tour_page.name}: {response.status_code}"
    return response.content


def test_every_page_is_valid_html(client, settings, tmp_path):
    settings.ARTWORKS_PER_PAGE = ARTWORKS_PER_PAGE
    tour = build_tour()
    files = {}
    for number, tour_page in enumerate(tour.pages):
        if tour_page.member and not client.session.get("_auth_user_id"):
            assert client.login(username=tour.artist.username, password=PASSWORD)
        path = tmp_path / f"{number:02d}.html"
        path.write_bytes(render(client, tour_page))
        files[path.name] = tour_page

    completed = subprocess.run(  # noqa: S603 - the pinned checker over our own files
        [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    def page_of(message):
        return files[message.get("url", "").rsplit("/", 1)[-1]]

    messages = json.loads(completed.stderr)["messages"]
    errors = [
        f"{page_of(message).name} ({page_of(message).url}) line {message.get('lastLine')}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for message in messages
        if message["type"] == "error"
        or message.get("subType") == "fatal"
        or message["type"] == "non-document-error"
    ]
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
