"""Speed figures 4 and 5 (bench/speed.py), measured in a browser: the gallery's first load
at 1280×800, and Lighthouse's scores on the main pages."""

import gzip
import json
import subprocess
import tempfile
from pathlib import Path

from bench.common import ROOT
from bench.figures import row

CHROMIUM = "/usr/bin/chromium"

# --- 4. page weight -------------------------------------------------------------------------------


def measure_page_weight(site):
    print("4. the gallery's first load at 1280×800", flush=True)
    from playwright.sync_api import sync_playwright

    other_hosts = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            args=["--disable-background-networking", "--disable-component-update"],
            chromium_sandbox=False,
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on(
            "request",
            lambda request: (
                other_hosts.append(request.url)
                if not request.url.startswith(site.url) and not request.url.startswith("data:")
                else None
            ),
        )
        page.goto(f"{site.url}/gallery/", wait_until="networkidle")
        transferred = page.evaluate(
            """() => performance.getEntriesByType('navigation')
                .concat(performance.getEntriesByType('resource'))
                .reduce((sum, entry) => sum + entry.transferSize, 0)"""
        )
        html = page.content()
        browser.close()
    html_gzipped = len(gzip.compress(html.encode()))
    row(
        "first load, all bytes",
        "≤ 500 KB",
        f"{transferred / 1024:.0f} KB",
        transferred / 512_000,
        transferred <= 512_000,
    )
    row(
        "HTML gzipped",
        "≤ 15 KB",
        f"{html_gzipped / 1024:.1f} KB",
        html_gzipped / 15_360,
        html_gzipped <= 15_360,
    )
    row("requests to other hosts", "0", str(len(other_hosts)), passed=not other_hosts)


# --- 5. Lighthouse ------------------------------------------------------------------------------


def lighthouse(url):
    cli = ROOT / "bench" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        completed = subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                "--disable-background-networking --disable-component-update",
            ],
            check=False,
            env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            capture_output=True,
            text=True,
        )
        if completed.returncode or not report.exists():
            print(f"    Lighthouse failed on {url}: {completed.stderr.strip()[-400:]}")
            return None
        data = json.loads(report.read_text())
    scores = {key: round(value["score"] * 100) for key, value in data["categories"].items()}
    cls = data["audits"]["cumulative-layout-shift"]["numericValue"]
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
        and audit["id"] in _category_audit_ids(data, ("accessibility", "best-practices", "seo"))
    ]
    transferred = data["audits"]["total-byte-weight"]["numericValue"]
    return scores, cls, failing, transferred


def _category_audit_ids(data, categories):
    return {ref["id"] for name in categories for ref in data["categories"][name]["auditRefs"]}


def measure_lighthouse(site, pages):
    print("5. Lighthouse (mobile)", flush=True)
    goals = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    for name, path in pages:
        result = lighthouse(site.url + path) or lighthouse(site.url + path)  # Chromium hiccups
        if result is None:
            row(f"Lighthouse {name}", "runs", "failed", passed=False)
            continue
        scores, cls, failing, transferred = result
        for category, goal in goals.items():
            row(
                f"Lighthouse {name}: {category}",
                f"≥ {goal}",
                str(scores[category]),
                passed=scores[category] >= goal,
            )
        row(f"Lighthouse {name}: CLS", "≤ 0.02", f"{cls:.3f}", passed=cls <= 0.02)
        if name == "gallery":
            row(
                "Lighthouse gallery: first load on a phone",
                "≤ 500 KB",
                f"{transferred / 1024:.0f} KB",
                transferred / 512_000,
                transferred <= 512_000,
            )
        if failing:
            print(f"    audits below full marks: {', '.join(failing)}")
