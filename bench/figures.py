"""The figures a speed run prints as it measures, each against its goal, and the table of
all of them it ends with; and the timings they are made of: a request's, the median of
several, and wrk's requests per second (bench/speed.py, bench/floor.py)."""

import re
import statistics
import subprocess
import time

HTTPS = {"X-Forwarded-Proto": "https"}
ROWS = []


def row(figure, goal, measured, ratio=None, passed=None):
    ROWS.append((figure, goal, measured, "" if ratio is None else f"{ratio:.2f}", passed))
    verdict = "" if passed is None else ("pass" if passed else "SHORT")
    print(f"  {figure}: {measured} (goal {goal}) {verdict}", flush=True)


def timed_get(session, url, headers=None):
    started = time.perf_counter()
    response = session.get(url, headers={**HTTPS, **(headers or {})}, timeout=120)
    response.raise_for_status()
    return time.perf_counter() - started


def median_time(session, url, headers=None, repeat=15):
    timed_get(session, url, headers)
    return statistics.median(timed_get(session, url, headers) for _ in range(repeat))


def wrk(url, headers=(), seconds=10):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", "X-Forwarded-Proto: https"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    requests_per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return requests_per_second, int(non_2xx.group(1)) if non_2xx else 0


def print_table():
    print("\n| figure | goal | measured | ratio | result |")
    print("| --- | --- | --- | --- | --- |")
    for figure, goal, measured, ratio, passed in ROWS:
        verdict = "" if passed is None else ("pass" if passed else "short")
        print(f"| {figure} | {goal} | {measured} | {ratio} | {verdict} |")
