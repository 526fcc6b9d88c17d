"""The salaries part of the JSON API: regional salary ranges (JSON and CSV), regions, currencies."""

import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from careerguide.api import csv_stream, flatten
from careerguide.csv_cells import csv_cell
from roles.models import RegionalSalary
from roles.serializers.pay import RegionalSalarySerializer
from salaries.models import Region
from tests import factories
from tests.api_data import client_for, snapshot, sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def ranges():
    """Salary ranges of a published role in three places, and one of an unpublished role."""
    usd = factories.CurrencyFactory(code="USD", name="US dollar")
    eur = factories.CurrencyFactory(code="EUR", name="Euro")
    inr = factories.CurrencyFactory(code="INR", name="Indian rupee")
    _, editorial = sources()
    us = factories.RegionFactory(name="United States", slug="united-states", iso_code="US", currency=usd)
    germany = factories.RegionFactory(name="Germany", slug="germany", iso_code="DE", currency=eur)
    india = factories.RegionFactory(name="India", slug="india", iso_code="IN", currency=inr)
    europe = factories.RegionFactory(name="Western Europe", slug="western-europe", kind="region", iso_code="")
    europe.members.add(germany)
    manager = factories.RoleFactory(title="Technical Manager", slug="technical-manager")
    hidden = factories.RoleFactory(title="Hidden", slug="hidden", is_published=False)

    def salary(role, region, currency, usd_min, usd_max, local=None):
        low, high = local or (usd_min, usd_max)
        return factories.RegionalSalaryFactory(
            role=role,
            region=region,
            currency=currency,
            source=editorial,
            local_min=Decimal(low),
            local_max=Decimal(high),
            usd_min=Decimal(usd_min),
            usd_max=Decimal(usd_max),
        )

    return {
        "us": salary(manager, us, usd, "120000", "200000"),
        "de": salary(manager, germany, eur, "75000", "120000", local=("70000", "110000")),
        "eu": salary(manager, europe, eur, "65000", "125000"),
        "in": salary(manager, india, inr, "30000", "60000", local=("2500000", "5000000")),
        "hidden": salary(hidden, us, usd, "100000", "150000"),
    }


def keys(response, ranges) -> list[str]:
    assert response.status_code == 200, response.content
    by_id = {salary.pk: key for key, salary in ranges.items()}
    return [by_id[row["id"]] for row in response.json()["results"]]


# --- JSON list and detail ----------------------------------------------------------------------


def test_salary_list_shows_ranges_of_published_roles_highest_first(api, ranges):
    assert keys(api.get("/api/v1/salaries/"), ranges) == ["us", "eu", "de", "in"]


def test_salary_row_has_role_region_money_source_and_date(api, ranges):
    row = next(r for r in api.get("/api/v1/salaries/").json()["results"] if r["id"] == ranges["de"].pk)

    assert row["role"]["slug"] == "technical-manager"
    assert row["region"] == {"name": "Germany", "slug": "germany", "kind": "country", "iso_code": "DE"}
    assert row["currency"] == "EUR"
    assert (row["local_min"], row["local_max"]) == ("70000.00", "110000.00")
    assert (row["usd_min"], row["usd_max"]) == ("75000.00", "120000.00")
    assert row["usd_is_approximate"] is True
    assert row["source"]["publisher"] == "CareerGuide editors"
    assert row["source"]["quality"] == "Editorial estimate"
    assert row["as_of"] == "2025-01-01"
    assert api.get(row["url"]).json() == row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=technical-manager", ["us", "eu", "de", "in"]),
        ("region=germany", ["de"]),
        ("country=DE", ["eu", "de"]),
        ("country=de", ["eu", "de"]),
        ("country=FR", []),
        ("currency=EUR", ["eu", "de"]),
        ("min_usd=70000", ["us", "de"]),
        ("max_usd=125000", ["eu", "de", "in"]),
        ("min_usd=60000&max_usd=125000", ["eu", "de"]),
        ("min_usd=60000&max_usd=125000&ordering=usd_min", ["eu", "de"]),
        ("ordering=usd_min", ["in", "eu", "de", "us"]),
        ("ordering=-usd_min", ["us", "de", "eu", "in"]),
        ("ordering=usd_max", ["in", "de", "eu", "us"]),
        ("ordering=-usd_max", ["us", "eu", "de", "in"]),
    ],
)
def test_salary_list_filters_and_ordering(api, ranges, query, expected):
    assert keys(api.get(f"/api/v1/salaries/?{query}"), ranges) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("role=hidden", "role"),
        ("role=nobody", "role"),
        ("region=atlantis", "region"),
        ("country=D", "country"),
        ("country=DEU", "country"),
        ("country=1A", "country"),
        ("currency=XYZ", "currency"),
        ("currency=eur", "currency"),
        ("min_usd=abc", "min_usd"),
        ("min_usd=-5", "min_usd"),
        ("max_usd=1e400", "max_usd"),
        ("max_usd=1e-400", "max_usd"),
        ("max_usd=Infinity", "max_usd"),
        ("ordering=salary", "ordering"),
        ("ordering=usd_min,-region", "ordering"),
    ],
)
def test_salary_list_rejects_invalid_filter_values_naming_the_parameter(api, ranges, query, parameter):
    response = api.get(f"/api/v1/salaries/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_salary_of_unpublished_role_is_404(api, ranges):
    response = api.get(f"/api/v1/salaries/{ranges['hidden'].pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No published regional salary with id '{ranges['hidden'].pk}'."}


# --- CSV ---------------------------------------------------------------------------------------


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.parametrize("query", ["", "country=DE", "ordering=usd_min&currency=EUR", "min_usd=1000000"])
def test_salary_csv_has_the_same_rows_as_the_json(api, ranges, query):
    json_rows = api.get(f"/api/v1/salaries/?page_size=200&{query}").json()["results"]

    rows = csv_rows(api.get(f"/api/v1/salaries/?format=csv&{query}"))

    assert rows == [{key: csv_cell(value) for key, value in flatten(row).items()} for row in json_rows]


def test_salary_csv_columns_are_flattened_json_fields(api, ranges):
    [row] = csv_rows(api.get("/api/v1/salaries/?format=csv&region=germany"))

    assert row["role.slug"] == "technical-manager"
    assert row["region.iso_code"] == "DE"
    assert row["currency"] == "EUR"
    assert (row["local_min"], row["usd_max"]) == ("70000.00", "120000.00")
    assert row["usd_is_approximate"] == "true"
    assert row["source.publisher"] == "CareerGuide editors"
    assert row["as_of"] == "2025-01-01"
    assert row["url"] == f"http://testserver/api/v1/salaries/{ranges['de'].pk}/"


def test_salary_csv_is_every_matching_row_not_one_page(api, ranges):
    assert len(csv_rows(api.get("/api/v1/salaries/?format=csv&page_size=1"))) == 4


def test_salary_csv_defuses_spreadsheet_formulas(api, ranges):
    RegionalSalary.objects.filter(pk=ranges["de"].pk).update(note='=HYPERLINK("http://x","y")')

    [row] = csv_rows(api.get("/api/v1/salaries/?format=csv&region=germany"))

    assert row["note"] == '\'=HYPERLINK("http://x","y")'


def test_salary_csv_errors_are_json(api, ranges):
    response = api.get("/api/v1/salaries/?format=csv&min_usd=abc")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["min_usd"]


@pytest.mark.parametrize("query", ["page_size=-1", "page_size=201", "page=0", "page=x"])
def test_salary_csv_checks_the_paging_parameters_it_does_not_use(api, ranges, query):
    response = api.get(f"/api/v1/salaries/?format=csv&{query}")

    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


def test_salary_delete_asking_for_csv_is_an_empty_204(salary_case):
    client = client_for("with permission", RegionalSalary, "delete")

    response = client.delete(salary_case["detail"] + "?format=csv")

    assert response.status_code == 204
    assert response.content == b""


def test_unknown_format_is_400_naming_the_parameter(api, ranges):
    response = api.get("/api/v1/salaries/?format=xlsx")

    assert response.status_code == 400
    assert response.json() == {"format": ["Unknown format 'xlsx'; use one of: json, csv."]}


# --- Regions and currencies --------------------------------------------------------------------


def test_region_list_shows_countries_and_regions_with_members(api, ranges):
    rows = api.get("/api/v1/regions/").json()["results"]

    assert [r["slug"] for r in rows] == ["germany", "india", "united-states", "western-europe"]
    europe = rows[-1]
    assert europe["kind"] == "region"
    assert [m["iso_code"] for m in europe["members"]] == ["DE"]
    assert api.get(europe["url"]).json() == europe


def test_unknown_region_is_json_404(api):
    response = api.get("/api/v1/regions/atlantis/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No published region with slug 'atlantis'."}


def test_currency_list_and_detail(api, ranges):
    rows = api.get("/api/v1/currencies/").json()["results"]

    assert [r["code"] for r in rows] == ["EUR", "INR", "USD"]
    assert api.get("/api/v1/currencies/EUR/").json() == rows[0]


@pytest.mark.parametrize("code", ["XYZ", "eur", "EURO"])
def test_unknown_currency_is_json_404(api, ranges, code):
    response = api.get(f"/api/v1/currencies/{code}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# --- Query counts ------------------------------------------------------------------------------


@pytest.fixture
def many_ranges():
    def make(n):
        role = factories.RoleFactory()
        usd = factories.CurrencyFactory()
        source = factories.SourceFactory()
        regions = factories.RegionFactory.create_batch(n, kind=Region.Kind.REGION, iso_code="", currency=usd)
        for region in regions:
            factories.RegionalSalaryFactory(role=role, region=region, currency=usd, source=source)
            region.members.add(factories.RegionFactory(currency=usd))

    return make


@pytest.mark.parametrize("n", [1, 200])
def test_salary_list_query_count_is_fixed(api, django_assert_num_queries, many_ranges, n):
    many_ranges(n)

    with django_assert_num_queries(2):  # count; ranges with role, region, currency and source
        response = api.get("/api/v1/salaries/?page_size=200")
    assert len(response.json()["results"]) == n

    with django_assert_num_queries(1):  # ranges with role, region, currency and source, read while streaming
        rows = csv_rows(api.get("/api/v1/salaries/?format=csv"))
    assert len(rows) == n

    with django_assert_num_queries(1):  # the range with role, region, currency and source
        api.get(rows[0]["url"])


def test_salary_filters_naming_objects_add_one_lookup_each(api, ranges, django_assert_num_queries):
    # role, region and currency lookups (the filters validate them); count; page of ranges.
    # country and the amounts are conditions of the same two queries.
    with django_assert_num_queries(5):
        response = api.get("/api/v1/salaries/?role=technical-manager&region=germany&currency=EUR&country=DE&min_usd=1")
    assert keys(response, ranges) == ["de"]


@pytest.mark.parametrize("n", [1, 200])
def test_region_and_currency_query_counts_are_fixed(api, django_assert_num_queries, many_ranges, n):
    many_ranges(n)

    with django_assert_num_queries(3):  # count; regions; their member countries
        response = api.get("/api/v1/regions/?page_size=200&page=1")
    assert len(response.json()["results"]) == min(2 * n, 200)

    with django_assert_num_queries(2):  # the region; its member countries
        api.get(response.json()["results"][0]["url"])

    with django_assert_num_queries(2):  # count; currencies
        response = api.get("/api/v1/currencies/")

    with django_assert_num_queries(1):  # the currency
        assert api.get(response.json()["results"][0]["url"]).status_code == 200


# --- Writes ------------------------------------------------------------------------------------


@pytest.fixture
def salary_case(ranges):
    source = ranges["de"].source
    return {
        "detail": f"/api/v1/salaries/{ranges['de'].pk}/",
        "create": {
            "role": "hidden",
            "region": "india",
            "currency": "INR",
            "source": source.pk,
            "local_min": "1000000",
            "local_max": "2000000",
            "usd_min": "12000",
            "usd_max": "24000",
        },
        "update": {
            "role": "technical-manager",
            "region": "germany",
            "currency": "EUR",
            "source": source.pk,
            "local_min": "71000.00",
            "local_max": "111000.00",
            "usd_min": "76000.00",
            "usd_max": "121000.00",
        },
        "patch": {"note": "Checked again."},
    }


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("without permission", 403), ("with permission", None)]
)
def test_salary_write_permission_matrix(salary_case, method, who, expected):
    client = client_for(who, RegionalSalary, method)
    before = snapshot(RegionalSalary)
    url = "/api/v1/salaries/" if method == "post" else salary_case["detail"]
    payload = {"post": salary_case["create"], "put": salary_case["update"], "patch": salary_case["patch"]}.get(method)

    response = getattr(client, method)(url, payload, format="json")

    if expected is not None:
        assert response.status_code == expected, response.content
        assert snapshot(RegionalSalary) == before
    else:
        expected_status = {"post": 201, "put": 200, "patch": 200, "delete": 204}[method]
        assert response.status_code == expected_status, response.content
        assert snapshot(RegionalSalary) != before
        if method in ("put", "patch"):
            for field, value in payload.items():
                assert response.json()[field] == value
        elif method == "post":
            assert RegionalSalary.objects.filter(pk=response.json()["id"], role__slug="hidden").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"usd_min": "130000.00"}, "usd_max"),  # the constraint's message is on the maximum, as in the admin
        ({"local_min": "-1"}, "local_min"),
        ({"region": "india", "role": "hidden", "currency": "INR"}, None),
        ({"region": "india", "role": "hidden"}, "currency"),  # EUR is not how India's salaries are quoted
        ({"region": "united-states", "currency": "USD"}, "region"),  # the role already has a range there
        ({"currency": "XYZ"}, "currency"),
        ({"source": 999999}, "source"),
        ({"usd_max": "1e20"}, "usd_max"),
        ({"usd_max": "abc"}, "usd_max"),
    ],
)
def test_invalid_salary_write_is_400_and_changes_nothing(salary_case, change, field):
    client = client_for("with permission", RegionalSalary, "put")
    before = snapshot(RegionalSalary)

    response = client.put(salary_case["detail"], salary_case["update"] | change, format="json")

    if field is None:  # control: a valid change is accepted
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert snapshot(RegionalSalary) == before


def test_salary_csv_is_streamed_with_the_header_first_even_when_nothing_matches(api, ranges):
    response = api.get("/api/v1/salaries/?format=csv&min_usd=999999999")
    chunks = list(response.streaming_content)

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="careerguide-salaries.csv"'
    assert chunks[0].decode().startswith("id,url,role.title,role.slug,role.url,role.guide_url,region.name,")
    assert b"".join(chunks).decode().count("\r\n") == 1  # the header alone


def test_csv_stream_yields_in_chunks_without_building_the_whole_file(api, ranges):
    serializer = RegionalSalarySerializer(context={"request": None})
    pulled = []

    def salaries():
        for salary in RegionalSalary.objects.for_listing():
            pulled.append(salary)
            yield salary

    stream = csv_stream(serializer, salaries(), rows_per_chunk=1)
    header, first_row = next(stream), next(stream)

    assert header.startswith(b"id,url,")
    assert len(pulled) == 1 and first_row.count(b"\r\n") == 1  # one row read, one row sent


def test_delete_asking_for_csv_is_a_bodiless_204(salary_case):
    client = client_for("with permission", RegionalSalary, "delete")

    response = client.delete(salary_case["detail"] + "?format=csv")

    assert response.status_code == 204
    assert response.content == b""
