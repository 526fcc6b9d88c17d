"""Issue 19, point 1: a figure stated per hour is stored, shown, compared and exported per hour; where a
yearly equivalent is shown it is a year of 2,080 hours (BLS's full-time year), and the page says so."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest

from roles.guide_import import parse_guide
from roles.ladder import _pay_change
from roles.models import CareerLevel
from roles.salary_csv import salaries_export

pytestmark = pytest.mark.django_db

PLUMBER = "geyser-plumber"


@pytest.fixture
def plumber(import_test_guide):
    import_test_guide("geyser_plumber.txt", publish=True)
    import_test_guide("night_ferry_navigator.txt", publish=True)


def html(client, url, params=None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    return " ".join(response.content.decode().split())


def test_the_parse_keeps_the_period_each_figure_states():
    text = (
        "Complete Tide Clerk Career Guide\nKeeps tide tables.\nKey Facts & Statistics\nMedian Salary\n$22.50/hr USD\n"
        "Salary by Experience Level\n| Level | US Median | US Average |\n|---|---|---|\n"
        "| Apprentice Plumber | $18/hr USD | $21/hr USD |\n| Senior Clerk | $58k USD | $60k USD |\n"
        "| Clerk | $25 USD | — |\n"
        "Global Salaries\nIn New Zealand, clerks earn NZD 35 to NZD 48 per hour (about $21-$29 USD per hour).\n"
    )
    guide = parse_guide(text)

    assert (guide.key_facts.median, guide.key_facts.period) == (Decimal("22.50"), "hour")
    assert [(pay.title, pay.median, pay.average, pay.period) for pay in guide.level_pay] == [
        ("Apprentice Plumber", 18, 21, "hour"),
        ("Senior Clerk", 58000, 60000, "year"),
        ("Clerk", None, None, "year"),  # refused below, not stored as $25 a year
    ]
    assert [number for number, text in guide.unparsed if "no period stated" in text] == [11]
    [nz] = guide.regional_pay
    assert (nz.place.code, nz.local_min, nz.local_max, nz.usd_min, nz.usd_max, nz.period) == (
        "NZ",
        35,
        48,
        21,
        29,
        "hour",
    )


def test_level_page_shows_hourly_pay_and_an_hourly_rise(client, plumber):
    apprentice = CareerLevel.objects.get(role__slug=PLUMBER, order=1)
    page = html(client, apprentice.get_absolute_url())

    assert '<td data-label="Median">$18 an hour</td>' in page
    assert "+$11.50 an hour" in page  # $18 → $29.50 an hour, not several hundred thousand percent
    assert "$18 an hour → $29.50 an hour (+64%)" in page


def test_a_rise_from_hourly_to_yearly_pay_counts_2080_hours():
    region = SimpleNamespace()
    hourly = SimpleNamespace(region=region, currency="USD", pay_period="hour")
    yearly = SimpleNamespace(region=region, currency="USD", pay_period="year")

    change = _pay_change(hourly, yearly, Decimal("29.50"), Decimal(78000), "median")

    assert (change.current, change.following, change.difference) == (Decimal("61360.00"), 78000, Decimal("16640.00"))
    assert (change.pay_period, change.converted, change.percent) == ("year", True, 27)


def test_job_description_states_the_hourly_period(client, plumber):
    apprentice = CareerLevel.objects.get(role__slug=PLUMBER, order=1)
    page = html(client, f"/roles/{PLUMBER}/levels/{apprentice.slug}/job-description/")

    assert "United States: median $18, average $21 an hour." in page
    assert "$18 a year" not in page


def test_guide_page_key_facts_and_salaries_abroad_keep_their_period(client, plumber):
    ferry = html(client, "/roles/night-ferry-navigator/")
    plumber_page = html(client, f"/roles/{PLUMBER}/")

    assert '<span class="fact-figure">$34.20</span> an hour' in ferry
    assert "$24–$52 an hour" in ferry  # the key facts' range
    assert "NZD 35–NZD 48 an hour" in plumber_page
    assert "$61,150</span> a year" in plumber_page


def test_explorer_filters_compare_an_hourly_range_as_a_year_of_2080_hours(client, plumber):
    def regions(**params):
        response = client.get("/api/v1/salaries/", {"role": PLUMBER, **params})
        assert response.status_code == 200
        return {row["region"]["name"]: row["pay_period"] for row in response.json()["results"]}

    # NZD 35-48 an hour is $21-$29 an hour: $43,680-$60,320 a year.
    assert regions(min_usd=40000) == {"New Zealand": "hour", "Iceland": "year"}
    assert regions(max_usd=61000) == {"New Zealand": "hour"}
    assert regions(min_usd=50000) == {"Iceland": "year"}
    assert list(regions(ordering="usd_max")) == ["New Zealand", "Iceland"]


def test_headline_median_compares_as_a_year_and_says_so(client, plumber):
    response = client.get("/api/v1/roles/", {"ordering": "-median_pay"})
    medians = {row["slug"]: row["median_pay_usd"] for row in response.json()["results"]}

    assert medians["night-ferry-navigator"] == "71136.00"  # $34.20 an hour × 2,080
    assert medians[PLUMBER] == "61150.00"
    assert "$71,136 a year ($34.20 an hour at 2,080 hours)" in html(client, "/roles/")


def test_api_and_csv_export_carry_the_period(client, plumber):
    levels = client.get("/api/v1/levels/", {"role": PLUMBER}).json()["results"]
    out = io.StringIO()
    salaries_export(file=out)
    rows = {row["region"]: row for row in csv.DictReader(io.StringIO(out.getvalue())) if row["role"] == PLUMBER}

    assert [(level["title"], level["us_median"], level["us_pay_period"]) for level in levels] == [
        ("Apprentice Geyser Plumber", "18.00", "hour"),
        ("Journeyman Geyser Plumber", "29.50", "hour"),
        ("Vent Crew Lead", None, None),
        ("Master Geyser Plumber", "78000.00", "year"),
    ]
    assert (rows["new-zealand"]["local_min"], rows["new-zealand"]["pay_period"]) == ("35.00", "hour")
    assert (rows["iceland"]["local_min"], rows["iceland"]["pay_period"]) == ("9000000.00", "year")
