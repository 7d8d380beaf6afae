"""Timing for bench/scale.py: the same page on the small and the large site, requests
alternating between them so that the shared machine's load weighs on both alike."""

import contextlib
import re
import statistics
import time
from urllib.parse import urlsplit

import requests

GOAL = 1.5
TIMEOUT = 20
HTTPS = {"X-Forwarded-Proto": "https"}


def fetch(site, path, session):
    """(seconds, body) for a 200 answer, else (None, what went wrong)."""
    headers = {**HTTPS, **({"Cookie": f"sessionid={session}"} if session else {})}
    started = time.perf_counter()
    try:
        response = requests.get(
            site.url + path, headers=headers, timeout=TIMEOUT, allow_redirects=False
        )
    except requests.Timeout:
        wait_until_idle(site)
        return None, f"> {TIMEOUT} s"
    except requests.RequestException as error:
        wait_until_idle(site)
        return None, f"failed ({type(error).__name__})"
    if response.status_code != 200:
        return None, f"error {response.status_code}"
    return time.perf_counter() - started, response.text


def wait_until_idle(site):
    """The one sync worker goes on with a request the bench gave up on: wait for it, so the
    next page is not timed behind it."""
    for _ in range(60):
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{site.url}/healthz/", timeout=120).status_code == 200:
                return
        time.sleep(1)


def pair_medians(sites, paths, who):
    """For each (site, sessions) and its path: the median of a few requests after a first
    one (fewer for slow pages), or what went wrong; and the first answers' bodies."""
    firsts = [
        fetch(site, path, sessions.get(who))
        for (site, sessions), path in zip(sites, paths, strict=True)
    ]
    bodies = [body for _seconds, body in firsts]
    failures = [body if seconds is None else None for seconds, body in firsts]
    slowest = max((seconds for seconds, _body in firsts if seconds is not None), default=TIMEOUT)
    times = [[], []]
    for _ in range(9 if slowest < 0.3 else 5 if slowest < 2 else 3):
        for number, ((site, sessions), path) in enumerate(zip(sites, paths, strict=True)):
            if failures[number] is None:
                seconds, failure = fetch(site, path, sessions.get(who))
                if seconds is None:
                    failures[number] = failure
                else:
                    times[number].append(seconds)
    results = [
        failure or statistics.median(seconds)
        for failure, seconds in zip(failures, times, strict=True)
    ]
    return results, bodies


def measure_pages(sites, small_pages, large_pages):
    """[(figure, small result, large result)] for every page and the sitemap's files."""
    results = []
    for (figure, small_path, who), (_figure, large_path, _who) in zip(
        small_pages, large_pages, strict=True
    ):
        (small, large), _bodies = pair_medians(sites, (small_path, large_path), who)
        results.append(report(figure, small, large))
    (small, large), (small_map, large_map) = pair_medians(sites, ["/sitemap.xml"] * 2, None)
    results.append(report("/sitemap.xml", small, large))
    files = sitemap_files(large_map)
    # A file of the large site's sitemap index is held against the small site's sitemap
    # (its first file, if it is an index too).
    reference = (sitemap_files(small_map) or ["/sitemap.xml"])[0]
    for name, path in (("first", files[:1]), ("last", files[-1:])):
        for file_path in path:
            (small, large), _bodies = pair_medians(sites, (reference, file_path), None)
            results.append(report(f"sitemap index, its {name} file", small, large))
    return results


def sitemap_files(body):
    if "<sitemapindex" not in body:
        return []
    locations = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)]
    return [part.path + (f"?{part.query}" if part.query else "") for part in locations]


def report(figure, small, large):
    print(f"    {figure}: {shown_ms(small)} / {shown_ms(large)}", flush=True)
    return figure, small, large


def shown(result):
    return f"{result * 1000:.0f}" if isinstance(result, float) else result


def shown_ms(result):
    return f"{shown(result)} ms" if isinstance(result, float) else result


def print_table(title, small_size, large_size, results):
    print(f"\n{title}\n")
    print(f"| figure | goal | ms at {small_size:,} | ms at {large_size:,} | ratio | result |")
    print("| --- | --- | --- | --- | --- | --- |")
    for figure, small, large in results:
        if isinstance(small, float) and isinstance(large, float):
            ratio = large / small
            verdict = "pass" if ratio <= GOAL else "SHORT"
            ratio = f"{ratio:.2f}"
        else:
            ratio, verdict = "–", "SHORT"
        print(f"| {figure} | ≤ {GOAL}× | {shown(small)} | {shown(large)} | {ratio} | {verdict} |")
