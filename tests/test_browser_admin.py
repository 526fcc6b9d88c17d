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
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from django.test import Client
from playwright.sync_api import expect

from roles.models import FAQ, CareerLevel, RegionalSalary, Role
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
    editor.groups.add(editors_group())
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


def editors_group() -> Group:
    """The "Editors" group of migration roles 0003. The live server's tests flush the database after each
    test, taking the migration's rows with them; the group is then made again with the same rights."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        rights = Q(content_type__app_label__in=["roles", "salaries"]) & ~Q(codename__contains="historical")
        group.permissions.set(Permission.objects.filter(rights).exclude(codename="delete_role"))
    return group


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
        # A list or a table of rows that scrolls inside its own box hides columns (the role list's "page").
        "box_scrolls_sideways": page.evaluate(
            "[...document.querySelectorAll('#changelist .results, .inline-group .tabular')]"
            ".some(el => el.scrollWidth > el.clientWidth + 1)"
        ),
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
            assert not figures["box_scrolls_sideways"], (name, figures)
    assert console_errors == []


def test_error_summary_links_focus_the_field_and_a_row_is_edited_by_keyboard(editor_page, site):  # noqa: F811
    page = editor_page
    role = Role.objects.get(slug="technical-manager")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + admin_url(Role, "section", role.pk, "regional-salaries"))

    # Keyboard only: into the first row's local minimum, type a value above the maximum, save with Enter.
    local_min = page.get_by_label("Local min, row 1", exact=True)
    local_min.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("99999999")
    page.keyboard.press("Enter")

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("row 1: Local min: The maximum must be at least the minimum")
    page.screenshot(path=str(SCREENSHOTS / "admin-error-summary-1280.png"))
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Local min, row 1", exact=True)).to_be_focused()
    expect(page.get_by_label("Local min, row 1", exact=True)).to_be_in_viewport()
    assert axe_violations(page) == {}


def test_a_new_ladder_level_marks_its_required_fields_before_saving(editor_page, site):  # noqa: F811
    page = editor_page
    role = Role.objects.get(slug="technical-manager")
    page.goto(site + admin_url(Role, "section", role.pk, "ladder"))
    page.get_by_role("button", name="Add another Career level").click()
    new_row = page.locator("#levels-group tr.dynamic-levels").last
    for name in ("years_total_min", "years_in_role_min", "scope", "title"):
        cell = new_row.locator(f"td.field-{name}")
        assert cell.get_attribute("data-label").endswith(" *")
        assert cell.locator("input, textarea").get_attribute("aria-required") == "true"
    for name in ("years_total_max", "years_in_role_max"):
        assert not new_row.locator(f"td.field-{name}").get_attribute("data-label").endswith(" *")
    expect(new_row.locator("td.field-scope textarea")).to_be_in_viewport()
