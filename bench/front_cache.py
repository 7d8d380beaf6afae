#!/usr/bin/env python
"""
Figures for the site on several machines (the deployment of tests/multinode/cluster.py: two
gunicorn nodes and a worker, PostgreSQL, Redis, a SeaweedFS bucket, Varnish and nginx from
deploy/), measured in one run:

  1. anonymous gallery requests per second from the front cache (Varnish; and through nginx
     before it) against one node's /healthz/ (wrk, the same connections and duration, every
     server on this one machine)                                      goal: ratio >= 10
  2. from a change being saved to the front-cached page showing it:
     a work's new title, and a newly uploaded work                    goal: <= 1 s

Run by hand: `.venv/bin/python bench/front_cache.py`. Needs root (its own PostgreSQL cluster),
wrk, nginx and Varnish (Debian packages). It prints its figures; it does not pass or fail.
"""

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from tests.multinode.cluster import Cluster  # noqa: E402

WRK_SECONDS = 10
WRK_CONNECTIONS = 16


def requests_per_second(url):
    output = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        print(f"  ({non_2xx.group(1)} answers were not 2xx from {url})")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


class Artist:
    """A member logged in on node 1 (cookies carried by hand: they are Secure)."""

    def __init__(self, cluster, username, password):
        self.cluster = cluster
        self.http = requests.Session()
        self.cookies = {}
        response = self.submit("/accounts/login/", {"login": username, "password": password})
        assert response.status_code == 302, "log-in failed"

    def request(self, method, path, **options):
        response = self.http.request(
            method,
            f"{self.cluster.node_url(1)}{path}",
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
            allow_redirects=False,
            timeout=60,
            **options,
        )
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def submit(self, path, data, files=None):
        page = self.request("GET", path).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": token}, files=files)


def seconds_until_shown(cluster, text, change):
    """Warm the front cache's gallery, make `change`, then time until the front shows `text`."""
    gallery = f"{cluster.url}/gallery/"
    requests.get(gallery, timeout=10)
    assert requests.get(gallery, timeout=10).headers.get("X-Front-Cache") == "hit"
    change()
    saved = time.perf_counter()
    while text not in requests.get(gallery, timeout=10).text:
        if time.perf_counter() - saved > 30:
            return float("inf")
        time.sleep(0.02)
    return time.perf_counter() - saved


def main():
    from bench.common import BENCH_PASSWORD, jpeg

    folder = Path(tempfile.mkdtemp(prefix="ac-bench-cluster-"))
    cluster = Cluster(folder)
    try:
        cluster.start()
        cluster.manage("shell", "-c", "from bench.common import seed; seed(members=4, artworks=24)")
        print(f"Site on several machines at {cluster.url} (24 works by 4 members)\n")

        print("1. Anonymous gallery from the front cache against one node's /healthz/")
        requests.get(f"{cluster.url}/gallery/", timeout=10)
        health = requests_per_second(f"{cluster.node_url(1)}/healthz/")
        from_varnish = requests_per_second(f"{cluster.varnish.url}/gallery/")
        through_nginx = requests_per_second(f"{cluster.url}/gallery/")
        print(f"  /healthz/ of one gunicorn node:          {health:,.0f} req/s")
        print(
            f"  gallery from Varnish:                    {from_varnish:,.0f} req/s, "
            f"ratio {from_varnish / health:.1f} (goal >= 10)"
        )
        print(
            f"  gallery through nginx, then Varnish:     {through_nginx:,.0f} req/s, "
            f"ratio {through_nginx / health:.1f}\n"
        )

        print("2. From a saved change to the front-cached gallery showing it")
        artist = Artist(cluster, "bench0", BENCH_PASSWORD)
        renames, uploads = [], []
        for attempt in range(5):
            (artwork_id,) = cluster.sql(
                "SELECT a.id FROM artworks_artwork a JOIN members_user u ON u.id = a.artist_id "
                "WHERE u.username = 'bench0' ORDER BY a.id DESC LIMIT 1"
            )[0]
            title = f"Renamed {attempt}"
            edit = f"/my/artworks/{artwork_id}/edit/"

            def rename(edit=edit, title=title):
                response = artist.submit(
                    edit, {"title": title, "alt_text": "A test pattern", "tags": "bench"}
                )
                assert response.status_code == 302, response.text[-1500:]

            renames.append(seconds_until_shown(cluster, title, rename))
            new_title = f"Fresh {attempt}"

            def upload(new_title=new_title, attempt=attempt):
                response = artist.submit(
                    "/my/artworks/upload/",
                    {"title": new_title, "alt_text": "A test pattern", "tags": "bench"},
                    files={"image": ("new.jpg", jpeg(100 + attempt, (1600, 1200)), "image/jpeg")},
                )
                assert response.status_code == 302, response.text[-1500:]

            uploads.append(seconds_until_shown(cluster, new_title, upload))
        print(
            f"  a work renamed: median {statistics.median(renames):.2f} s, "
            f"slowest {max(renames):.2f} s (goal <= 1 s)"
        )
        print(
            f"  a work uploaded (its renditions made by the worker first): median "
            f"{statistics.median(uploads):.2f} s, slowest {max(uploads):.2f} s"
        )
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
