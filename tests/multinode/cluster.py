"""The site deployed on "several machines" inside one: a PostgreSQL cluster, Redis and a
SeaweedFS bucket of its own; two web nodes and a task worker, each in a separate working copy
(no shared disk: static files collected per node, media only in the bucket), run with the
commands of deploy/systemd's units and restarted as `Restart=always` would; Varnish and nginx
in front, from deploy/'s own files, with the settings of deploy/'s example environment."""

import contextlib
import re
import secrets
import shlex
import signal
import subprocess
import threading
import time
from pathlib import Path

import boto3
import requests
from botocore.config import Config

from tests.services import (
    DEPLOY,
    ROOT,
    Nginx,
    PostgresCluster,
    Process,
    Redis,
    SeaweedFS,
    Varnish,
    free_port,
    wait_until,
)

BUCKET = "media"
APP_DIR = "/srv/artist-collective/app"  # where deploy/systemd's units expect the code
# Two cores on a CI machine: two gunicorn processes per node instead of the unit's four.
WEB_WORKERS = "2"


def unit(name):
    """The command (split, with APP_DIR still in it) and RestartSec of a deploy/systemd unit."""
    text = (DEPLOY / "systemd" / name).read_text()
    command = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)
    assert re.search(r"^Restart=always$", text, re.MULTILINE), f"{name} is not supervised"
    restart_seconds = float(re.search(r"^RestartSec=(\d+)$", text, re.MULTILINE).group(1))
    return shlex.split(command), restart_seconds


def example_environment():
    """deploy/artist-collective.env.example as a dict: the variables an operator sets."""
    environment = {}
    for line in (DEPLOY / "artist-collective.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            environment[name.strip()] = value.strip()
    return environment


def working_copy(folder):
    """The project's files (tracked and new, not ignored) copied to `folder`, sharing only the
    installed virtualenv and npm packages with the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = ROOT / name
        if not source.is_file():
            continue  # deleted in the working tree, not yet in git
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        target.chmod(source.stat().st_mode)
    for shared in (".venv", "node_modules"):
        (folder / shared).symlink_to(ROOT / shared)
    return folder


class Supervised(Process):
    """A process started again `restart_seconds` after it exits, as systemd's Restart=always
    does; `restarts` counts how often."""

    def __init__(self, name, folder, command, cwd, env, restart_seconds):
        super().__init__(name, folder)
        self.command, self.cwd, self.env = command, cwd, env
        self.restart_seconds = restart_seconds
        self.restarts = 0
        self.supervising = False
        self.watcher = None

    def start(self):
        self.launch(self.command, cwd=self.cwd, env=self.env)
        self.supervising = True
        self.watcher = threading.Thread(target=self.watch, daemon=True)
        self.watcher.start()
        return self

    def watch(self):
        while self.supervising:
            if self.process.poll() is not None:
                time.sleep(self.restart_seconds)
                if not self.supervising:
                    return
                self.restarts += 1
                self.launch(self.command, cwd=self.cwd, env=self.env)
            time.sleep(0.2)

    def stop(self, grace=10):
        self.supervising = False
        super().stop(grace)


class Cluster:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.postgres = PostgresCluster(f"ac_multinode_{secrets.token_hex(3)}")
        self.redis = Redis(self.folder / "redis")
        self.bucket = SeaweedFS(self.folder / "seaweedfs")
        self.node_ports = [free_port(), free_port()]
        self.varnish = Varnish(
            self.folder / "varnish", backends=[("127.0.0.1", port) for port in self.node_ports]
        )
        self.copies = {
            name: self.folder / name for name in ("web1", "web2", "worker")
        }  # one machine each
        self.nginx = Nginx(
            self.folder / "nginx",
            upstream=f"127.0.0.1:{self.varnish.port}",
            static_root=self.copies["web1"] / "staticfiles",
        )
        self.nodes = []
        self.worker = None
        self.started = []

    @property
    def url(self):
        """The public address: nginx, then Varnish, then a web node."""
        return self.nginx.url

    def node_url(self, number):
        return f"http://127.0.0.1:{self.node_ports[number - 1]}"

    def environment(self, copy):
        environment = example_environment()
        environment |= {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "MEDIA_ROOT": str(copy / "media"),
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.bucket.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_CUSTOM_DOMAIN": "",
            "AWS_ACCESS_KEY_ID": self.bucket.access_key,
            "AWS_SECRET_ACCESS_KEY": self.bucket.secret_key,
            "MEDIA_ORIGIN": self.bucket.endpoint,
            # Each machine's mail leaves as files in its own folder.
            "EMAIL_URL": f"file:///{copy / 'mail'}",
            # nginx and Varnish each add an address to X-Forwarded-For.
            "TRUSTED_PROXY_COUNT": "2",
            "SITE_URL": self.url,
            "MULTI_NODE": "true",
            "FRONT_CACHE_URLS": self.varnish.url,
            # Plain HTTP between the test and nginx: TLS is the operator's.
            "SECURE_SSL_REDIRECT": "false",
            "UPLOAD_ATTEMPT_RATE_LIMIT": "500/h",
            "UPLOAD_ATTEMPT_RATE_LIMIT_PER_ADDRESS": "500/h",
            "PUBLIC_PAGE_CACHE_SECONDS": "300",
        }
        return environment

    def manage(self, *arguments, copy="worker", timeout=300):
        """`manage.py` on one machine (the worker's by default); returns its output."""
        where = self.copies[copy]
        result = subprocess.run(  # noqa: S603
            [str(where / ".venv" / "bin" / "python"), "manage.py", *arguments],
            cwd=where,
            env=self.environment(where),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(arguments)}: {result.stderr[-3000:]}")
        return result.stdout

    def start(self):
        self.secret_key = secrets.token_urlsafe(50)
        for service in (self.postgres, self.redis, self.bucket):
            service.start()
            self.started.append(service)
        for copy in self.copies.values():
            working_copy(copy)
        self.manage("migrate", "--noinput")
        self.manage("setup_bucket")
        # SeaweedFS makes its volumes on the first write, which takes seconds on a busy
        # machine: make them now, not during the first member's upload.
        warm = boto3.client(
            "s3", endpoint_url=self.bucket.endpoint, region_name="us-east-1",
            aws_access_key_id=self.bucket.access_key,
            aws_secret_access_key=self.bucket.secret_key,
            config=Config(connect_timeout=10, read_timeout=120, retries={"max_attempts": 5}),
        )  # fmt: skip
        warm.put_object(Bucket=BUCKET, Key="images/warm-up", Body=b"warm")
        warm.put_object(Bucket=BUCKET, Key="original_images/warm-up", Body=b"warm")
        for key in ("images/warm-up", "original_images/warm-up"):
            warm.delete_object(Bucket=BUCKET, Key=key)
        self.manage("set_site_url")
        collecting = [
            subprocess.Popen(  # noqa: S603
                [str(self.copies[name] / ".venv/bin/python"), "manage.py", "collectstatic",
                 "--noinput", "-v0"],
                cwd=self.copies[name], env=self.environment(self.copies[name]),
            )
            for name in ("web1", "web2")
        ]  # fmt: skip
        for process in collecting:
            assert process.wait(timeout=300) == 0, "collectstatic failed"

        web_command, web_restart = unit("artist-collective-web.service")
        for number, port in enumerate(self.node_ports, start=1):
            copy = self.copies[f"web{number}"]
            command = [
                part.replace(APP_DIR, str(copy)).replace("127.0.0.1:8000", f"127.0.0.1:{port}")
                for part in web_command
            ]
            command[command.index("--workers") + 1] = WEB_WORKERS
            node = Supervised(
                f"web{number}", self.folder / "logs", command, copy, self.environment(copy),
                web_restart,
            ).start()  # fmt: skip
            self.nodes.append(node)
            self.started.append(node)
        worker_command, worker_restart = unit("artist-collective-worker.service")
        copy = self.copies["worker"]
        self.worker = Supervised(
            "worker", self.folder / "logs",
            [part.replace(APP_DIR, str(copy)) for part in worker_command],
            copy, self.environment(copy), worker_restart,
        ).start()  # fmt: skip
        self.started.append(self.worker)
        for number in (1, 2):
            wait_until(
                lambda number=number: (
                    requests.get(f"{self.node_url(number)}/healthz/", timeout=2).ok
                ),
                90,
                f"web node {number}",
            )
        for service in (self.varnish, self.nginx):
            service.start()
            self.started.append(service)
        return self

    def stop(self):
        for service in reversed(self.started):
            with contextlib.suppress(Exception):
                if isinstance(service, PostgresCluster):
                    continue
                service.stop(grace=5)
        self.postgres.drop()

    def kill_node(self, number):
        """SIGKILL a web node's gunicorn, master and workers at once (a machine lost)."""
        self.nodes[number - 1].signal(signal.SIGKILL)

    def s3(self):
        """The bucket with the site's keys."""
        return boto3.client(
            "s3",
            endpoint_url=self.bucket.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.bucket.access_key,
            aws_secret_access_key=self.bucket.secret_key,
            config=Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2}),
        )

    def bucket_names(self):
        names = set()
        for page in self.s3().get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            names |= {item["Key"] for item in page.get("Contents", [])}
        return names

    def sql(self, query, parameters=None):
        """Rows of a query against the cluster's database."""
        import psycopg

        with psycopg.connect(self.postgres.url.replace("postgres://", "postgresql://")) as c:
            return c.execute(query, parameters).fetchall()

    def mail(self, copy="web1"):
        """Every email a machine has sent so far, as text."""
        folder = self.copies[copy] / "mail"
        return [path.read_text() for path in sorted(folder.glob("*"))] if folder.exists() else []
