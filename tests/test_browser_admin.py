"""Browser tests of the editors' admin: axe-core on every admin page an editor uses, page sizes, errors you
can find, and rows that fit a laptop and a phone.

Same set-up as tests/test_browser.py (Debian's Chromium, axe-core from node_modules, the real guide from
fixtures/). The figures each page measured (form fields, height, load time) are written to
test-artifacts/admin-pages.json and screenshots to test-artifacts/screenshots/ for a person to look at.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client

from roles.models import FAQ, CareerLevel, Role
from salaries.models import RegionalSalary
from tests.admin_helpers import admin_url
from tests.test_browser import (  # noqa: F401 - pytest fixtures shared with the public pages' tests
    AXE,
    SCREENSHOTS,
    browser_type_launch_args,
    console_errors,
    require,
    site,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
MAX_FIELDS = 150
MAX_HEIGHT = 4000  # px at 1280 px wide

# Counts what an editor fills in: visible inputs, selects and textareas (not the hidden "add another" template).
VISIBLE_FIELDS_JS = """() => [...document.querySelectorAll('#content-main input, #content-main select, '
 + '#content-main textarea')].filter(el => el.type !== 'hidden' && !el.closest('.empty-form')
 && (el.offsetParent !== null || el.classList.contains('admin-autocomplete'))).length"""


@pytest.fixture
def editor_page(page, site, live_server):  # noqa: F811 - `site` is the shared fixture imported above
    """The page logged in as a member of the Editors group (a session cookie made by Django's test client)."""
    editor = User.objects.create_user("editor", "editor@example.org", "password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site,
            }
        ]
    )
    return page


def admin_pages() -> dict[str, str]:
    """Every admin page an editor uses on the real guide, by name (queries the guide's rows)."""
    role = Role.objects.get(slug="technical-manager")
    level = role.levels.order_by("order").first()
    version = role.history.order_by("history_date").first()
    faq = FAQ.objects.filter(role=role).first()
    pages = {
        "index": "/admin/",
        "role-list": admin_url(Role, "changelist"),
        "role": admin_url(Role, "change", role.pk),
        "role-add": admin_url(Role, "add"),
        "level": admin_url(CareerLevel, "change", level.pk),
        "faq-list": admin_url(FAQ, "changelist"),
        "faq": admin_url(FAQ, "change", faq.pk),
        "salary-list": admin_url(RegionalSalary, "changelist"),
        "history": admin_url(Role, "history", role.pk),
        "version": admin_url(Role, "simple_history", role.pk, version.history_id),
        "salary-import": admin_url(RegionalSalary, "import"),
        "guide-import": admin_url(Role, "import"),
    }
    sections = getattr(__import__("roles.admin", fromlist=["ROLE_SECTIONS"]), "ROLE_SECTIONS", [])
    for section in sections:
        pages[f"section-{section.slug}"] = admin_url(Role, "section", role.pk, section.slug)
    return pages


def axe_violations(page) -> dict[str, int]:
    """axe-core's violations on the page, as rule id: number of elements (the public tests' injection)."""
    require(AXE, "axe-core", "run `npm ci` in the project folder (`make install` does)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return {v["id"]: len(v["nodes"]) for v in result["violations"]} | (
        {"_first": [v["nodes"][0]["target"] for v in result["violations"]]} if result["violations"] else {}
    )


def measure(page, name: str, width: int) -> dict:
    figures = {
        "fields": page.evaluate(VISIBLE_FIELDS_JS),
        "height": page.evaluate("document.documentElement.scrollHeight"),
        "load_ms": page.evaluate(
            "Math.round(performance.getEntriesByType('navigation')[0].responseEnd"
            " - performance.getEntriesByType('navigation')[0].requestStart)"
        ),
        "scrolls_sideways": page.evaluate("document.documentElement.scrollWidth > innerWidth"),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-{name}-{width}.png"), full_page=True)
    return figures


def test_every_editor_admin_page_has_no_axe_violations_and_fits_the_size_rules(editor_page, site, console_errors):  # noqa: F811
    page = editor_page
    report, violations = {}, {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in admin_pages().items():
            if os.environ.get("ADMIN_PAGES") and name not in os.environ["ADMIN_PAGES"].split(","):
                continue
            page.goto(site + path)
            found = axe_violations(page)
            violations[f"{name}@{width}"] = found
            report[f"{name}@{width}"] = measure(page, name, width) | {"axe": found}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "admin-pages.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    assert {name: found for name, found in violations.items() if found} == {}
    for name, figures in report.items():
        assert figures["fields"] <= MAX_FIELDS, (name, figures)
        assert not figures["scrolls_sideways"], (name, figures)
        if name.endswith("@1280"):
            assert figures["height"] <= MAX_HEIGHT, (name, figures)
    assert console_errors == []
