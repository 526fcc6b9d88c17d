"""Lighthouse (package.json) on the main pages, served by the live server on 127.0.0.1: every category 100.

Lighthouse drives Debian's Chromium headless (CHROME_PATH), with its default mobile emulation and simulated
throttling. CI audits a few key pages (`CI_PAGES`), about 15 s each; `make lighthouse` audits all of them
(LIGHTHOUSE_PAGES=all) and prints every score. Reports go to test-artifacts/lighthouse/ (git-ignored). Without
Lighthouse or Chromium the test skips on a laptop and fails when CI=true.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.guide_data import GUIDE_SLUG, build_public_site
from tests.servers import require_file as require

CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE = Path(settings.BASE_DIR) / "node_modules" / "lighthouse" / "package.json"
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "lighthouse.mjs"
NODE = shutil.which("node") or "/usr/bin/node"
REPORTS = Path(settings.BASE_DIR) / "test-artifacts" / "lighthouse"

MAIN_PAGES = {
    "home": "/",
    "roles": "/roles/",
    "guide": f"/roles/{GUIDE_SLUG}/",
    "level": f"/roles/{GUIDE_SLUG}/levels/technical-manager/",
    "assess": f"/roles/{GUIDE_SLUG}/assess/",
    "assess-result": f"/roles/{GUIDE_SLUG}/assess/?years_total=9&years_at_level=2&region=germany",
    "compare": f"/compare/?roles={GUIDE_SLUG},data-engineer",
    "skills-gap": f"/compare/skills-gap/?current=data-engineer&target={GUIDE_SLUG}",
    "salaries": "/salaries/?currency=EUR",
    "skills": "/skills/",
}
# The longest page and a list with a form and a chart: about 70 s on this 2-core machine under load.
CI_PAGES = ("guide", "salaries")
# LIGHTHOUSE_PAGES=all (make lighthouse) or a comma-separated list of names audits other pages.
CHOSEN = os.environ.get("LIGHTHOUSE_PAGES", ",".join(CI_PAGES))
AUDITED = {name: MAIN_PAGES[name] for name in (MAIN_PAGES if CHOSEN == "all" else CHOSEN.split(","))}

# The pages are the same on both databases: audited once, in the SQLite run, to keep CI under two minutes.
pytestmark = [pytest.mark.lighthouse, pytest.mark.sqlite_only]


def lighthouse(base: str, paths: list[str]) -> list[dict]:
    """Run scripts/lighthouse.mjs on `paths` of `base`: per page, its path, scores, the CPU slowdown used and
    the report (as a dict)."""
    completed = subprocess.run(
        [NODE, str(SCRIPT), base, str(REPORTS), *paths],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=120 * len(paths),
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    pages = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    return [page | {"result": json.loads(Path(page["report"]).read_text())} for page in pages]


def shortfalls(result: dict) -> dict:
    """Each category below 100 with the audits that cost it points (id, score and what Lighthouse shows)."""
    failing = {}
    for name, category in result["categories"].items():
        if category["score"] == 1:
            continue
        audits = [result["audits"][ref["id"]] for ref in category["auditRefs"] if ref["weight"] > 0]
        failing[name] = [
            (audit["id"], audit["score"], audit.get("displayValue", ""))
            for audit in audits
            if audit["score"] is not None and audit["score"] < 1
        ]
    return failing


def test_main_pages_score_100_in_every_lighthouse_category(live_server):
    require(LIGHTHOUSE, "Lighthouse", "run `npm ci` in the project folder (`make install` does)")
    require(CHROMIUM, "Chromium", "apt-get install chromium (.ci/run does)")
    require(Path(NODE), "Node.js", "apt-get install npm (.ci/run does)")
    build_public_site()

    pages = lighthouse(live_server.url, list(AUDITED.values()))

    for name, page in zip(AUDITED, pages, strict=True):
        print(f"lighthouse {name}: {page['scores']} (BenchmarkIndex {page['benchmarkIndex']}, CPU slowdown", end="")
        print(f" {page['cpuSlowdown']}x)")
    assert len(pages) == len(AUDITED)
    assert {
        name: shortfalls(page["result"])
        for name, page in zip(AUDITED, pages, strict=True)
        if shortfalls(page["result"])
    } == {}
