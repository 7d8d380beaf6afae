"""`manage.py seed_demo`: demo content on demand, the same however often it runs."""

import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from artworks.management.commands import seed_demo
from artworks.models import Artwork

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo(monkeypatch):
    """Two artists with two small works each keep the test quick; the code path is the same."""
    artists = [dict(spec, titles=spec["titles"][:2]) for spec in seed_demo.ARTISTS[:2]]
    monkeypatch.setattr(seed_demo, "ARTISTS", artists)
    monkeypatch.setattr(seed_demo, "SIZES", [(240, 160), (160, 240)])
    return artists


def test_seed_demo_creates_admin_artists_and_artworks_and_prints_logins(client, small_demo):
    output = StringIO()
    call_command("seed_demo", stdout=output)
    printed = output.getvalue()
    assert "admin / changeme" in printed
    assert "ada" in printed and "bruno" in printed

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("changeme")
    assert Artwork.objects.public().count() == 4
    assert "Red Silence" in client.get("/gallery/").content.decode()
    assert client.login(username="admin", password="changeme")
    assert client.get("/admin/").status_code == 200


def test_seed_demo_is_idempotent(small_demo):
    call_command("seed_demo", stdout=StringIO())
    counts = (get_user_model().objects.count(), Artwork.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (get_user_model().objects.count(), Artwork.objects.count()) == counts


def test_seed_demo_refuses_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:///" + str(Path(tempfile.gettempdir()) / "unused.db"),
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "seed_demo"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "refuses to run in production" in result.stderr
