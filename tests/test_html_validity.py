"""Every public page type is valid HTML: 0 errors from the W3C Nu HTML checker (vnu.jar), and no
attribute refers to an id the page does not have.

The pages are fetched with Django's test client from the real guide and checked offline, all in one Java
start (the checker takes seconds to start). The checker comes from the npm package vnu-jar (package.json,
installed by `make install`) and needs Java (Debian's default-jre-headless, installed by .ci/run). Without
either the test skips on a laptop and fails when CI=true.

The checker in use (vnu-jar 26.9.27) reports a dangling reference only for `aria-activedescendant`, not for
`aria-describedby` and the other id references, although a reference to a missing element is an error in
HTML and ARIA; `dangling_references()` checks those itself, with no Java needed.
"""

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.guide_data import GUIDE_SLUG, build_public_site

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db

# One address per page type and state a visitor can reach: lists with and without filters or a search,
# forms with an error, the error page. Expected status beside each.
PAGES = {
    "home": ("/", 200),
    "roles": ("/roles/", 200),
    "roles-search": ("/roles/?q=manager", 200),
    "roles-filtered": ("/roles/?skill=cloud-platform-architectures&min_median_usd=50000&ordering=-median_pay", 200),
    "roles-no-match": ("/roles/?q=zzzz", 200),
    "roles-error": ("/roles/?q=" + "x" * 300, 400),
    "search-form": ("/search/", 200),
    "search": ("/search/?q=tecnical+manger", 200),
    "search-no-match": ("/search/?q=zzzz", 200),
    "search-error": ("/search/?q=" + "x" * 300, 400),
    "guide": (f"/roles/{GUIDE_SLUG}/", 200),
    "level": (f"/roles/{GUIDE_SLUG}/levels/technical-manager/", 200),
    "level-state": (f"/roles/{GUIDE_SLUG}/levels/technical-manager/?state=CA", 200),
    "level-state-error": (f"/roles/{GUIDE_SLUG}/levels/technical-manager/?state=ZZ", 400),
    "skills": ("/skills/", 200),
    "skills-filtered": ("/skills/?q=cloud&category=technical", 200),
    "skill": ("/skills/cloud-platform-architectures/", 200),
    "salaries": ("/salaries/", 200),
    "salaries-currency": ("/salaries/?currency=EUR", 200),
    "salaries-filtered": (f"/salaries/?role={GUIDE_SLUG}&country=ca&min_usd=1000", 200),
    "salaries-error": ("/salaries/?currency=XXX", 400),
    "compare-form": ("/compare/", 200),
    "compare": (f"/compare/?roles={GUIDE_SLUG},data-engineer", 200),
    "compare-error": ("/compare/?roles=nope", 400),
    "skills-gap-form": ("/compare/skills-gap/", 200),
    "skills-gap": (f"/compare/skills-gap/?current=data-engineer&target={GUIDE_SLUG}", 200),
    "assess": (f"/roles/{GUIDE_SLUG}/assess/", 200),
    "assess-result": (f"/roles/{GUIDE_SLUG}/assess/?years_total=9&years_at_level=2&region=germany", 200),
    "assess-error": (f"/roles/{GUIDE_SLUG}/assess/?years_total=99", 400),
    "not-found": ("/roles/no-such-role/", 404),
    # BLS's OEWS pages, on the fictional release (tests/data/oews/may2030).
    "occupations": ("/occupations/", 200),
    "occupations-filtered": ("/occupations/?search=keep&group=98-0000&min_employment=10&ordering=-annual_median", 200),
    "occupations-error": ("/occupations/?min_median=lots", 400),
    "occupation": ("/occupations/98-1011/?state=98", 200),
    "occupation-hourly": ("/occupations/98-1020/?order=name", 200),
    "occupation-group": ("/occupations/98-0000/", 200),
    "occupation-state-error": ("/occupations/98-1011/?state=06", 400),
    "areas": ("/areas/", 200),
    "area": ("/areas/9800000/", 200),
    "area-metro": ("/areas/0098001/", 200),
    "compare-occupations": ("/compare/?occupations=98-1011,98-1012&state=99", 200),
    "compare-occupations-error": ("/compare/?occupations=98-1011", 400),
}


def java() -> str:
    """The `java` to run the checker with; skips on a laptop without it or vnu.jar, fails when CI=true."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java (apt-get install default-jre-headless; .ci/run does)")
    if not VNU.exists():
        missing.append(f"{VNU} (run `npm ci`; `make install` does)")
    if missing:
        message = "The Nu HTML checker needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def nu_errors(files: list[Path]) -> list[dict]:
    """The checker's errors for `files` (one JVM start for all of them), each with the file it is in."""
    result = subprocess.run(
        [java(), "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        {"page": Path(m.get("url", "")).stem, "line": m.get("lastLine"), "message": m["message"]}
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


# Attributes whose value is one id (or several, space-separated) of an element in the same page.
ID_REFERENCES = {
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
    "for",
    "form",
    "headers",
    "list",
    "popovertarget",
}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.references = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ID_REFERENCES and value:
                self.references += [(tag, name, ref) for ref in value.split()]


def dangling_references(html: str) -> list[str]:
    """`tag attribute="id"` for each id reference in `html` to an element it does not have."""
    parser = _References()
    parser.feed(html)
    return [f'{tag} {name}="{ref}"' for tag, name, ref in parser.references if ref not in parser.ids]


@pytest.fixture
def public_site(db):
    """The real guide, a second published role and a euro rate (the browser tests' data)."""
    build_public_site()


@pytest.fixture
def public_pages(client, public_site) -> dict[str, str]:
    """The HTML of every page of PAGES, by name, each checked for its status first."""
    pages = {}
    for name, (path, status) in PAGES.items():
        response = client.get(path)
        assert response.status_code == status, path
        assert response["Content-Type"].startswith("text/html"), path
        pages[name] = response.content.decode()
    return pages


def test_every_public_page_type_has_no_nu_checker_errors(public_pages, tmp_path):
    files = []
    for name, html in public_pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html)

    assert nu_errors(files) == []


def test_no_public_page_refers_to_an_id_it_does_not_have(public_pages):
    dangling = {name: refs for name, html in public_pages.items() if (refs := dangling_references(html))}

    assert dangling == {}


BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
<label for="id_q">Search</label><input id="id_q" aria-describedby="id_q_helptext q-help"><p id="q-help">Words</p>
<span><div>A block inside a phrase</div></span></body></html>"""


def test_the_checks_find_errors_so_the_tests_above_can_fail(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(BROKEN_PAGE)

    assert dangling_references(BROKEN_PAGE) == ['input aria-describedby="id_q_helptext"']
    errors = nu_errors([page])
    assert [(e["page"], e["line"]) for e in errors] == [("broken", 3)]
    assert "“div” not allowed as child of element “span”" in errors[0]["message"]
