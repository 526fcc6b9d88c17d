"""A guide's median beside the BLS figures loaded here (roles.official_figures): the key facts and the API.

Fictional occupation (98-4011) and releases (May 2028, May 2030); the guide cites BLS for May 2028 or another date.
"""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from roles.models import Role
from roles.official_figures import Standing, check_median_pay
from salaries.models import OewsArea, OewsFootnote, OewsIndustry, Source
from tests import factories as f

pytestmark = pytest.mark.django_db

SOC_CODE = "98-4011"


@pytest.fixture
def occupation():
    return f.OccupationFactory(soc_code=SOC_CODE, title="Comet Cartographers")


def national_median(occupation, *, code, name, month, annual_median, footnote=""):
    nation, _ = OewsArea.objects.get_or_create(
        code=OewsArea.NATIONAL_CODE, defaults={"name": "U.S.", "kind": OewsArea.Kind.NATIONAL, "state_code": "00"}
    )
    every_industry, _ = OewsIndustry.objects.get_or_create(
        code=OewsIndustry.ALL_INDUSTRIES_CODE, defaults={"name": "All industries", "level": 0, "position": 0}
    )
    release = f.OewsReleaseFactory(code=code, name=name, reference_date=month)
    return f.WageEstimateFactory(
        release=release,
        occupation=occupation,
        area=nation,
        industry=every_industry,
        annual_median=annual_median,
        annual_median_footnote=footnote,
    )


def guide_citing(month, *, median="150000", kind=Source.Kind.OFFICIAL_STATISTIC, soc_code=SOC_CODE):
    source = f.SourceFactory(as_of=month, as_of_precision=Source.Precision.MONTH if month else "", kind=kind)
    role = f.RoleFactory(title="Comet Mapper", slug="comet-mapper", soc_code=soc_code)
    f.KeyFactsFactory(role=role, median_pay=Decimal(median), median_pay_source=source)
    return Role.objects.published().for_guide_page().get(pk=role.pk)


def test_an_older_guide_figure_is_shown_beside_the_newest_release_and_said_to_be_older(occupation):
    national_median(occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=161200)
    check = check_median_pay(guide_citing(date(2028, 5, 1)))
    assert check.standing == Standing.OLDER
    assert check.is_older
    assert check.newest.annual == 161200
    assert check.attribution == "BLS, as cited by the guide"
    assert check.summary == "The guide's figure is from May 2028, older than BLS's newest release here (May 2030)."


def test_a_guide_figure_dated_after_the_newest_release_is_said_to_be_newer(occupation):
    national_median(occupation, code="2028A01", name="May 2028", month=date(2028, 5, 1), annual_median=150000)
    check = check_median_pay(guide_citing(date(2030, 5, 1)))
    assert check.standing == Standing.NEWER
    assert not check.is_older
    assert "newer than BLS's newest release here (May 2028)" in check.summary


def test_a_figure_matching_the_release_of_its_date_is_matched(occupation):
    national_median(occupation, code="2028A01", name="May 2028", month=date(2028, 5, 1), annual_median=150000)
    national_median(occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=161200)
    check = check_median_pay(guide_citing(date(2028, 5, 1), median="150000"))
    assert check.standing == Standing.MATCHED
    assert check.attribution == "BLS, matched against the May 2028 figures loaded here"
    assert check.summary == (
        "The guide's figure is BLS's May 2028 figure, as loaded here. BLS's newest release loaded here is May 2030."
    )


def test_a_figure_unlike_the_release_of_its_date_stays_as_cited(occupation):
    national_median(occupation, code="2028A01", name="May 2028", month=date(2028, 5, 1), annual_median=148000)
    check = check_median_pay(guide_citing(date(2028, 5, 1), median="150000"))
    assert check.standing == Standing.DIFFERS
    assert check.attribution == "BLS, as cited by the guide"
    assert check.summary == "BLS's May 2028 figure loaded here is different ($148,000)."


def test_without_loaded_figures_the_guide_figure_stands_alone(occupation):
    check = check_median_pay(guide_citing(date(2028, 5, 1)))
    assert check.standing == Standing.NO_DATA
    assert check.newest is None
    assert check.attribution == "BLS, as cited by the guide"


def test_an_undated_figure_and_an_editorial_estimate(occupation):
    national_median(occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=161200)
    undated = check_median_pay(guide_citing(None))
    assert undated.standing == Standing.UNDATED
    Role.objects.all().delete()
    estimate = check_median_pay(guide_citing(date(2030, 5, 1), kind=Source.Kind.EDITORIAL_ESTIMATE))
    assert estimate.attribution == "BLS, the guide's own estimate"


def test_a_top_coded_release_figure_is_a_floor_not_a_value(occupation):
    text = "This wage is equal to or greater than $115.00 per hour or $239,200 per year."
    OewsFootnote.objects.create(code="5", text=text, hourly_floor=Decimal("115.00"), annual_floor=239200)
    national_median(
        occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=239200, footnote="5"
    )
    check = check_median_pay(guide_citing(date(2028, 5, 1)))
    assert check.newest.annual is None
    assert check.newest.floor == 239200


def test_the_key_facts_show_both_figures_and_link_to_the_occupation(client, occupation):
    national_median(occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=161200)
    guide_citing(date(2028, 5, 1))
    page = client.get("/roles/comet-mapper/").content.decode()
    assert "Guide: $150,000, May 2028 (BLS, as cited by the guide) ·\n  BLS May 2030: $161,200" in page
    assert "older than BLS&#x27;s newest release here (May 2030)" in page
    assert f'href="/occupations/{SOC_CODE}/"' in page
    assert f'href="/occupations/{SOC_CODE}/#pay-by-state"' in page
    assert "Checked against its sources" not in page


def test_the_api_gives_the_same_comparison(occupation):
    national_median(occupation, code="2030A01", name="May 2030", month=date(2030, 5, 1), annual_median=161200)
    guide_citing(date(2028, 5, 1))
    body = APIClient().get("/api/v1/roles/comet-mapper/").json()
    assert body["median_pay_check"] == {
        "guide_median": "150000.00",
        "guide_date": "May 2028",
        "attribution": "BLS, as cited by the guide",
        "standing": "older",
        "is_older": True,
        "summary": "The guide's figure is from May 2028, older than BLS's newest release here (May 2030).",
        "soc_code": SOC_CODE,
        "bls_release": "May 2030",
        "bls_median": 161200,
        "bls_median_floor": None,
    }


def test_the_api_comparison_is_null_without_a_median():
    role = f.RoleFactory(slug="no-median")
    f.KeyFactsFactory(
        role=role, median_pay=None, median_pay_source=None, pay_range_min=None, pay_range_max=None, annual_openings=None
    )
    assert APIClient().get("/api/v1/roles/no-median/").json()["median_pay_check"] is None
