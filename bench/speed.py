#!/usr/bin/env python
"""
Speed figures for the site under production settings (gunicorn, one sync worker, SQLite, the
database cache, django-tasks-db's worker), each printed against its goal as measured in this
one run. Figures, not pass/fail tests: the machine is shared and noisy.

  1. queries per page, with 48 and with 4,800 artworks
  2. a gallery of 48 freshly uploaded 12 MP photos: first and second request against warm
  3. requests per second (wrk): anonymous and logged-in gallery against /healthz/
  4. the gallery's first load at 1280×800: bytes fetched, HTML gzipped, other hosts
  5. Lighthouse (mobile) on the home, gallery, artwork and artist pages, and the gallery's
     first load on a phone (Lighthouse's transfer size)
  6. gallery page 1 and page 4,000 with 100,000 artworks against page 1 with 100
  7. uploading a 24 MP JPEG against Pillow decoding it; time until its renditions exist (signed
     with Content Credentials), against the same upload with signing switched off
  8. memory with work done: one gunicorn worker's RSS after 10,000 mixed requests against
     after 100, the task worker's after 1,000 uploads against after 10 (bench/memory.py)
  9. 8 members uploading 12 MP photos for 60 s on 2 workers: errors, seconds until each
     upload's renditions exist, the anonymous gallery's p99 during against idle
     (bench/upload_load.py)

`--scale quick` or `--scale 1m` measures instead every page at scale (bench/scale.py).

The measures live in bench/speed_pages.py (1, 2, 3, 6), bench/speed_browser.py (4, 5) and
bench/speed_upload.py (7); bench/figures.py prints them.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402

from bench import memory, upload_load  # noqa: E402
from bench.common import Member, Site  # noqa: E402
from bench.figures import HTTPS, print_table, row  # noqa: E402
from bench.speed_browser import measure_lighthouse, measure_page_weight  # noqa: E402
from bench.speed_pages import (  # noqa: E402
    measure_cold_gallery,
    measure_queries,
    measure_scale,
    measure_throughput,
)
from bench.speed_upload import measure_upload  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description="Speed figures (see the module docstring).")
    parser.add_argument("--skip", nargs="*", default=[], help="numbers of measures to skip")
    parser.add_argument(
        "--scale",
        choices=["quick", "200k", "1m"],
        help="instead: every page with 100 artworks against 20,000 (quick) or 1,000,000",
    )
    parser.add_argument(
        "--database", nargs="*", default=["sqlite", "postgres"], help="with --scale"
    )
    options = parser.parse_args()
    if options.scale:
        from bench import scale

        scale.main(options.scale, options.database)
        return
    site = Site(workers=1)
    site.env["SERVE_RENDITIONS"] = "true"
    try:
        site.prepare(members=6, artworks=48)
        site.start(with_worker=True)
        member = Member(site, "bench0")
        gallery = requests.get(f"{site.url}/gallery/", headers=HTTPS, timeout=60).text
        lighthouse_pages = [
            ("home", "/"),
            ("gallery", "/gallery/"),
            ("artwork", re.search(r'href="(/gallery/\d+/[^"]+)"', gallery).group(1)),
            ("artist", re.search(r'href="(/artists/[^/"]+/)"', gallery).group(1)),
        ]
        steps = {
            "3": lambda: measure_throughput(site, member, lighthouse_pages),
            "4": lambda: measure_page_weight(site),
            "5": lambda: measure_lighthouse(site, lighthouse_pages),
            "7": lambda: measure_upload(site, member),
            "2": lambda: measure_cold_gallery(site, member),
            "1": lambda: measure_queries(site),
        }
        for number, step in steps.items():
            if number not in options.skip:
                step()
    finally:
        site.cleanup()
    if "6" not in options.skip:
        measure_scale()
    if "8" not in options.skip:
        print("8. memory with work done", flush=True)
        memory.measure(row=row)
    if "9" not in options.skip:
        print("9. uploads at scale", flush=True)
        upload_load.measure(row=row)
    print_table()


if __name__ == "__main__":
    main()
