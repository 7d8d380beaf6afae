"""The files in deploy/ stay true to the code: every scheduled job names a command that exists,
every unit reads the example environment file's variables, and nginx publishes renditions only."""

import configparser
import re
import shlex
import subprocess
import sys

import pytest

from django.conf import settings
from django.core.management import get_commands

from tests import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def unit(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path)
    return parser


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_every_unit_runs_an_existing_command_with_the_environment_file(path):
    service = unit(path)["Service"]
    assert service["EnvironmentFile"] == "/etc/artist-collective/env"
    words = shlex.split(service["ExecStart"])
    if "manage.py" in words:
        command = words[words.index("manage.py") + 1]
        assert command in get_commands(), f"{path.name}: no manage.py {command}"
    else:
        assert words[0].endswith("/gunicorn") and "config.wsgi" in words


def test_every_scheduled_job_has_a_timer_and_the_worker_restarts():
    jobs = [path for path in UNITS if unit(path)["Service"].get("Type") == "oneshot"]
    assert {path.stem.removeprefix("artist-collective-") for path in jobs} == {
        "publish-scheduled",
        "requeue-renditions",
        "prune-tasks",
        "clear-sessions",
        "cleanup-media",
        "refresh-favourite-counts",
        "delete-expired-exports",
        "erase-deleted-accounts",
        "send-notification-digests",
        "prune-notifications",
    }
    for path in jobs:
        timer = unit(path.with_suffix(".timer"))
        assert timer["Timer"]["OnCalendar"]
    assert (
        unit(DEPLOY / "systemd" / "artist-collective-worker.service")["Service"]["Restart"]
        == "always"
    )


def test_waiting_uploads_leave_half_the_web_threads():
    # Uploads waiting their turn hold a thread each (artworks.admission): at most
    # UPLOAD_WAITING_PER_PROCESS of them, so visitors keep at least as many.
    words = shlex.split(
        unit(DEPLOY / "systemd" / "artist-collective-web.service")["Service"]["ExecStart"]
    )
    threads = int(words[words.index("--threads") + 1])
    assert threads >= 2 * settings.UPLOAD_WAITING_PER_PROCESS


def test_the_example_environment_names_production_settings():
    names = {
        line.split("=", 1)[0]
        for line in (DEPLOY / "artist-collective.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"} <= names


def test_nginx_allows_the_upload_limit_and_publishes_renditions_only():
    conf = (DEPLOY / "nginx" / "artist-collective.conf").read_text()
    body_limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert body_limit * 1024 * 1024 > settings.ARTWORK_MAX_UPLOAD_SIZE
    renditions = conf[conf.index("location /media/images/") :]
    renditions = renditions[: renditions.index("}")]
    assert 'X-Robots-Tag "noai, noimageai"' in renditions and "nosniff" in renditions
    media = conf[conf.index("location /media/ {") :]
    assert media[: media.index("}")].strip().endswith("return 404;")


def test_several_machines_with_media_on_local_disk_get_a_warning(settings):
    from django.core.checks import run_checks

    settings.MULTI_NODE = True
    warnings = [check.id for check in run_checks(include_deployment_checks=True)]
    assert "core.W001" in warnings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "b"}},
    }
    warnings = [check.id for check in run_checks(include_deployment_checks=True)]
    assert "core.W001" not in warnings


@pytest.mark.django_db
def test_set_site_url_gives_the_sitemap_and_feeds_the_public_address(client, settings):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import create_artwork
    from tests.sitemaps import whole_sitemap

    settings.SITE_URL = "https://art.example.org"
    settings.ALLOWED_HOSTS = ["art.example.org", "testserver"]
    output = StringIO()
    call_command("set_site_url", stdout=output)
    assert "https://art.example.org" in output.getvalue()
    create_artwork(title="Addressed")

    sitemap = whole_sitemap(client, HTTP_HOST="art.example.org")
    assert "https://art.example.org/gallery/" in sitemap
    assert "localhost" not in sitemap and "127.0.0.1" not in sitemap


@pytest.mark.django_db
def test_set_site_url_refuses_what_is_not_an_origin():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not an origin"):
        call_command("set_site_url", url="art.example.org")


@pytest.mark.django_db
def test_a_gallery_renamed_on_another_machine_is_followed_at_the_next_request(client, settings):
    """This process remembers the gallery's URL; another machine renames the page. What this
    machine shares with it is the cache (the public version and the URL entries) and the
    database, and its next page must link to the new address."""
    from artworks.models import GalleryPage
    from core.public_cache import public_version
    from tests.factories import create_artwork

    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    artwork = create_artwork(title="Followed")
    assert f'href="/gallery/{artwork.pk}/followed/"' in client.get("/").content.decode()
    remembered_here = dict(GalleryPage._remembered)

    gallery = GalleryPage.objects.get()
    gallery.slug = "works"
    gallery.save_revision().publish()  # on the other machine…
    GalleryPage._remembered.update(remembered_here)  # …so this process still remembers
    assert GalleryPage._remembered[GalleryPage][1] != public_version()

    home = client.get("/").content.decode()
    assert f'href="/works/{artwork.pk}/followed/"' in home
    assert f'href="/gallery/{artwork.pk}/' not in home


@pytest.mark.django_db
def test_cached_pages_are_kept_per_release(client, settings):
    """During a deploy, a node with new static files never serves a page cached by a node
    with the old ones (their HTML names files the other node lacks)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    settings.RELEASE = "old"
    assert client.get("/gallery/")["X-Page-Cache"] == "miss"
    assert client.get("/gallery/")["X-Page-Cache"] == "hit"
    settings.RELEASE = "new"
    assert client.get("/gallery/")["X-Page-Cache"] == "miss"


def test_a_release_is_named_by_its_static_files(tmp_path):
    from config.settings.base import manifest_release

    assert manifest_release(tmp_path) == "uncollected"
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.1.css"}}')
    first = manifest_release(tmp_path)
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.2.css"}}')
    assert manifest_release(tmp_path) not in (first, "uncollected")


def test_the_web_process_hands_the_gil_on_every_millisecond():
    """config.wsgi, which gunicorn loads, and not the task worker (config/wsgi.py says why)."""
    script = "import sys, config.wsgi; print(sys.getswitchinterval())"
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    web = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, env=environment, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert float(web.stdout.split()[-1]) == 0.001
