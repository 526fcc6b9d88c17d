"""Browser tests: Playwright drives Debian's Chromium (headless) against a live server on 127.0.0.1.

A visitor's journey at phone and desktop widths, axe-core on every page type, page weight and hosts, print
and no-JavaScript rendering. Screenshots go to test-artifacts/screenshots/ (git-ignored) for a person to
look at. Without Chromium or axe-core the tests skip on a laptop and fail when CI=true.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.guide_data import GUIDE_SLUG, build_public_site
from tests.servers import require_file as require

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests themselves
# (factories, fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}
GUIDE_WEIGHT_LIMIT = 100 * 1024

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(CHROMIUM, "Chromium", "apt-get install chromium (.ci/run does)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def site(live_server):
    """The real guide, a second published role and a euro rate, served by the live server."""
    build_public_site()
    return live_server.url


@pytest.fixture
def console_errors(page):
    """Console errors and failed requests seen by the page: CSP violations, missing files, script errors."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    return errors


def shot(page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def run_axe(page) -> list[dict]:
    """Inject axe-core into the page (through the DevTools protocol, which the page's CSP does not govern)."""
    require(AXE, "axe-core", "run `npm ci` in the project folder (`make install` does)")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_visitor_searches_reads_the_guide_climbs_the_ladder_switches_currency_and_compares(
    page, site, console_errors, width
):
    page.set_viewport_size({"width": width, "height": 900})

    # Search from the home page.
    page.goto(site + "/")
    page.get_by_label("Search guides and occupations").fill("tecnical manger")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?q=tecnical\+manger"))
    page.get_by_role("heading", name="Career guides matching “tecnical manger”").wait_for()
    shot(page, "1-search-results", width)

    # Open the guide and follow the table of contents.
    page.get_by_role("link", name="Technical Manager", exact=True).click()
    page.wait_for_url(f"**/roles/{GUIDE_SLUG}/")
    assert page.title() == "Technical Manager career guide · CareerGuide"
    shot(page, "2-guide", width)
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Career ladder").click()
    page.wait_for_url("**#career-ladder")
    expect(page.get_by_role("heading", name="Career ladder", level=2)).to_be_in_viewport()
    page.screenshot(path=str(SCREENSHOTS / f"3-guide-ladder-{width}.png"))

    # Open a level, then go to the next one.
    page.locator("#career-ladder").get_by_role("link", name="Technical Manager", exact=True).click()
    page.wait_for_url("**/levels/technical-manager/")
    page.get_by_role("heading", name="Reaching Senior Technical Manager").wait_for()
    shot(page, "4-level", width)
    page.get_by_role("link", name="Next level Senior Technical Manager").click()
    page.wait_for_url("**/levels/senior-technical-manager/")
    assert page.get_by_role("heading", level=1).inner_text() == "Senior Technical Manager"

    # Switch the salary explorer to euros.
    page.goto(site + "/salaries/")
    page.get_by_label("Show amounts in").select_option("EUR")
    page.get_by_role("button", name="Show ranges").click()
    page.wait_for_url("**currency=EUR**")
    page.get_by_text("converted at 1 EUR = 1.25 USD").wait_for()
    canada = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Canada"))
    expect(canada).to_contain_text("≈ €52,000–€80,000 converted")  # from the source's $65,000–$100,000
    shot(page, "5-salaries-eur", width)

    # Compare two roles.
    page.goto(site + "/compare/")
    page.get_by_label("Role 1", exact=True).fill(GUIDE_SLUG)
    page.get_by_label("Role 2", exact=True).fill("Data Engineer")  # a typed title works as well as a slug
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare/?roles=technical-manager&roles=Data+Engineer**")
    page.get_by_role("table", name="Technical Manager vs Data Engineer").wait_for()
    shot(page, "6-compare", width)

    # No horizontal scrolling of the page itself at this width (wide tables scroll inside their own region).
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_visitor_assesses_where_they_stand_without_an_account(page, site, console_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + f"/roles/{GUIDE_SLUG}/")
    page.locator("#readiness").get_by_role("link", name="Assess your Technical Manager readiness").click()
    page.wait_for_url(f"**/roles/{GUIDE_SLUG}/assess/")
    assert run_axe(page) == []

    page.get_by_label("Total years of experience").fill("9")
    page.get_by_label("Years at your current level").fill("2")
    skills = page.locator("fieldset.skill-rating legend").all_inner_texts()
    assert len(skills) == 20
    for index, skill in enumerate(skills):
        strength = "Strong" if index % 2 == 0 else "None"
        page.get_by_role("group", name=skill, exact=True).get_by_label(strength, exact=True).check()
    page.get_by_label("Highest education").select_option(label="Bachelor's degree")
    page.get_by_label("ITIL").check()
    page.get_by_label("Country or region (optional)").select_option(label="Germany")
    page.get_by_role("button", name="See where I stand").click()

    page.wait_for_url("**/assess/?years_total=9&years_at_level=2**")
    page.get_by_role("heading", name="Your level: Senior Technical Manager").wait_for()
    expect(page.locator("#readiness")).to_contain_text("10 of the 20 skills")
    expect(page.locator("#pay")).to_contain_text("€70,000–€110,000 a year (about $75,000–$120,000)")
    assert page.context.cookies() == []  # no cookie was set, not even a CSRF one
    shot(page, "7-assess-result", width)
    page.screenshot(path=str(SCREENSHOTS / f"7-assess-result-top-{width}.png"))  # what the reader sees first
    page.locator("#pay").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"7-assess-result-pay-{width}.png"))
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert console_errors == []


# The assessment's result for 9 years with every skill left at "none", in Germany (whose levels have no pay of
# their own, so the chart shows the United States' figures).
ASSESS_RESULT = f"/roles/{GUIDE_SLUG}/assess/?years_total=9&years_at_level=2&region=germany"

PAGE_TYPES = {
    "home": "/",
    "roles": "/roles/?q=manager",
    "roles-error": "/roles/?q=" + "x" * 300,
    "search": "/search/?q=tecnical+manger",
    "search-error": "/search/?q=" + "x" * 300,
    "guide": f"/roles/{GUIDE_SLUG}/",
    "level": f"/roles/{GUIDE_SLUG}/levels/technical-manager/",
    "level-state-error": f"/roles/{GUIDE_SLUG}/levels/technical-manager/?state=ZZ",
    "skills": "/skills/",
    "skill": "/skills/cloud-platform-architectures/",
    "salaries": "/salaries/?currency=EUR",
    "salaries-error": "/salaries/?currency=XXX",
    "compare": f"/compare/?roles={GUIDE_SLUG},data-engineer",
    "compare-error": "/compare/?roles=nope",
    "skills-gap": f"/compare/skills-gap/?current=data-engineer&target={GUIDE_SLUG}",
    "not-found": "/roles/no-such-role/",
    "assess": f"/roles/{GUIDE_SLUG}/assess/",
    "assess-error": f"/roles/{GUIDE_SLUG}/assess/?years_total=99",
    "assess-result": ASSESS_RESULT,
    "job-description": f"/roles/{GUIDE_SLUG}/levels/technical-director/job-description/?region=germany",
    # BLS's OEWS pages, on the fictional release (tests/data/oews/may2030).
    "occupations": "/occupations/?search=keep",
    "occupation": "/occupations/98-1011/?state=98",
    "occupation-hourly": "/occupations/98-1020/",
    "occupation-state-error": "/occupations/98-1011/?state=06",
    "areas": "/areas/",
    "area": "/areas/9800000/",
    "compare-occupations": "/compare/?occupations=98-1011,98-1012&state=99",
}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_has_no_axe_violations(page, site, console_errors, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + path)
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The only console errors allowed are the ones Chromium logs for the 4xx status of error pages.
    assert [e for e in console_errors if "status of 40" not in e] == []


def test_guide_weighs_under_100_kb_and_loads_nothing_from_another_host(page, site):
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(site + f"/roles/{GUIDE_SLUG}/", wait_until="networkidle")
    hosts = {urlsplit(request.url).netloc for request in responses}
    transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in responses)
    assert hosts == {urlsplit(site).netloc}
    assert {urlsplit(r.url).path for r in responses} == {
        f"/roles/{GUIDE_SLUG}/",
        "/static/css/site.css",
        "/static/img/favicon.svg",
    }
    assert transferred < GUIDE_WEIGHT_LIMIT, f"guide page transferred {transferred} bytes"


def test_charts_and_tables_work_without_javascript_and_print_without_navigation(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + f"/roles/{GUIDE_SLUG}/")
    chart = page.get_by_role("img", name="Annual pay by career level, United States (USD)")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Pay by career level, United States, a year unless marked “an hour”")
    assert table.is_visible()
    page.emulate_media(media="print")
    assert page.get_by_role("navigation", name="On this page").is_hidden()
    assert page.get_by_role("navigation", name="Main").is_hidden()
    assert chart.is_visible()
    page.pdf(path=str(SCREENSHOTS / "guide-print.pdf")) if SCREENSHOTS.exists() else None
    context.close()


TABLE_PAGES = {
    "guide": f"/roles/{GUIDE_SLUG}/",
    "level": f"/roles/{GUIDE_SLUG}/levels/technical-manager/",
    "salaries": "/salaries/?currency=EUR",
    "compare": f"/compare/?roles={GUIDE_SLUG},data-engineer",
    "skills-gap": f"/compare/skills-gap/?current=data-engineer&target={GUIDE_SLUG}",
}

# Each table's width beyond its box (the scrolling the issue saw), and each data cell's column name.
TABLE_LAYOUT = """() => [...document.querySelectorAll("main table")].map(table => ({
    caption: table.caption ? table.caption.textContent.trim() : "",
    overflow: Math.max(table.scrollWidth, table.closest(".table-scroll")?.scrollWidth ?? 0)
        - (table.closest(".table-scroll") ?? table.parentElement).clientWidth,
    display: getComputedStyle(table.tBodies[0].rows[0]).display,
    unlabelled: [...table.querySelectorAll("tbody td")].filter(td => !td.dataset.label).length,
}))"""


@pytest.mark.parametrize("name", TABLE_PAGES)
def test_tables_restack_into_cards_on_a_phone_instead_of_scrolling(page, site, name):
    path = TABLE_PAGES[name]
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(site + path)

    tables = page.evaluate(TABLE_LAYOUT)

    assert tables, path
    for table in tables:
        assert table["overflow"] <= 0, table
        assert table["display"] == "block", table  # a card per row, not a table row
        assert table["unlabelled"] == 0, table
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, f"tables-{name}", WIDTHS["phone"])
    for number, table in enumerate(page.locator("main table").all(), start=1):
        table.screenshot(path=str(SCREENSHOTS / f"tables-{name}-{number}-{WIDTHS['phone']}.png"))


def test_tables_stay_tables_on_a_desktop(page, site):
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(site + f"/roles/{GUIDE_SLUG}/")

    tables = page.evaluate(TABLE_LAYOUT)

    assert {table["display"] for table in tables} == {"table-row"}
    assert all(table["overflow"] <= 0 for table in tables), tables


CHART_PAGES = {
    "occupation": "/occupations/98-1011/?state=98",
    "guide": f"/roles/{GUIDE_SLUG}/",
    "level": f"/roles/{GUIDE_SLUG}/levels/technical-manager/",
    "compare": f"/compare/?roles={GUIDE_SLUG},data-engineer",
    "skills-gap": f"/compare/skills-gap/?current=data-engineer&target={GUIDE_SLUG}",
    "salaries": "/salaries/?currency=EUR",
    "assess-result": ASSESS_RESULT,
}

# Each chart's smallest label as rendered (its font size times the SVG's scale), and any two labels that overlap.
CHART_LABELS = """() => [...document.querySelectorAll("main svg.chart-svg")].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll("text")];
    const boxes = texts.map(t => t.getBoundingClientRect());
    const overlaps = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
            overlaps.push([texts[i].textContent, texts[i + 1 + j].textContent]);
        }
    }));
    const section = svg.closest("section") ?? svg.closest("main");
    return {
        title: svg.querySelector("title").textContent,
        // The chart's table alternative: a table after the chart in its own section.
        table: [...section.querySelectorAll("table")].some(table =>
            svg.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING),
        smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
        overlaps,
    };
})"""


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("name", CHART_PAGES)
def test_chart_labels_read_at_12_px_or_more_without_overlapping(page, site, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + CHART_PAGES[name])

    charts = page.evaluate(CHART_LABELS)

    assert charts, f"no chart on {name}"
    print(f"{name} at {width} px: smallest chart label", min(chart["smallest"] for chart in charts), "px")
    for chart in charts:
        assert chart["smallest"] >= 12, chart
        assert chart["overlaps"] == [], chart
        assert chart["table"], f"{chart['title']}: no table follows the chart"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_state_map_works_by_keyboard_and_without_javascript(browser, site, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site + "/occupations/98-1011/")

    state_map = page.get_by_role("group", name="Median pay of Dragon Keepers by state and territory")
    expect(state_map).to_be_visible()
    expect(state_map.get_by_role("link")).to_have_count(54)  # 50 states, DC, Guam, Puerto Rico, Virgin Islands
    california = state_map.get_by_role("link", name="CA, California: no estimate loaded")
    california.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "CA, California: no estimate loaded"
    expect(page.get_by_role("table", name=re.compile("Dragon Keepers by state"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, "occupation", width)
    page.locator("figure.state-map").screenshot(path=str(SCREENSHOTS / f"occupation-map-{width}.png"))

    page.get_by_label("Your state or territory").select_option("98")
    page.get_by_role("button", name="Show my state").click()
    expect(page.get_by_text("In Aquilonia", exact=True)).to_be_visible()
    expect(page.get_by_role("columnheader", name="Aquilonia, yearly")).to_be_visible()
    context.close()
