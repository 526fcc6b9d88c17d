"""The roles part of the JSON API: roles, levels, skills, comparisons, the about endpoint."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from roles.models import CareerLevel, Role, Skill
from tests import factories
from tests.api_data import client_for, full_guide, make_user, snapshot, sources
from tests.guide_data import load_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def guide():
    return full_guide(title="Technical Manager", slug="technical-manager")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def role_with_pay(title, median_usd=None, growth=None, currency="USD", **fields):
    """A published role with headline median pay (in `currency`) and headline growth."""
    role = factories.RoleFactory(title=title, slug=title.lower().replace(" ", "-"), **fields)
    if median_usd is not None:
        factories.KeyFactsFactory(
            role=role, currency=factories.CurrencyFactory(code=currency), median_pay=Decimal(median_usd)
        )
    if growth is not None:
        factories.GrowthProjectionFactory(role=role, pct_min=Decimal(growth), pct_max=Decimal(growth) + 2)
    return role


# --- Role list ---------------------------------------------------------------------------------


def test_role_list_is_compact_and_shows_only_published_roles(api):
    factories.RoleFactory(title="Beta", slug="beta")
    factories.RoleFactory(title="Alpha", slug="alpha")
    factories.RoleFactory(title="Draft", slug="draft", is_published=False)
    factories.RoleFactory(title="Embargoed", slug="embargoed", published_at=timezone.now() + timedelta(days=1))

    response = api.get("/api/v1/roles/")

    assert slugs(response) == ["alpha", "beta"]
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None
    assert body["previous"] is None
    assert set(body["results"][0]) == {
        "title",
        "slug",
        "summary",
        "median_pay_usd",
        "growth_pct",
        "growth_pct_max",
        "url",
        "guide_url",
    }


def test_role_list_row_has_headline_figures_and_links(api):
    role_with_pay("Technical Manager", median_usd="164070", growth="16")

    [row] = api.get("/api/v1/roles/").json()["results"]

    assert row["median_pay_usd"] == "164070.00"
    assert row["growth_pct"] == "16.00"
    assert row["growth_pct_max"] == "18.00"
    assert row["url"] == "http://testserver" + reverse("api:role-detail", args=["technical-manager"])
    assert row["guide_url"] == "http://testserver" + reverse("roles:detail", args=["technical-manager"])
    assert api.get(row["url"]).status_code == 200


def test_role_list_median_is_null_when_key_facts_are_not_in_usd(api):
    role_with_pay("Euro Role", median_usd="50000", currency="EUR")

    [row] = api.get("/api/v1/roles/").json()["results"]

    assert row["median_pay_usd"] is None


# --- Role detail -------------------------------------------------------------------------------


def test_role_detail_carries_the_whole_guide_with_sources(api, guide):
    response = api.get("/api/v1/roles/technical-manager/")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Technical Manager"
    facts = body["key_facts"]
    assert facts["median_pay"] == "164070.00"
    assert facts["currency"] == "USD"
    assert facts["median_pay_source"]["publisher"] == "U.S. Bureau of Labor Statistics"
    assert facts["median_pay_source"]["as_of"] == "2023-05-01"
    assert facts["median_pay_source"]["as_of_display"] == "May 2023"
    assert facts["median_pay_source"]["quality"] == "Official statistic"
    assert body["headline_growth"]["pct_display"] == "16%"
    assert body["headline_growth"]["source"]["publisher_abbreviation"] == "BLS"
    [level] = body["levels"]
    assert level["title"] == "Level 1"
    assert level["focus_areas"] == ["Focus 1"]
    assert level["salaries"][0]["region"]["iso_code"] == "US"
    assert level["salaries"][0]["median"] == "128000.00"
    assert level["guide_url"] == "http://testserver" + reverse("roles:level", args=["technical-manager", "level-1"])
    assert [s["slug"] for s in body["skills"]["technical"]] == ["skill-000"]
    assert body["skills"]["technical"][0]["detail"] == "detail 0"
    assert body["skills"]["soft"] == []
    assert len(body["tools"]) == 1
    assert len(body["certifications"]) == 1
    assert body["education_paths"][0]["source"]["publisher_abbreviation"] == "BLS"
    assert len(body["entry_timelines"]) == 1
    assert [r["region"]["slug"] for r in body["regional_salaries"]] == ["germany"]
    assert body["regional_salaries"][0]["source"]["quality"] == "Editorial estimate"
    assert body["outlook"]["growth_projections"][0]["is_headline"] is True
    assert body["outlook"]["market_insights"][0]["kind"] == "challenge"
    assert len(body["specializations"]) == 1
    assert len(body["pros_cons"]["pros"]) == 1
    assert len(body["pros_cons"]["cons"]) == 1
    assert len(body["faqs"]) == 1
    assert body["visa_routes"][0]["country"]["iso_code"] == "DE"
    assert body["data_notes"][0]["kind"] == "gap"


def test_role_detail_links_related_roles_only_where_a_guide_is_published(api, guide):
    related = api.get("/api/v1/roles/technical-manager/").json()["related_roles"]

    assert related == [
        {
            "title": "Technical Director",
            "slug": "technical-director",
            "url": "http://testserver" + reverse("api:role-detail", args=["technical-director"]),
            "guide_url": "http://testserver" + reverse("roles:detail", args=["technical-director"]),
            "note": "Next step",
        },
        {"title": "Engineering Manager", "slug": None, "url": None, "guide_url": None, "note": "Similar"},
    ]


def test_role_detail_without_key_facts_has_null_headline(api):
    factories.RoleFactory(slug="bare")

    body = api.get("/api/v1/roles/bare/").json()

    assert body["key_facts"] is None
    assert body["headline_growth"] is None
    assert body["levels"] == []


@pytest.mark.parametrize("slug", ["no-such-role", "engineering-manager"])
def test_role_detail_of_unknown_or_unpublished_role_is_json_404(api, guide, slug):
    response = api.get(f"/api/v1/roles/{slug}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"No published role with slug '{slug}'."}


def test_role_address_with_characters_outside_a_slug_is_json_404(api):
    response = api.get("/api/v1/roles/%00bad/")

    assert response.status_code == 404
    assert "No API endpoint" in response.json()["detail"]


# --- Role filters and ordering -----------------------------------------------------------------


@pytest.fixture
def priced_roles():
    low = role_with_pay("Analyst", median_usd="90000", growth="3")
    mid = role_with_pay("Engineer", median_usd="150000", growth="25")
    high = role_with_pay("Director", median_usd="220000", growth="10")
    unknown = role_with_pay("Curator")
    return low, mid, high, unknown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("min_median_usd=150000", ["director", "engineer"]),
        ("max_median_usd=150000", ["analyst", "engineer"]),
        ("min_median_usd=100000&max_median_usd=200000", ["engineer"]),
        ("min_growth_pct=10", ["director", "engineer"]),
        ("min_growth_pct=-5", ["analyst", "director", "engineer"]),
        ("search=direct", ["director"]),
        ("q=direct", ["director"]),
        ("search=", ["analyst", "curator", "director", "engineer"]),
    ],
)
def test_role_list_filters(api, priced_roles, query, expected):
    assert slugs(api.get(f"/api/v1/roles/?{query}")) == expected


def test_role_search_matches_skill_names(api, priced_roles):
    analyst = priced_roles[0]
    factories.RoleSkillFactory(role=analyst, skill=factories.SkillFactory(name="Kubernetes", slug="kubernetes"))

    assert slugs(api.get("/api/v1/roles/?search=KUBER")) == ["analyst"]


def test_role_skill_filter_lists_roles_that_need_the_skill(api, priced_roles):
    analyst, engineer = priced_roles[0], priced_roles[1]
    design = factories.SkillFactory(name="System Design", slug="system-design")
    factories.RoleSkillFactory(role=analyst, skill=design)
    factories.RoleSkillFactory(role=engineer, skill=design)

    assert slugs(api.get("/api/v1/roles/?skill=system-design")) == ["analyst", "engineer"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ordering=title", ["analyst", "curator", "director", "engineer"]),
        ("ordering=-title", ["engineer", "director", "curator", "analyst"]),
        ("ordering=median_pay", ["analyst", "engineer", "director", "curator"]),
        ("ordering=-median_pay", ["director", "engineer", "analyst", "curator"]),
        ("ordering=growth", ["analyst", "director", "engineer", "curator"]),
        ("ordering=-growth", ["engineer", "director", "analyst", "curator"]),
        ("ordering=-growth,title", ["engineer", "director", "analyst", "curator"]),
    ],
)
def test_role_list_ordering_puts_unknown_figures_last(api, priced_roles, query, expected):
    assert slugs(api.get(f"/api/v1/roles/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("min_median_usd=abc", "min_median_usd"),
        ("min_median_usd=-1", "min_median_usd"),
        ("max_median_usd=1e400", "max_median_usd"),
        ("max_median_usd=NaN", "max_median_usd"),
        ("min_growth_pct=1.234", "min_growth_pct"),
        ("min_growth_pct=5000", "min_growth_pct"),
        ("skill=no-such-skill", "skill"),
        ("ordering=salary", "ordering"),
        ("ordering=title,bogus", "ordering"),
        ("search=" + "x" * 201, "search"),
        ("q=%00", "q"),
    ],
)
def test_role_list_rejects_invalid_filter_values_naming_the_parameter(api, priced_roles, query, parameter):
    response = api.get(f"/api/v1/roles/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert isinstance(response.json()[parameter][0], str)


def test_role_detail_ignores_list_filters(api, guide):
    assert api.get("/api/v1/roles/technical-manager/?min_median_usd=999999999").status_code == 200


# --- Pagination --------------------------------------------------------------------------------


@pytest.fixture
def five_roles():
    return [factories.RoleFactory(title=f"Role {i}", slug=f"role-{i}") for i in range(5)]


def test_pagination_pages_through_all_rows_without_overlap(api, five_roles):
    first = api.get("/api/v1/roles/?page_size=2").json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    assert first["count"] == 5
    assert [r["slug"] for r in first["results"] + second["results"] + third["results"]] == [
        f"role-{i}" for i in range(5)
    ]
    assert first["previous"] is None
    assert second["previous"].endswith("/api/v1/roles/?page_size=2")
    assert third["next"] is None


def test_pagination_last_page_keyword(api, five_roles):
    assert slugs(api.get("/api/v1/roles/?page_size=2&page=last")) == ["role-4"]


def test_pagination_accepts_page_size_up_to_200(api, five_roles):
    assert len(slugs(api.get("/api/v1/roles/?page_size=200"))) == 5


def test_pagination_page_past_the_end_is_json_404_naming_page(api, five_roles):
    response = api.get("/api/v1/roles/?page_size=2&page=4")

    assert response.status_code == 404
    assert response.json() == {"page": ["There is no page 4; the last page is 3."]}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=1000000000", "page"),
        ("page=" + "9" * 5000, "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
def test_pagination_rejects_malformed_values_naming_the_parameter(api, five_roles, query, parameter):
    response = api.get(f"/api/v1/roles/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


# --- Career levels -----------------------------------------------------------------------------


@pytest.fixture
def ladder():
    """Two published roles' ladders and one unpublished role's, with US pay on some levels."""
    us = factories.RegionFactory(iso_code="US", slug="us", name="United States")
    manager = factories.RoleFactory(title="Manager", slug="manager")
    analyst = factories.RoleFactory(title="Analyst", slug="analyst")
    hidden = factories.RoleFactory(title="Hidden", slug="hidden", is_published=False)
    level = factories.CareerLevelFactory
    levels = {
        "manager-1": level(role=manager, order=1, slug="m1", years_total_min=0, years_total_max=2),
        "manager-2": level(role=manager, order=2, slug="m2", years_total_min=3, years_total_max=None),
        "analyst-1": level(role=analyst, order=1, slug="a1", years_total_min=0, years_total_max=3),
        "hidden-1": level(role=hidden, order=1, slug="h1", years_total_min=0, years_total_max=3),
    }
    factories.LevelSalaryFactory(level=levels["manager-1"], region=us, median=Decimal("90000"))
    factories.LevelSalaryFactory(level=levels["manager-2"], region=us, median=Decimal("150000"))
    return levels


def level_keys(response, ladder) -> list[str]:
    assert response.status_code == 200, response.content
    by_id = {level.pk: key for key, level in ladder.items()}
    return [by_id[row["id"]] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["analyst-1", "manager-1", "manager-2"]),
        ("role=manager", ["manager-1", "manager-2"]),
        ("min_years=3", ["manager-2"]),
        ("max_years=2", ["manager-1"]),
        ("max_years=100", ["manager-1", "analyst-1"]),
        ("ordering=-order", ["manager-2", "manager-1", "analyst-1"]),
        ("ordering=salary", ["manager-1", "manager-2", "analyst-1"]),
        ("ordering=-salary", ["manager-2", "manager-1", "analyst-1"]),
    ],
)
def test_level_list_filters_and_ordering_show_only_published_roles(api, ladder, query, expected):
    keys = level_keys(api.get(f"/api/v1/levels/?{query}"), ladder)

    if query == "max_years=100":
        assert sorted(keys) == sorted(expected)  # same order value; pk breaks the tie
    else:
        assert keys == expected


def test_level_row_has_role_link_and_us_pay(api, ladder):
    row = api.get("/api/v1/levels/?role=manager").json()["results"][0]

    assert row["role"]["slug"] == "manager"
    assert row["us_median"] == "90000.00"
    assert row["years_total_display"] == "0–2"
    assert api.get(row["url"]).json()["id"] == ladder["manager-1"].pk


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("role=hidden", "role"),
        ("role=nobody", "role"),
        ("min_years=1.5", "min_years"),
        ("min_years=-1", "min_years"),
        ("max_years=abc", "max_years"),
        ("max_years=101", "max_years"),
        ("ordering=years", "ordering"),
    ],
)
def test_level_list_rejects_invalid_filter_values_naming_the_parameter(api, ladder, query, parameter):
    response = api.get(f"/api/v1/levels/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_level_of_unpublished_role_is_404(api, ladder):
    response = api.get(f"/api/v1/levels/{ladder['hidden-1'].pk}/")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("No published career level with id")


# --- Skills ------------------------------------------------------------------------------------


@pytest.fixture
def skills():
    python = factories.SkillFactory(name="Python", slug="python", description="A programming language.")
    listening = factories.SkillFactory(name="Listening", slug="listening", category=Skill.Category.SOFT)
    public = factories.RoleFactory(title="Engineer", slug="engineer")
    hidden = factories.RoleFactory(title="Hidden", slug="hidden", is_published=False)
    factories.RoleSkillFactory(role=public, skill=python)
    factories.RoleSkillFactory(role=hidden, skill=python)
    factories.RoleSkillFactory(role=hidden, skill=listening)
    return python, listening


def test_skill_list_counts_only_published_roles(api, skills):
    rows = api.get("/api/v1/skills/").json()["results"]

    assert [(r["slug"], r["role_count"]) for r in rows] == [("listening", 0), ("python", 1)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=technical", ["python"]),
        ("category=soft", ["listening"]),
        ("search=programming", ["python"]),
        ("q=LIST", ["listening"]),
    ],
)
def test_skill_list_filters(api, skills, query, expected):
    assert slugs(api.get(f"/api/v1/skills/?{query}")) == expected


def test_skill_list_rejects_unknown_category(api, skills):
    response = api.get("/api/v1/skills/?category=magic")

    assert response.status_code == 400
    assert list(response.json()) == ["category"]


def test_skill_detail_lists_the_published_roles_that_need_it(api, skills):
    body = api.get("/api/v1/skills/python/").json()

    assert body["role_count"] == 1
    assert [r["slug"] for r in body["roles"]] == ["engineer"]
    assert body["guide_url"] == "http://testserver" + reverse("roles:skill-detail", args=["python"])


def test_unknown_skill_is_json_404(api):
    response = api.get("/api/v1/skills/nothing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No published skill with slug 'nothing'."}


# --- Compare and skills gap --------------------------------------------------------------------


@pytest.fixture
def two_roles():
    python, sql, talk = (factories.SkillFactory(name=n, slug=n.lower()) for n in ("Python", "SQL", "Talk"))
    analyst = role_with_pay("Analyst", median_usd="90000", growth="3")
    engineer = role_with_pay("Engineer", median_usd="150000", growth="25")
    for skill in (python, sql):
        factories.RoleSkillFactory(role=analyst, skill=skill)
    for skill in (sql, talk, python):
        factories.RoleSkillFactory(role=engineer, skill=skill)
    factories.RoleSkillFactory(role=factories.RoleFactory(slug="hidden", is_published=False), skill=talk)
    us = factories.RegionFactory(iso_code="US")
    level = factories.CareerLevelFactory(role=engineer, order=1, title="Junior Engineer")
    factories.LevelSalaryFactory(level=level, region=us, median=Decimal("100000"))
    return analyst, engineer


def test_compare_returns_roles_in_the_requested_order_with_shared_skills(api, two_roles):
    body = api.get("/api/v1/compare/?roles=engineer,analyst").json()

    assert [r["slug"] for r in body["roles"]] == ["engineer", "analyst"]
    assert [s["slug"] for s in body["roles"][0]["skills"]] == ["sql", "talk", "python"]
    assert body["roles"][0]["levels"][0]["us_median"] == "100000.00"
    assert body["roles"][1]["median_pay_usd"] == "90000.00"
    assert [s["slug"] for s in body["shared_skills"]] == ["sql", "python"]


@pytest.mark.parametrize(
    "query", ["", "roles=", "roles=analyst", "roles=analyst,analyst", "roles=a,b,c,d,e", "roles=%00,x"]
)
def test_compare_needs_two_to_four_different_roles(api, two_roles, query):
    response = api.get(f"/api/v1/compare/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == ["roles"]


@pytest.mark.parametrize("other", ["nobody", "hidden"])
def test_compare_with_unknown_or_unpublished_role_is_404_naming_it(api, two_roles, other):
    response = api.get(f"/api/v1/compare/?roles=analyst,{other}")

    assert response.status_code == 404
    assert response.json() == {"roles": [f"Unknown role: {other}."]}


def test_skills_gap_between_two_roles(api, two_roles):
    body = api.get("/api/v1/roles/analyst/gap/engineer/").json()

    assert body["from_role"]["slug"] == "analyst"
    assert body["to_role"]["slug"] == "engineer"
    assert [s["slug"] for s in body["shared"]] == ["sql", "python"]
    assert [s["slug"] for s in body["to_add"]] == ["talk"]
    assert body["not_needed"] == []
    assert body["coverage_pct"] == 67
    assert body["median_pay_difference_usd"] == "60000.00"


@pytest.mark.parametrize("path", ["analyst/gap/nobody", "nobody/gap/analyst", "analyst/gap/hidden"])
def test_skills_gap_with_unknown_role_is_json_404(api, two_roles, path):
    response = api.get(f"/api/v1/roles/{path}/")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Unknown role:")


# --- About and the root ------------------------------------------------------------------------


def test_about_lists_sources_and_the_latest_review_of_a_published_guide(api):
    _, editorial = sources()
    factories.RoleFactory(guide_reviewed_on=date(2030, 1, 2))
    factories.RoleFactory(guide_reviewed_on=date(2031, 1, 1), is_published=False)

    body = api.get("/api/v1/about/").json()

    assert body["api_version"] == "v1"
    assert body["data_last_updated"] == "2030-01-02"
    by_title = {s["title"]: s for s in body["sources"]}
    assert by_title["Occupational Employment and Wage Statistics"]["publisher"] == "U.S. Bureau of Labor Statistics"
    assert by_title["Occupational Employment and Wage Statistics"]["quality"] == "Official statistic"
    assert by_title["Occupational Employment and Wage Statistics"]["as_of_display"] == "May 2023"
    assert by_title["Regional salary survey"]["is_official"] is False
    assert by_title["Regional salary survey"]["measures"] == editorial.measures
    assert by_title["Regional salary survey"]["as_of"] == "2025-01-01"
    assert body["schema"] == "http://testserver/api/v1/schema/"


def test_about_last_updated_is_the_latest_edit_when_reviews_are_older(api):
    factories.RoleFactory(guide_reviewed_on=date(2001, 1, 1))

    body = api.get("/api/v1/about/").json()

    assert body["data_last_updated"] == Role.objects.get().updated_at.date().isoformat()


def test_about_without_published_roles_has_no_last_updated_date(api):
    factories.RoleFactory(is_published=False)

    assert api.get("/api/v1/about/").json()["data_last_updated"] is None


def test_root_lists_every_endpoint(api):
    body = api.get("/api/v1/").json()

    assert set(body) == {"roles", "levels", "skills", "salaries", "regions", "currencies"} | {
        "occupations",
        "areas",
        "industries",
        "wages",
        "compare",
        "about",
        "schema",
        "docs",
    }
    assert body["salaries"] == "http://testserver/api/v1/salaries/"
    assert body["docs"] == "http://testserver/api/v1/docs/"


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 200])
def test_role_list_query_count_is_fixed(api, django_assert_num_queries, n):
    for role in factories.RoleFactory.create_batch(n):
        factories.KeyFactsFactory(role=role)
        factories.GrowthProjectionFactory(role=role)

    with django_assert_num_queries(2):  # count; page of roles with key facts and headline growth (subqueries)
        response = api.get("/api/v1/roles/?page_size=200")

    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [1, 200])
def test_role_detail_query_count_is_fixed(api, django_assert_num_queries, n):
    full_guide(n, slug="technical-manager")

    # role + key facts + their sources; then one each for levels, focus areas, level salaries,
    # role skills, responsibilities, tools, certifications, education paths, entry timelines,
    # entry steps, top industries, market insights, specialisations, pros/cons, FAQ, visa routes,
    # data notes, regional salaries, growth projections, related roles
    with django_assert_num_queries(21):
        response = api.get("/api/v1/roles/technical-manager/")

    body = response.json()
    assert len(body["levels"]) == n
    assert len(body["faqs"]) == n
    assert len(body["related_roles"]) == n + 1


@pytest.mark.parametrize("n", [1, 200])
def test_level_list_query_count_is_fixed(api, django_assert_num_queries, n):
    us = factories.RegionFactory(iso_code="US")
    for level in factories.CareerLevelFactory.create_batch(n):
        factories.FocusAreaFactory(level=level)
        factories.LevelSalaryFactory(level=level, region=us)

    with django_assert_num_queries(4):  # count; levels with role and US pay; focus areas; salaries
        response = api.get("/api/v1/levels/?page_size=200")

    assert len(response.json()["results"]) == n
    with django_assert_num_queries(3):  # level with role and US pay; focus areas; salaries
        api.get(response.json()["results"][0]["url"])


@pytest.mark.parametrize("n", [1, 200])
def test_skill_list_and_detail_query_counts_are_fixed(api, django_assert_num_queries, n):
    skill = factories.SkillFactory(slug="python")
    factories.SkillFactory.create_batch(n - 1)
    for role in factories.RoleFactory.create_batch(n):
        factories.RoleSkillFactory(role=role, skill=skill)

    with django_assert_num_queries(2):  # count; skills with published-role counts
        response = api.get("/api/v1/skills/?page_size=200")
    assert len(response.json()["results"]) == n

    with django_assert_num_queries(2):  # skill with role count; its published roles with headline figures
        response = api.get("/api/v1/skills/python/")
    assert len(response.json()["roles"]) == n


@pytest.mark.parametrize("n", [1, 200])
def test_compare_and_gap_query_counts_are_fixed(api, django_assert_num_queries, n):
    a, b = factories.RoleFactory(slug="a"), factories.RoleFactory(slug="b")
    for skill in factories.SkillFactory.create_batch(n):
        factories.RoleSkillFactory(role=a, skill=skill)
        factories.RoleSkillFactory(role=b, skill=skill)

    with django_assert_num_queries(3):  # roles with headline figures; their skills; their levels with US pay
        response = api.get("/api/v1/compare/?roles=a,b")
    assert len(response.json()["shared_skills"]) == n

    with django_assert_num_queries(3):  # the same three
        response = api.get("/api/v1/roles/a/gap/b/")
    assert len(response.json()["shared"]) == n


@pytest.mark.parametrize("n", [1, 200])
def test_about_query_count_is_fixed(api, django_assert_num_queries, n):
    factories.SourceFactory.create_batch(n)
    factories.RoleFactory.create_batch(n)

    with django_assert_num_queries(2):  # last-updated aggregate; sources
        response = api.get("/api/v1/about/")
    assert len(response.json()["sources"]) == n


def test_root_runs_no_query(api, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert api.get("/api/v1/").status_code == 200


# --- Writes: the permission matrix -------------------------------------------------------------

WRITE_STATUS = {"post": 201, "put": 200, "patch": 200, "delete": 204}


@pytest.fixture
def write_cases(db):
    """For each writable endpoint: its model, an existing object's address, and valid payloads."""
    role = factories.RoleFactory(title="Analyst", slug="analyst")
    level = factories.CareerLevelFactory(role=role, order=1, slug="junior")
    factories.SkillFactory(slug="python")
    return {
        "roles": {
            "model": Role,
            "list": "/api/v1/roles/",
            "detail": "/api/v1/roles/analyst/",
            "create": {"title": "Data Engineer", "slug": "data-engineer", "summary": "Builds pipelines."},
            "update": {"title": "Senior Analyst", "slug": "analyst", "is_published": True},
            "patch": {"summary": "Changed summary."},
        },
        "levels": {
            "model": CareerLevel,
            "list": "/api/v1/levels/",
            "detail": f"/api/v1/levels/{level.pk}/",
            "create": {
                "role": "analyst",
                "order": 2,
                "title": "Mid",
                "slug": "mid",
                "years_total_min": 2,
                "years_in_role_min": 1,
                "scope": "More.",
            },
            "update": {
                "role": "analyst",
                "order": 1,
                "title": "Junior Analyst",
                "slug": "junior",
                "years_total_min": 0,
                "years_total_max": 2,
                "years_in_role_min": 0,
                "scope": "Learns.",
            },
            "patch": {"title": "Trainee"},
        },
        "skills": {
            "model": Skill,
            "list": "/api/v1/skills/",
            "detail": "/api/v1/skills/python/",
            "create": {"name": "Rust", "slug": "rust", "category": "technical"},
            "update": {"name": "Python 3", "slug": "python", "category": "technical", "description": "New."},
            "patch": {"category": "soft"},
        },
    }


@pytest.mark.parametrize("endpoint", ["roles", "levels", "skills"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 401), ("without permission", 403), ("with permission", None)]
)
def test_write_permission_matrix(write_cases, endpoint, method, who, expected):
    case = write_cases[endpoint]
    model = case["model"]
    client = client_for(who, model, method)
    before = snapshot(model)
    url = case["list"] if method == "post" else case["detail"]
    payload = {"post": case["create"], "put": case["update"], "patch": case["patch"], "delete": None}[method]

    response = getattr(client, method)(url, payload, format="json")

    if expected is not None:
        assert response.status_code == expected, response.content
        assert snapshot(model) == before
        if expected == 401:
            assert response["WWW-Authenticate"] == "Token"
    else:
        assert response.status_code == WRITE_STATUS[method], response.content
        assert snapshot(model) != before
        if method == "delete":
            assert model.objects.count() == len(before) - 1
        elif method == "post":
            assert model.objects.count() == len(before) + 1
            assert response.json()["slug"] == payload["slug"]
        else:
            for field, value in payload.items():
                assert response.json()[field] == value


def test_session_writes_need_the_csrf_token(write_cases):
    from django.contrib.auth.models import User

    user, _ = make_user("editor", Skill, granted=["add"])
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(User.objects.get(pk=user.pk))
    payload = {"name": "Go", "slug": "go", "category": "technical"}

    refused = client.post("/api/v1/skills/", payload, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Skill.objects.filter(slug="go").exists()

    client.get("/admin/login/")  # sets the CSRF cookie, as any page of the site would
    token = client.cookies["csrftoken"].value
    accepted = client.post("/api/v1/skills/", payload, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201
    assert Skill.objects.filter(slug="go").exists()


@pytest.fixture
def editor():
    """A client whose token holds every permission on roles, levels and skills."""
    from django.contrib.auth.models import Permission, User
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user("editor")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="roles"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_editors_can_change_unpublished_roles_that_readers_cannot_see(editor, api):
    factories.RoleFactory(slug="draft", is_published=False)

    response = editor.patch("/api/v1/roles/draft/", {"summary": "Nearly ready."}, format="json")

    assert response.status_code == 200
    assert Role.objects.get(slug="draft").summary == "Nearly ready."
    assert api.get("/api/v1/roles/draft/").status_code == 404


def test_write_records_the_token_user_in_history(editor):
    editor.post("/api/v1/skills/", {"name": "Go", "slug": "go", "category": "technical"}, format="json")

    assert Skill.objects.get(slug="go").history.get().history_user.username == "editor"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "X", "slug": "analyst"}, "slug"),
        ({"title": "X", "slug": "not a slug"}, "slug"),
        ({"title": "", "slug": "x"}, "title"),
        ({"title": "X" * 121, "slug": "x"}, "title"),
        ({"title": "X\x00", "slug": "x"}, "title"),
        ({"title": "X", "slug": "x", "published_at": "yesterday"}, "published_at"),
    ],
)
def test_invalid_role_write_is_400_naming_the_field_and_changes_nothing(editor, write_cases, payload, field):
    before = snapshot(Role)

    response = editor.post("/api/v1/roles/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert snapshot(Role) == before


def test_level_write_breaking_a_model_constraint_is_400(editor, write_cases):
    before = snapshot(CareerLevel)
    payload = {**write_cases["levels"]["create"], "years_total_min": 9, "years_total_max": 3}

    response = editor.post("/api/v1/levels/", payload, format="json")

    assert response.status_code == 400
    # The constraint's own sentence, on the field it names: the same the admin shows.
    assert response.json() == {
        "years_total_max": ["The maximum total years must be at least the minimum (leave it empty for open-ended)."]
    }
    assert snapshot(CareerLevel) == before


def test_level_write_with_a_taken_order_is_400(editor, write_cases):
    response = editor.post("/api/v1/levels/", {**write_cases["levels"]["create"], "order": 1}, format="json")

    assert response.status_code == 400
    assert response.json() == {"order": ["Another level of this role already has this position on the ladder."]}
    assert CareerLevel.objects.count() == 1


def test_deleting_a_skill_that_roles_need_is_409_and_keeps_it(editor, write_cases):
    factories.RoleSkillFactory(skill=Skill.objects.get(slug="python"))

    response = editor.delete("/api/v1/skills/python/")

    assert response.status_code == 409
    assert "Still in use" in response.json()["detail"]
    assert Skill.objects.filter(slug="python").exists()


def test_malformed_json_is_400_and_other_media_types_415(editor, write_cases):
    bad_json = editor.generic("POST", "/api/v1/skills/", "{not json", content_type="application/json")
    form = editor.post("/api/v1/skills/", {"name": "Go", "slug": "go", "category": "technical"})

    assert bad_json.status_code == 400
    assert "JSON parse error" in bad_json.json()["detail"]
    assert form.status_code == 415
    assert not Skill.objects.filter(slug="go").exists()


def test_role_detail_lists_steps_and_top_industries_in_order_and_empty_lists_when_missing(api):
    role = factories.RoleFactory(slug="filled")
    factories.CareerEntryStepFactory(role=role, order=2, title="Lead a project", text="Volunteer to lead.")
    factories.CareerEntryStepFactory(role=role, order=1, title="Learn the craft", text="")
    factories.TopIndustryFactory(role=role, order=1, name="Software publishers", note="12% of jobs")
    empty = factories.RoleFactory(slug="empty")

    filled_body = api.get("/api/v1/roles/filled/").json()
    empty_body = api.get(f"/api/v1/roles/{empty.slug}/").json()

    assert filled_body["entry_steps"] == [
        {"order": 1, "title": "Learn the craft", "text": ""},
        {"order": 2, "title": "Lead a project", "text": "Volunteer to lead."},
    ]
    assert filled_body["top_industries"] == [{"name": "Software publishers", "note": "12% of jobs"}]
    assert (empty_body["entry_steps"], empty_body["top_industries"]) == ([], [])


# --- Where do I stand: POST /roles/<slug>/assessment/ and the job descriptions ---------------------------------

ASSESSMENT = "/api/v1/roles/technical-manager/assessment/"


@pytest.fixture
def assessed():
    """A fictional guide with two ladder levels (3–5 years each, by the factory), two skills and certifications."""
    return full_guide(2, title="Technical Manager", slug="technical-manager")


def test_assessment_answers_anonymously_without_csrf_and_stores_nothing(assessed):
    client = APIClient(enforce_csrf_checks=True)
    body = {"skills": {"skill-000": "strong", "skill-001": "learning"}, "years_total": 4, "region": "germany"}

    response = client.post(ASSESSMENT, body, format="json")

    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    assert "Set-Cookie" not in response.headers
    data = response.json()
    assert data["level_match"]["level"]["slug"] == "level-2"  # both ranges hold 4 years: the higher level
    assert [level["slug"] for level in data["level_match"]["also_in_range"]] == ["level-1"]
    assert [m["percent"] for m in data["readiness"][0]["measures"]] == [50, 100]
    assert [skill["slug"] for skill in data["skills_to_build"]] == ["skill-001"]
    assert data["skills_to_build"][0]["reason"] == "Only “learning” so far."
    assert data["regional_salaries"][0]["local_min"] == "70000.00"
    assert data["regional_salaries"][0]["source"]["title"] == "Regional salary survey"
    assert data["answers"] == {
        "skills": body["skills"],
        "years_total": 4,
        "years_at_level": 0,
        "certifications": [],
        "education": "",
        "region": "germany",
        "track": "",
    }


def test_assessment_query_count(assessed, django_assert_num_queries):
    # role+key facts, then prefetches: levels, focus areas, level salaries, skills, certifications, education
    # paths, regional salaries; then the region and the groups it belongs to
    with django_assert_num_queries(10):
        response = APIClient().post(ASSESSMENT, {"years_total": 4, "region": "germany"}, format="json")
    assert response.status_code == 200


def test_assessment_gives_the_page_result_for_the_guide(client):
    guide = load_guide()
    skills = [link.skill.slug for link in guide.role_skills.all()]
    strengths = {slug: "strong" if i % 2 == 0 else "none" for i, slug in enumerate(skills)}
    body = {"skills": strengths, "years_total": 9, "years_at_level": 2, "region": "germany", "education": "bachelor"}

    data = APIClient().post(ASSESSMENT, body, format="json").json()
    page = client.get(
        "/roles/technical-manager/assess/",
        {"years_total": 9, "years_at_level": 2, "region": "germany", "education": "bachelor"}
        | {f"skill-{slug}": strength for slug, strength in strengths.items()},
    )
    shown = page.context["assessment"]

    assert data["level_match"]["level"]["title"] == shown.match.level.title == "Senior Technical Manager"
    assert data["level_match"]["explanation"] == shown.match.explanation
    assert (
        [[m["percent"] for m in r["measures"]] for r in data["readiness"]]
        == [[m.percent for m in r.measures] for r in shown.readiness]
        == [[50, 100], [50, 75, 67]]
    )
    assert [s["slug"] for s in data["skills_to_build"]] == [item.skill.slug for item in shown.skills_to_build]
    assert [(p["level"]["slug"], p["us"]["median"]) for p in data["pay"]] == [
        ("senior-technical-manager", "165000.00"),
        ("lead-technical-manager", "195000.00"),
    ]
    (regional,) = data["regional_salaries"]
    assert (regional["region"]["slug"], regional["currency"], regional["local_min"], regional["usd_min"]) == (
        "western-europe",
        "EUR",
        "70000.00",
        "75000.00",
    )
    assert regional["source"]["as_of_display"] == "2025"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"years_total": 61}, "years_total", "Ensure this value is less than or equal to 60."),
        ({"years_total": -1}, "years_total", "Ensure this value is greater than or equal to 0."),
        ({"years_total": "9"}, "years_total", "Expected an integer, got str."),
        ({"years_total": 9.5}, "years_total", "Expected an integer, got float."),
        ({"years_total": True}, "years_total", "Expected an integer, got bool."),
        ({}, "years_total", "This field is required."),
        ({"years_total": 3, "years_at_level": 4}, "years_at_level", "Years at your current level (4) cannot be"),
        ({"years_total": 3, "years_at_level": 61}, "years_at_level", "Ensure this value is less than or equal to 60."),
        (
            {"years_total": 3, "skills": {"juggling": "strong"}},
            "skills",
            "'juggling' is not one of this role's skills.",
        ),
        ({"years_total": 3, "skills": {"skill-000": "expert"}}, "skills", "'expert' for 'skill-000' is not a strength"),
        ({"years_total": 3, "skills": {"skill-000": 3}}, "skills", "'3' for 'skill-000' is not a strength"),
        ({"years_total": 3, "skills": ["skill-000"]}, "skills", 'Expected a dictionary of items but got type "list".'),
        ({"years_total": 3, "certifications": ["pmp"]}, "certifications", "'pmp' is not one of this role's"),
        ({"years_total": 3, "certifications": "pmp"}, "certifications", 'Expected a list of items but got type "str".'),
        ({"years_total": 3, "education": "phd"}, "education", '"phd" is not a valid choice.'),
        ({"years_total": 3, "track": "sideways"}, "track", '"sideways" is not a valid choice.'),
        ({"years_total": 3, "region": "atlantis"}, "region", "Object with slug=atlantis does not exist."),
        ({"years_total": 3, "region": 5}, "region", "Expected a slug, got int."),
        ({"years_total": 3, "region": ""}, "region", "Give a region's slug, or null for none."),
        ({"years_total": 3, "level": "senior"}, "level", "Unknown field; the fields are: skills, years_total,"),
    ],
)
def test_assessment_bad_input_is_a_400_naming_the_field(assessed, body, field, message):
    response = APIClient().post(ASSESSMENT, body, format="json")

    assert response.status_code == 400
    errors = response.json()
    assert any(text.startswith(message) for text in errors[field]), errors
    assert all(isinstance(messages, list) and all(isinstance(m, str) for m in messages) for messages in errors.values())


def test_assessment_refuses_what_is_not_a_json_object(assessed):
    api = APIClient()
    assert api.post(ASSESSMENT, [1, 2], format="json").status_code == 400
    assert api.post(ASSESSMENT, "{not json", content_type="application/json").status_code == 400
    assert api.post(ASSESSMENT, {"years_total": 3}).status_code == 415  # multipart: JSON only
    assert api.get(ASSESSMENT).status_code == 405


def test_assessment_of_an_unknown_or_unpublished_role_is_404(assessed):
    draft = factories.RoleFactory(is_published=False)
    for slug in ("no-such-role", draft.slug):
        response = APIClient().post(f"/api/v1/roles/{slug}/assessment/", {"years_total": 3}, format="json")
        assert response.status_code == 404
        assert response.json() == {"detail": f"No published role with slug {slug!r}."}


def test_assessment_is_throttled_like_other_anonymous_reads(assessed, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    api = APIClient()

    statuses = [api.post(ASSESSMENT, {"years_total": 3}, format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


JD = "/api/v1/roles/technical-manager/levels/level-1/job-description/"


def test_job_description_as_json_markdown_and_text(assessed, django_assert_num_queries):
    api = APIClient()
    # role+key facts, then prefetches: levels, focus areas, level salaries, skills, certifications, education
    # paths, regional salaries, responsibilities, tools
    with django_assert_num_queries(10):
        data = api.get(JD).json()
    markdown = api.get(JD, {"format": "md", "region": "germany"})
    text = api.get(JD, {"format": "txt"})

    assert data["title"] == "Level 1"
    assert [section["id"] for section in data["sections"]] == [
        "summary",
        "scope",
        "responsibilities",
        "focus",
        "required-skills",
        "nice-to-have",
        "education",
        "experience",
        "certifications",
        "pay",
    ]
    (pay,) = data["sections"][-1]["items"]
    assert pay == {"text": "United States: median $128,000, average $135,000 a year.", "note": 1}
    assert data["sources"][0]["title"] == "Occupational Employment and Wage Statistics"
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert markdown["Content-Disposition"] == (
        'attachment; filename="technical-manager-level-1-germany-job-description.md"'
    )
    assert "- Germany, the role at any level: €70,000–€110,000 a year (about $75,000–$120,000). [2]" in (
        markdown.content.decode()
    )
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode().startswith("Level 1\n=======\n")


def test_job_description_bad_input(assessed):
    api = APIClient()
    assert api.get(JD, {"region": "atlantis"}).json() == {"region": ["No country or region with slug 'atlantis'."]}
    assert api.get(JD, {"format": "pdf"}).status_code == 400
    missing = api.get("/api/v1/roles/technical-manager/levels/nope/job-description/", {"format": "md"})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert api.get("/api/v1/roles/nope/levels/level-1/job-description/").status_code == 404
