#!/usr/bin/env python
"""
Load and fault figures under production settings with gunicorn (4 workers):

  load:   8 members uploading and 32 visitors browsing for --seconds (default 60);
          5xx responses, acknowledged uploads present (row and files), unreferenced files.
  faults: a worker killed mid-upload (SIGKILL while the body is still arriving): the database
          passes PRAGMA integrity_check and holds no half row, media holds no stray file.

Run by hand: `.venv/bin/python bench/load_faults.py [--database sqlite|postgres|both]`.
It prints its figures; it does not pass or fail.
"""

import argparse
import os
import random
import signal
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench.common import Member, Site, check_consistency, jpeg, sqlite_integrity  # noqa: E402

UPLOADERS = 8
BROWSERS = 32


def run_load(site, seconds):
    deadline = time.monotonic() + seconds
    statuses = Counter()
    acknowledged = []
    errors = []
    lock = threading.Lock()

    def record(status, title=None):
        with lock:
            statuses[status // 100 * 100] += 1
            if title:
                acknowledged.append(title)

    def uploader(number):
        try:
            member = Member(site, f"bench{number}")
        except Exception as error:  # noqa: BLE001 - reported, not raised
            errors.append(f"uploader {number}: {error}")
            return
        count = 0
        while time.monotonic() < deadline:
            title = f"Load {number}-{count}-{uuid.uuid4().hex[:6]}"
            try:
                response = member.post(
                    "/my/artworks/upload/",
                    {"title": title, "alt_text": "Load test", "tags": "load"},
                    files={"image": ("photo.jpg", jpeg(count, (800, 600)), "image/jpeg")},
                )
            except requests.RequestException as error:
                errors.append(f"uploader {number}: {error}")
                continue
            acknowledged_upload = response.status_code == 302
            record(response.status_code, title if acknowledged_upload else None)
            count += 1

    def browser():
        session = requests.Session()
        headers = {"X-Forwarded-Proto": "https"}
        paths = ["/", "/gallery/", "/gallery/?page=2", "/artists/", "/gallery/?q=seed"]
        while time.monotonic() < deadline:
            path = random.choice(paths + [f"/gallery/{random.randint(1, 48)}/"])  # noqa: S311
            try:
                response = session.get(site.url + path, headers=headers, timeout=60)
            except requests.RequestException as error:
                errors.append(f"browser: {error}")
                continue
            record(response.status_code)

    threads = [threading.Thread(target=uploader, args=(n,)) for n in range(UPLOADERS)]
    threads += [threading.Thread(target=browser) for _ in range(BROWSERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, acknowledged, errors


def kill_worker_mid_upload(site):
    """Send an upload's headers and half its body, SIGKILL every gunicorn worker, and let the
    master start new ones."""
    member = Member(site, "bench0")
    token = member.csrf_token("/my/artworks/upload/")
    boundary = uuid.uuid4().hex
    image = jpeg(7, (2000, 1500))
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            f"Killed mid-upload\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="alt_text"\r\n\r\nx\r\n--{boundary}\r\nContent-Disposition: form-data; '
            f'name="image"; filename="k.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        + image
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = (
        f"POST /my/artworks/upload/ HTTP/1.1\r\nHost: 127.0.0.1:{site.port}\r\n"
        f"X-Forwarded-Proto: https\r\nReferer: https://127.0.0.1:{site.port}/\r\n"
        f"Cookie: {member._cookie_header()}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", site.port)) as connection:
        connection.sendall(request + body[: len(body) // 2])
        time.sleep(0.5)
        killed = site.worker_pids()
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        try:
            connection.sendall(body[len(body) // 2 :])
            connection.recv(1024)
        except OSError:
            pass
    time.sleep(3)
    healthy = requests.get(f"{site.url}/healthz/", timeout=10).status_code
    return len(killed), healthy


def locked_database(site, hold_seconds=25):
    """Hold SQLite's write lock longer than the site's busy timeout (20 s) while a member logs
    in (a write: the session). The answer should be the styled 503 page."""
    import sqlite3

    locker = sqlite3.connect(site.folder / "db.sqlite3", timeout=1)
    locker.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        session = requests.Session()
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{site.port}/"}
        page = session.get(f"{site.url}/accounts/login/", headers=headers, timeout=60)
        token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        cookie = page.headers.get("Set-Cookie", "").split(";", 1)[0]
        response = session.post(
            f"{site.url}/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": "bench0", "password": "wrong"},  # allauth
            headers={**headers, "Cookie": cookie},
            timeout=60,
            allow_redirects=False,
        )
        waited = time.monotonic() - started
        styled = "The site is very busy" in response.text
        return response.status_code, round(waited, 1), styled
    finally:
        locker.rollback()
        locker.close()


def measure(database, seconds):
    site = Site(database=database)
    try:
        site.prepare(members=UPLOADERS, artworks=48)
        site.start()
        statuses, acknowledged, errors = run_load(site, seconds)
        time.sleep(5)  # let the task worker finish the last renditions
        figures = check_consistency(site)
        present = len(set(acknowledged) & figures.get("titles", set()))
        print(f"\n== {database}: load, {UPLOADERS} uploading + {BROWSERS} browsing, {seconds} s")
        print(f"responses by class      {dict(sorted(statuses.items()))}")
        print(f"5xx responses           {statuses.get(500, 0)}")
        print(f"acknowledged uploads    {len(acknowledged)}")
        print(f"  present (row+file)    {present}")
        print(f"artworks missing a file {figures['MISSING']}")
        print(f"unreferenced files      {figures['STRAY']} {figures.get('stray_examples', [])}")
        print(f"client errors           {len(errors)} {errors[:3]}")

        killed, healthy = kill_worker_mid_upload(site)
        figures = check_consistency(site)
        print(f"== {database}: worker killed mid-upload")
        print(f"workers killed          {killed}; /healthz/ afterwards {healthy}")
        print(f"integrity_check         {sqlite_integrity(site)}")
        print(f"half rows               {figures['MISSING']}")
        print(
            f"'Killed mid-upload' row {'yes' if 'Killed mid-upload' in figures['titles'] else 'no'}"
        )
        print(f"unreferenced files      {figures['STRAY']}")
        if database == "sqlite":
            status, waited, styled = locked_database(site)
            print("== sqlite: database locked beyond the busy timeout")
            print(f"write request answered  {status} after {waited} s; styled page: {styled}")
            health = requests.get(site.url + "/healthz/", timeout=10).status_code
            print(f"/healthz/ afterwards    {health}")
    finally:
        site.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()
    databases = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    for database in databases:
        measure(database, options.seconds)


if __name__ == "__main__":
    main()
