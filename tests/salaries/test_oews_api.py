"""The OEWS part of the JSON API: occupations, areas, industries and wage estimates (JSON and CSV).

Data: the fictional "May 2030" release of tests/data/oews/may2030, imported by `import_oews`.
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

RELEASE_DIR = Path(__file__).resolve().parent.parent / "data" / "oews" / "may2030"


@pytest.fixture
def api(settings):
    settings.RESPONSE_CACHE_SECONDS = 0  # every request does its queries
    call_command("import_oews", str(RELEASE_DIR), "--published", "2031-04-01", verbosity=0)
    return APIClient()


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_occupation_list_carries_the_latest_national_figures(api, django_assert_num_queries):
    with django_assert_num_queries(4):  # release, footnotes, count, occupations + parents + national estimate
        response = api.get("/api/v1/occupations/?level=detailed")

    items = results(response)
    assert [item["soc_code"] for item in items] == ["98-1011", "98-1012", "98-1020"]
    dragon = items[0]
    assert dragon["title"] == "Dragon Keepers"
    assert dragon["parent"] == "98-1010"
    assert dragon["url"].endswith("/api/v1/occupations/98-1011/")
    assert dragon["national"] == {
        "employment": 5000,
        "hourly_median": 40.0,
        "annual_mean": 87360,
        "annual_median": 83200,
        "footnotes": {},
    }
    # Paid by the hour only: the annual figures are null, and the footnote says why.
    cartographers = items[2]["national"]
    assert cartographers["annual_median"] is None
    assert cartographers["footnotes"]["annual_median"]["code"] == "4"
    assert cartographers["footnotes"]["annual_median"]["text"].startswith("Wages for some occupations")


def test_occupation_list_filters_and_orders(api):
    def codes(query):
        return [item["soc_code"] for item in results(api.get(f"/api/v1/occupations/?{query}"))]

    assert codes("group=98-0000&level=minor") == ["98-1000"]
    assert codes("search=griffin") == ["98-1012"]
    assert codes("level=detailed&ordering=-annual_median") == ["98-1012", "98-1011", "98-1020"]  # null last
    assert codes("level=detailed&min_median=80000&max_median=90000") == ["98-1011"]
    assert codes("level=detailed&ordering=title") == ["98-1020", "98-1011", "98-1012"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("level=huge", "level"),
        ("group=98-1000", "group"),
        ("min_median=-1", "min_median"),
        ("min_median=1.5", "min_median"),
        ("ordering=salary", "ordering"),
    ],
)
def test_occupation_list_refuses_bad_parameters(api, query, field):
    response = api.get(f"/api/v1/occupations/?{query}")

    assert response.status_code == 400
    assert field in response.json()


def test_occupation_detail_has_groups_release_estimate_and_guides(api, django_assert_num_queries):
    factories.RoleFactory(title="Dragon Keeper", slug="dragon-keeper", soc_code="98-1011")
    factories.RoleFactory(title="Draft", slug="draft", soc_code="98-1011", is_published=False)

    # occupation + parent chain, children, footnotes, national estimate + release, guides
    with django_assert_num_queries(5):
        response = api.get("/api/v1/occupations/98-1011/")

    assert response.status_code == 200
    body = response.json()
    assert [group["soc_code"] for group in body["parents"]] == ["98-0000", "98-1000", "98-1010"]
    assert body["children"] == []
    assert body["description"] == "Feed, groom and fireproof dragons."
    assert body["release"] == {
        "code": "2030A01",
        "name": "May 2030",
        "reference_date": "2030-05-01",
        "published": "2031-04-01",
    }
    national = body["national"]
    assert national["annual_median"] == 83200
    # Top-coded: null, with the floor in its footnote.
    assert national["annual_p90"] is None
    assert national["footnotes"]["annual_p90"]["floor"] == 239200
    assert national["footnotes"]["hourly_p90"]["floor"] == 115.0
    assert [guide["slug"] for guide in body["guides"]] == ["dragon-keeper"]
    assert body["guides"][0]["url"].endswith("/api/v1/roles/dragon-keeper/")


def test_occupation_detail_lists_children(api):
    body = api.get("/api/v1/occupations/98-1010/").json()

    assert [child["soc_code"] for child in body["children"]] == ["98-1011", "98-1012"]


def test_unknown_occupation_is_a_json_404(api):
    response = api.get("/api/v1/occupations/12-3456/")

    assert response.status_code == 404
    assert response.json()["detail"] == "No published occupation with soc_code '12-3456'."


def test_area_list_filters_by_type_and_state(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, areas + their state
        items = results(api.get("/api/v1/areas/?type=metro&state=98"))

    assert items == [
        {
            "code": "0098001",
            "name": "Lantern Bay, AQ",
            "type": "metro",
            "state_code": "98",
            "state": {"code": "9800000", "name": "Aquilonia", "type": "state"},
        }
    ]
    assert [area["code"] for area in results(api.get("/api/v1/areas/"))] == ["0000000", "9800000", "9900000", "0098001"]
    assert api.get("/api/v1/areas/?state=California").status_code == 400


def test_industry_list_keeps_blss_order_and_parents(api):
    items = results(api.get("/api/v1/industries/"))

    assert [(item["code"], item["parent"]) for item in items] == [
        ("000000", None),
        ("000001", "000000"),
        ("98--99", "000001"),
        ("981000", "98--99"),
    ]


def test_wages_default_to_all_industries_of_the_latest_release(api, django_assert_num_queries):
    with django_assert_num_queries(3):  # footnotes, count, estimates + occupation, area, industry, release
        items = results(api.get("/api/v1/wages/?occupation=98-1011&ordering=-annual_median"))

    assert [item["area"]["code"] for item in items] == ["0098001", "9800000", "0000000", "9900000"]
    assert {item["industry"]["code"] for item in items} == {"000000"}
    assert items[0]["release"]["code"] == "2030A01"
    assert items[1]["jobs_per_1000"] == 1.25
    assert items[1]["location_quotient"] == 0.95


def test_wages_by_industry_area_type_and_state(api):
    assert [i["industry"]["code"] for i in results(api.get("/api/v1/wages/?occupation=98-1011&industry=98--99"))] == [
        "98--99"
    ]
    assert len(results(api.get("/api/v1/wages/?area_type=state"))) == 14
    assert {i["area"]["code"] for i in results(api.get("/api/v1/wages/?state=98"))} == {"9800000", "0098001"}
    assert results(api.get("/api/v1/wages/?release=2029A01")) == []


def test_wages_mark_missing_and_top_coded_figures(api):
    griffins = results(api.get("/api/v1/wages/?occupation=98-1012&area=9900000"))[0]
    dragon = results(api.get("/api/v1/wages/?occupation=98-1011&area=0000000"))[0]

    assert griffins["employment"] is None
    assert griffins["footnotes"]["employment"] == {"code": "8", "text": "Estimate not released."}
    assert dragon["annual_p90"] is None
    assert dragon["footnotes"]["annual_p90"] == {
        "code": "5",
        "text": "This wage is equal to or greater than $115.00 per hour or $239,200 per year.",
        "floor": 239200,
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("occupation=981011", "occupation"),
        ("area=CA", "area"),
        ("area_type=city", "area_type"),
        ("industry=toolong1", "industry"),
        ("release=May2030", "release"),
        ("ordering=happiness", "ordering"),
        ("format=xml", "format"),
    ],
)
def test_wages_refuse_bad_parameters(api, query, field):
    response = api.get(f"/api/v1/wages/?{query}")

    assert response.status_code == 400
    assert field in response.json()


def test_wages_csv_streams_every_matching_estimate(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # footnotes, estimates (one cursor)
        response = api.get("/api/v1/wages/?occupation=98-1011&format=csv&page_size=1")
        body = b"".join(response.streaming_content).decode()

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 4  # every row, not one page
    national = next(row for row in rows if row["area.code"] == "0000000")
    assert national["annual_median"] == "83200"
    assert national["annual_p90"] == ""
    assert national["footnotes"] == "hourly_p90: 5 (at least 115.00); annual_p90: 5 (at least 239200)"


def test_endpoints_answer_before_any_release_is_loaded(settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    api = APIClient()

    assert results(api.get("/api/v1/occupations/")) == []
    assert results(api.get("/api/v1/wages/")) == []


def test_sitemap_has_an_occupations_section(api, django_assert_num_queries):
    index = api.get("/sitemap.xml").content.decode()
    assert "/sitemap-occupations.xml" in index

    with django_assert_num_queries(2):  # the section's count and its page of occupations
        section = api.get("/sitemap-occupations.xml").content.decode()
    assert section.count("<url>") == 7
    assert "/occupations/98-1011/</loc>" in section
    assert "/api/" not in section


def test_search_finds_occupations_by_words(api):
    assert [item["soc_code"] for item in results(api.get("/api/v1/occupations/?search=cloud cartographers"))] == [
        "98-1020"
    ]


@pytest.mark.postgres_only
def test_search_forgives_typos_on_postgresql(api):
    found = [item["soc_code"] for item in results(api.get("/api/v1/occupations/?search=drgon keepr"))]

    assert found[0] == "98-1011"
