"""Shared pieces of the benchmark scripts: a production-settings server in a scratch folder."""

import contextlib
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def print_row(figure, goal, measured, ratio=None, passed=None):
    """A figure as a bench module run on its own prints it (bench/speed.py keeps a table)."""
    verdict = "" if passed is None else ("pass" if passed else "SHORT")
    shown = "" if ratio is None else f" = {ratio:.2f}"
    print(f"  {figure}: {measured}{shown} (goal {goal}) {verdict}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A scratch copy of the site under production settings: its own database and media."""

    def __init__(self, database="sqlite", workers=4, threads=1, task_workers=1):
        self.folder = Path(tempfile.mkdtemp(prefix="ac-bench-"))
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.task_workers = task_workers
        self.database = database
        self.pg_name = None
        if database == "postgres":
            # Unique per site: a bench may run two at once (bench/scale.py).
            self.pg_name = f"ac_bench_{os.getpid()}_{secrets.token_hex(3)}"
            self.psql(f"CREATE DATABASE {self.pg_name}")
            database_url = f"postgres://postgres@127.0.0.1:5432/{self.pg_name}"
        else:
            database_url = f"sqlite:///{self.folder / 'db.sqlite3'}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "false",
            "MEDIA_ROOT": str(self.folder / "media"),
        }
        self.server = None
        self.task_processes = []

    def thread_options(self):
        """Threaded workers (gthread) when asked for, as the README deploys the site."""
        if self.threads <= 1:
            return []
        return ["--worker-class", "gthread", "--threads", str(self.threads)]

    @staticmethod
    def psql(statement):
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute(statement)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args, check=True):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )

    def prepare(self, members=10, artworks=48):
        # Signing keys, as production has them: renditions carry Content Credentials.
        keys = self.folder / "c2pa"
        self.manage("c2pa_make_dev_ca", "--dir", str(keys))
        self.env["C2PA_CERT_CHAIN"] = str(keys / "chain.pem")
        self.env["C2PA_PRIVATE_KEY"] = str(keys / "signer.key")
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput")
        self.seed(members=members, artworks=artworks)

    def seed(self, **options):
        arguments = ", ".join(f"{name}={value!r}" for name, value in options.items())
        self.manage("shell", "-c", f"from bench.common import seed; seed({arguments})")

    def shell(self, script, **extra_env):
        """Run Python in the site's Django (its settings and database); returns stdout."""
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env={**self.env, **extra_env},
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def start(self, with_worker=True):
        self.server = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                # Threaded workers (gthread) when asked for, as the README deploys the site.
                *(
                    ["--worker-class", "gthread", "--threads", str(self.threads)]
                    * (self.threads > 1)
                ),
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        if with_worker:
            # As deploy/systemd's unit runs it (looking for new tasks every 0.2 s); more than
            # one process when asked for, as the README scales task workers (one per core).
            self.task_processes = [
                subprocess.Popen(  # noqa: S603
                    [PYTHON, "manage.py", "db_worker", "--interval", "0.2"],
                    cwd=ROOT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                for _ in range(self.task_workers)
            ]
        for _ in range(100):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/healthz/", timeout=5).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("the server did not start")

    @property
    def worker(self):
        """The (first) task worker's process."""
        return self.task_processes[0] if self.task_processes else None

    def worker_pids(self):
        result = subprocess.run(
            ["pgrep", "-P", str(self.server.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in result.stdout.split()]

    def stop(self):
        for process in (self.server, *self.task_processes):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.pg_name:
            self.psql(f"DROP DATABASE IF EXISTS {self.pg_name} WITH (FORCE)")


def seed(members, artworks, size=(640, 480), renditions_now=True, prefix="Seed"):
    """Run inside `manage.py shell`: members bench0… (password below) and artworks by them.
    With renditions_now=False the renditions are left to the task worker, as after real
    uploads."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from artworks.forms import ArtworkForm
    from artworks.tasks import generate_renditions
    from artworks.uploads import save_new_artwork
    from core.verification import record_verified_email

    # Seeding is the bench's setting up, not members uploading: it does not wait for the
    # task queue it fills (artworks.admission); the worker empties it once started.
    settings.UPLOAD_RENDITION_QUEUE_LIMIT = settings.UPLOAD_FULL_SIZE_QUEUE_LIMIT = sys.maxsize
    User = get_user_model()
    people = []
    for number in range(members):
        user, _ = User.objects.get_or_create(
            username=f"bench{number}", defaults={"email": f"bench{number}@example.com"}
        )
        user.set_password(BENCH_PASSWORD)
        user.save()
        record_verified_email(user)  # members upload only with a confirmed email
        people.append(user)
    for number in range(artworks):
        artist = people[number % len(people)]
        form = ArtworkForm(
            data={"title": f"{prefix} {number}", "alt_text": "A test pattern", "tags": "bench"},
            files={"image": SimpleUploadedFile("s.jpg", jpeg(number, size), "image/jpeg")},
            member=artist,
        )
        assert form.is_valid(), form.errors
        outcome = save_new_artwork(form, artist)
        assert outcome.refusal is None, outcome.refusal
        artwork = outcome.saved
        if renditions_now:
            # Renditions now, not by the task worker once the measurement has started.
            generate_renditions.call(artwork.image_id)


BENCH_PASSWORD = "bench-Password-2026"  # noqa: S105 - scratch databases only


def jpeg(seed, size=(640, 480)):
    """A photo-like JPEG: detail at every scale, like a photograph (a flat colour would be
    unrealistically light and fast; fine grain alone vanishes when scaled down). A 640-pixel
    WebP rendition of it weighs about 45 KB, a 12 MP original about 1.8 MB."""
    width, height = size
    texture = Image.effect_noise((max(width // 20, 1), max(height // 20, 1)), 60)
    texture = texture.resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 20)
    gradient = Image.linear_gradient("L").resize(size)

    def channel(base):
        return Image.blend(Image.blend(base, texture, 0.5), grain, 0.15)

    tint = Image.new("L", size, (seed * 53) % 256)
    image = Image.merge(
        "RGB",
        (channel(gradient), channel(gradient.transpose(Image.Transpose.ROTATE_180)), channel(tint)),
    )
    output = io.BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()


class Member:
    """A logged-in member over plain HTTP against production settings: the proxy header says
    HTTPS (as a TLS terminator would), and Secure cookies are carried by hand."""

    def __init__(self, site, username):
        self.site = site
        self.http = requests.Session()
        self.http.headers.update(
            {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{site.port}/"}
        )
        self.cookies = {}
        self.get("/accounts/login/")
        # allauth's log-in form: "login" is the username here.
        response = self.post("/accounts/login/", {"login": username, "password": BENCH_PASSWORD})
        if response.status_code != 302:
            raise RuntimeError(f"log-in failed for {username}: {response.status_code}")
        # Where a browser goes next: the page that shows the welcome message, and empties
        # the messages cookie (a message left waiting would be on every page after).
        after = urlsplit(response.headers["Location"])
        self.get(after.path + (f"?{after.query}" if after.query else ""))

    def _remember(self, response):
        """Keep the cookies set, and forget those deleted, as a browser does."""
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            if "max-age=0" in rest.lower().replace(" ", ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest.split(";", 1)[0]

    def _cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def get(self, path):
        response = self.http.get(
            self.site.url + path,
            headers={"Cookie": self._cookie_header()},
            allow_redirects=False,
            timeout=60,
        )
        self._remember(response)
        return response

    def csrf_token(self, path):
        page = self.get(path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path, data, files=None, token=None, headers=None):
        """Post the form at `path`, with the CSRF token read from it (or `token`, one read
        before: the upload page's script posts file after file from one page)."""
        data = {**data, "csrfmiddlewaretoken": token or self.csrf_token(path)}
        response = self.http.post(
            self.site.url + path,
            data=data,
            files=files,
            headers={"Cookie": self._cookie_header(), **(headers or {})},
            allow_redirects=False,
            timeout=60,
        )
        self._remember(response)
        return response


def check_consistency(site):
    """Every artwork has its image and original file; no file in media is unreferenced."""
    script = r"""
import os
from django.conf import settings
from django.core.management import call_command
from io import StringIO
from artworks.models import Artwork
missing = [
    a.pk
    for a in Artwork.objects.select_related("image")
    if not a.image.file.storage.exists(a.image.file.name)
]
out = StringIO()
call_command("cleanup_media", "--dry-run", "--min-age", "0", stdout=out)
stray = [line for line in out.getvalue().splitlines() if line.startswith("would remove")]
for line in stray[:5]:
    print("   " + line)
print("ARTWORKS", Artwork.objects.count())
print("MISSING", len(missing))
print("STRAY", len(stray))
print("TITLES", "|".join(Artwork.objects.values_list("title", flat=True)))
"""
    output = site.manage("shell", "-c", script).stdout
    figures = {}
    for line in output.splitlines():
        key, _, value = line.partition(" ")
        if key in ("ARTWORKS", "MISSING", "STRAY"):
            figures[key] = int(value)
        elif line.startswith("   would remove"):
            figures.setdefault("stray_examples", []).append(line.split()[-1])
        elif key == "TITLES":
            figures["titles"] = set(value.split("|")) if value else set()
    return figures


def sqlite_integrity(site):
    if site.database != "sqlite":
        return "n/a"
    import sqlite3

    with sqlite3.connect(site.folder / "db.sqlite3") as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


if __name__ == "__main__":
    sys.exit("Run bench/load_faults.py, not this module.")
