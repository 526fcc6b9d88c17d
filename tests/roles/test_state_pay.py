"""“Pay in your state” on level pages, the assessment and job descriptions (roles.state_pay).

A fictional role and occupation (98-5011) with fictional figures for California and Texas."""

from datetime import date
from decimal import Decimal

import pytest

from salaries.models import OewsArea, OewsIndustry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def role():
    occupation = f.OccupationFactory(soc_code="98-5011", title="Meteor Wardens")
    release = f.OewsReleaseFactory(code="2030A01", name="May 2030", reference_date=date(2030, 5, 1))
    every_industry = f.OewsIndustryFactory(code=OewsIndustry.ALL_INDUSTRIES_CODE, name="All industries", level=0)
    for code, name, median in [("0600000", "California", 123400), ("4800000", "Texas", 98700)]:
        area = f.OewsAreaFactory(code=code, name=name, kind=OewsArea.Kind.STATE, state_code=code[:2])
        f.WageEstimateFactory(
            release=release, occupation=occupation, area=area, industry=every_industry, annual_median=median
        )
    role = f.RoleFactory(title="Meteor Warden", slug="meteor-warden", soc_code="98-5011")
    f.KeyFactsFactory(role=role)
    level = f.CareerLevelFactory(role=role, order=1, slug="warden", title="Warden")
    f.LevelSalaryFactory(level=level, median=Decimal("90000"))
    return role


LEVEL_PAGE = "/roles/meteor-warden/levels/warden/"


@pytest.mark.parametrize("state", ["CA", "ca", "0600000"])
def test_the_level_page_shows_the_chosen_states_median(client, role, state):
    response = client.get(LEVEL_PAGE, {"state": state})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Meteor Wardens</a> in California:\n    <strong>$123,400 a year</strong>" in page
    assert '<option value="CA" selected>California</option>' in page


def test_the_state_is_part_of_the_cached_pages_address(client, role):
    assert "$123,400" in client.get(LEVEL_PAGE, {"state": "CA"}).content.decode()
    assert "$98,700" in client.get(LEVEL_PAGE, {"state": "TX"}).content.decode()
    assert "$123,400" in client.get(LEVEL_PAGE, {"state": "CA"}).content.decode()


def test_an_unknown_state_is_a_form_error(client, role):
    response = client.get(LEVEL_PAGE, {"state": "ZZ"})
    assert response.status_code == 400
    assert "Use a state&#x27;s 2-letter postal code (e.g. CA)" in response.content.decode()


def test_a_state_without_figures_says_so(client, role):
    page = client.get(LEVEL_PAGE, {"state": "NY"}).content.decode()
    assert "BLS publishes no figure for this occupation in that state." in page


def test_the_assessment_and_the_job_description_offer_the_state(client, role):
    assessment = client.get("/roles/meteor-warden/assess/", {"state": "TX"})
    assert assessment.status_code == 200
    assert "$98,700 a year" in assessment.content.decode()
    job = client.get("/roles/meteor-warden/levels/warden/job-description/", {"state": "CA"})
    assert job.status_code == 200
    assert "$123,400 a year" in job.content.decode()


def test_a_guide_without_an_occupation_offers_no_state(client, role):
    role.soc_code = ""
    role.save()
    assert "Pay in your state" not in client.get(LEVEL_PAGE).content.decode()


def test_the_state_costs_one_query(client, role, django_assert_num_queries):
    with django_assert_num_queries(3):  # levels of the role with role and US pay, focus areas, salaries
        assert client.get(LEVEL_PAGE).status_code == 200
    with django_assert_num_queries(4):  # and the state's estimate with its area, release and occupation
        assert client.get(LEVEL_PAGE, {"state": "TX"}).status_code == 200
