"""When a part fails: Redis, PostgreSQL, the bucket, a worker or a node; afterwards no half row, no
orphan and every rendition made."""

import contextlib
import random
import secrets
import socket
import threading
import time
from collections import Counter

import pytest
import requests

from artworks.renditions import ALL_SPECS
from tests.html import csrf_token
from tests.multinode.nodes import (
    RENDITIONS_AFTER_RECOVERY,
    artwork_row,
    fetch,
    form_errors,
    photo,
    upload,
    wait_for_renditions,
)
from tests.services import wait_until

pytestmark = pytest.mark.multinode


class Traffic:
    """Visitors browsing through the front (nginx, Varnish) while something fails, and a load
    balancer probing each node's /healthz/: every answer's status is counted."""

    def __init__(self, cluster, paths, cached_only=False):
        self.cluster = cluster
        self.paths = paths
        # Cached pages only (the front cache's copies), or also pages no cache holds.
        self.cached_only = cached_only
        self.statuses = Counter()
        self.failures = []
        self.running = True
        self.threads = [threading.Thread(target=self.browse, daemon=True) for _ in range(3)]

    def browse(self):
        session = requests.Session()
        while self.running:
            path = random.choice(self.paths)  # noqa: S311
            if not self.cached_only and random.random() < 0.5:  # noqa: S311
                # A query string no cache has seen: the page is built by a node.
                path += ("&" if "?" in path else "?") + f"v={secrets.token_hex(4)}"
            try:
                response = session.get(f"{self.cluster.url}{path}", timeout=30)
                status = response.status_code
            except requests.RequestException as error:
                status, response = type(error).__name__, None
            self.statuses[status] += 1
            if not isinstance(status, int) or status >= 500:
                self.failures.append((path, status))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=40)


def browsing_paths(published):
    word = published["title"].split()[0].lower()
    return ["/", "/gallery/", "/artists/", f"/gallery/?q={word}", published["path"]]


def test_with_redis_stopped_for_10_s_pages_and_uploads_still_work(cluster, artist, published):
    cluster.redis.stop()
    try:
        with Traffic(cluster, browsing_paths(published)) as traffic:
            response, title = upload(cluster, artist, node=1)
            assert response.status_code == 302, form_errors(response)
            readiness = fetch(f"{cluster.node_url(2)}/readyz/", timeout=10)
            assert readiness.status_code == 503 and "cache" in readiness.text
            time.sleep(10)
    finally:
        cluster.redis.start()
    print(f"\nwhile Redis was stopped: {dict(traffic.statuses)}")
    assert traffic.statuses[200] > 20 and not traffic.failures
    took = wait_for_renditions(cluster, title)
    print(f"renditions made {took:.1f} s after Redis came back")
    wait_until(lambda: fetch(f"{cluster.node_url(1)}/readyz/", timeout=5).ok, 10, "ready again")


def test_after_a_postgresql_restart_every_part_works_again(cluster, artist, published):
    with Traffic(cluster, browsing_paths(published), cached_only=True) as traffic:
        for path in browsing_paths(published):  # the front cache holds them
            fetch(f"{cluster.url}{path}", timeout=10)
        cluster.postgres.restart()
        time.sleep(1)
    print(f"\ncached pages while PostgreSQL restarted: {dict(traffic.statuses)}")
    assert not traffic.failures
    # The first requests after the restart reconnect (CONN_HEALTH_CHECKS), never 500.
    for number in (1, 2):
        for path in browsing_paths(published):
            fresh = f"{path}{'&' if '?' in path else '?'}v={secrets.token_hex(3)}"
            assert fetch(f"{cluster.node_url(number)}{fresh}").status_code == 200
    response, title = upload(cluster, artist, node=2)
    assert response.status_code == 302, form_errors(response)
    took = wait_for_renditions(cluster, title)
    print(f"renditions made {took:.1f} s after the restart; worker restarts: "
          f"{cluster.worker.restarts}")  # fmt: skip


def row_counts(cluster):
    return tuple(cluster.sql(
        "SELECT (SELECT count(*) FROM artworks_artwork), (SELECT count(*) FROM wagtailimages_image)"
    )[0])  # fmt: skip


def test_with_the_bucket_stopped_an_upload_is_refused_plainly(cluster, artist, published):
    before = row_counts(cluster)
    cluster.bucket.stop()
    try:
        with Traffic(cluster, browsing_paths(published)) as traffic:
            response, _ = upload(cluster, artist, node=1)
            assert response.status_code == 200
            assert "We could not store your file just now" in response.text
            assert row_counts(cluster) == before
    finally:
        cluster.bucket.start()
    print(f"\nwhile the bucket was stopped: {dict(traffic.statuses)}")
    assert not traffic.failures
    response, title = upload(cluster, artist, node=1)
    assert response.status_code == 302, form_errors(response)
    took = wait_for_renditions(cluster, title)
    print(f"renditions made {took:.1f} s after the bucket came back")


def test_with_the_bucket_hung_the_node_keeps_answering(cluster, artist, published):
    before = row_counts(cluster)
    outcome = {}

    def hung_upload():
        started = time.monotonic()
        outcome["response"], outcome["title"] = upload(cluster, artist, node=1)
        outcome["seconds"] = time.monotonic() - started

    cluster.bucket.pause()
    try:
        with Traffic(cluster, browsing_paths(published)) as traffic:
            uploading = threading.Thread(target=hung_upload)
            uploading.start()
            probes = []
            while uploading.is_alive():
                started = time.monotonic()
                probe = fetch(f"{cluster.node_url(1)}/healthz/", timeout=5)
                probes.append((probe.status_code, time.monotonic() - started))
                time.sleep(0.5)
            uploading.join()
    finally:
        cluster.bucket.resume()
    print(
        f"\nwhile the bucket hung: {dict(traffic.statuses)}; the upload answered in "
        f"{outcome['seconds']:.1f} s; slowest /healthz/ {max(s for _, s in probes):.2f} s"
    )
    assert outcome["response"].status_code == 200
    assert "We could not store your file just now" in outcome["response"].text
    assert all(status == 200 and seconds < 2 for status, seconds in probes)
    assert not traffic.failures
    assert row_counts(cluster) == before
    response, title = upload(cluster, artist, node=1)
    assert response.status_code == 302, form_errors(response)
    took = wait_for_renditions(cluster, title)
    print(f"renditions made {took:.1f} s after the bucket answered again")


def test_a_killed_worker_is_restarted_and_catches_up(cluster, artist):
    restarts = cluster.worker.restarts
    cluster.worker.kill()
    response, title = upload(cluster, artist, node=2)
    assert response.status_code == 302, form_errors(response)  # the upload needs no worker
    took = wait_for_renditions(cluster, title)
    assert cluster.worker.restarts == restarts + 1
    print(f"\nrenditions made {took:.1f} s after the worker was killed")


def slow_upload_then_kill(cluster, artist, kill):
    """Send an upload to node 1 by hand and SIGKILL the node when `kill` says: while the body
    is still arriving, or once it has all been sent."""
    page = artist.get(f"{cluster.node_url(1)}/my/artworks/upload/")
    token = csrf_token(page)
    body, content_type = requests.models.RequestEncodingMixin._encode_files(
        {"image": ("big.jpg", photo(7, (4000, 3000)), "image/jpeg")},
        {"csrfmiddlewaretoken": token, "title": f"Cut short {kill}", "alt_text": "Interrupted"},
    )
    cookies = "; ".join(f"{k}={v}" for k, v in artist.cookies.items())
    head = (
        f"POST /my/artworks/upload/ HTTP/1.1\r\nHost: 127.0.0.1:{cluster.node_ports[0]}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: {cookies}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", cluster.node_ports[0])) as connection:
        connection.sendall(head)
        if kill == "mid-body":
            connection.sendall(body[: len(body) // 2])
            time.sleep(0.5)
            cluster.kill_node(1)
        else:
            connection.sendall(body)
            time.sleep(0.4)  # the node is cleaning and storing the image
            cluster.kill_node(1)
        with contextlib.suppress(OSError):
            connection.sendall(body[len(body) // 2 :])
            connection.recv(100)


def test_a_node_killed_mid_upload_leaves_no_half_row(cluster, artist, published):
    before = row_counts(cluster)
    with Traffic(cluster, browsing_paths(published)) as traffic:
        for kill in ("mid-body", "after-body"):
            slow_upload_then_kill(cluster, artist, kill)
            wait_until(
                lambda: fetch(f"{cluster.node_url(1)}/healthz/", timeout=2).ok,
                60,
                "node 1 back",
            )
    print(f"\nwhile node 1 was killed twice: {dict(traffic.statuses)}")
    assert not traffic.failures  # the front sent visitors to node 2
    artworks, images = row_counts(cluster)
    # Either an upload was saved whole before the kill or nothing of it was.
    assert images - before[1] == artworks - before[0] <= 2
    for title in ("Cut short mid-body", "Cut short after-body"):
        if artwork_row(cluster, title):
            wait_for_renditions(cluster, title)


def test_after_every_fault_no_half_row_no_orphan_and_every_rendition_made(cluster, artist):
    # The timers' jobs (deploy/systemd), as they would run after the faults above.
    cluster.manage("requeue_missing_renditions", "--min-age", "0")
    lacking = (
        "SELECT i.id FROM wagtailimages_image i JOIN artworks_artwork a ON a.image_id = i.id "
        "WHERE (SELECT count(*) FROM wagtailimages_rendition r WHERE r.image_id = i.id) < %s"
    )
    wait_until(
        lambda: not cluster.sql(lacking, [len(ALL_SPECS)]),
        RENDITIONS_AFTER_RECOVERY,
        "every work's renditions",
    )
    output = cluster.manage("cleanup_media", "--min-age", "0")
    print("\n" + output)
    half_rows = cluster.sql(
        "SELECT i.id FROM wagtailimages_image i WHERE NOT EXISTS "
        "(SELECT 1 FROM artworks_artwork a WHERE a.image_id = i.id) AND NOT EXISTS "
        "(SELECT 1 FROM members_user u WHERE u.avatar_image_id = i.id)"
    )
    assert half_rows == []
    referenced = {row[0] for row in cluster.sql(
        "SELECT file FROM wagtailimages_image UNION SELECT file FROM wagtailimages_rendition"
    )}  # fmt: skip
    stored = cluster.bucket_names()
    assert stored == referenced
