"""The OpenAPI schema: valid, complete, served with its docs page, and true to the API's behaviour.

The last test is a bounded schemathesis run over every operation in the schema: reads as an
anonymous client, writes with an editor's token. It must find no server error and no response
that breaks the schema.
"""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from roles.filters import CareerLevelFilter, RegionalSalaryFilter, RoleFilter, SkillFilter
from roles.models import CareerLevel, RegionalSalary, Role
from salaries.models import Region
from salaries.oews_filters import OccupationFilter, OewsAreaFilter, WageEstimateFilter
from tests import factories
from tests.api_data import full_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi():
    response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(openapi):
    validate(openapi)  # raises on any violation of the OpenAPI 3 specification
    assert openapi["openapi"].startswith("3.")


def test_a_serializer_without_a_description_of_its_own_gets_none_from_the_shared_base(openapi):
    # drf-spectacular describes a serializer by the nearest docstring among its own classes: the shared
    # base's notes on how it copies fields once described every serializer that had no docstring.
    descriptions = {name: schema.get("description", "") for name, schema in openapi["components"]["schemas"].items()}

    assert not {name for name, text in descriptions.items() if "ModelSerializer" in text or "once per class" in text}
    assert descriptions["CareerLevel"]  # a serializer's own docstring still describes it


def test_schema_is_also_served_as_yaml():
    response = APIClient().get("/api/v1/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"/api/v1/roles/{slug}/gap/{to_slug}/" in response.content


LIST_FILTERS = {
    "/api/v1/roles/": RoleFilter,
    "/api/v1/levels/": CareerLevelFilter,
    "/api/v1/skills/": SkillFilter,
    "/api/v1/salaries/": RegionalSalaryFilter,
    "/api/v1/occupations/": OccupationFilter,
    "/api/v1/areas/": OewsAreaFilter,
    "/api/v1/wages/": WageEstimateFilter,
}


@pytest.mark.parametrize("path", sorted(LIST_FILTERS))
def test_every_filter_is_documented_and_every_documented_filter_exists(openapi, path):
    documented = {p["name"] for p in openapi["paths"][path]["get"]["parameters"]}

    filters = set(LIST_FILTERS[path].base_filters)
    assert documented - {"page", "page_size", "format"} == filters
    for name in filters:
        response = APIClient().get(f"{path}?{name}=%00")  # accepted by none of the filters
        assert response.status_code == 400, name
        assert name in response.json()


# Computations that change nothing: anonymous, no 401/403 (careerguide.api.ComputeEndpointMixin).
ANONYMOUS_POSTS = {"/api/v1/roles/{slug}/assessment/"}


def test_schema_documents_the_error_responses_of_every_operation(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "429" in codes, (method, path)
            if method == "get" and "{" in path:
                assert "404" in codes, (method, path)
            if method == "get" and operation["operationId"].endswith("_list"):
                assert {"400", "404"} <= codes, (method, path)
            if method == "get" or path in ANONYMOUS_POSTS:
                # No security requirement at all: `[{}]` would make generators demand credentials.
                assert "security" not in operation, (method, path)
            if method == "post" and path in ANONYMOUS_POSTS:
                assert {"400", "404"} <= codes and not {"401", "403"} & codes, (method, path)
            elif method in ("post", "put", "patch", "delete"):
                assert {"400", "401", "403"} <= codes, (method, path)
                assert {"tokenAuth": []} in operation["security"], (method, path)
                assert {} not in operation["security"], (method, path)


def test_schema_lists_every_endpoint_of_the_issue(openapi):
    assert set(openapi["paths"]) == {
        "/api/v1/",
        "/api/v1/about/",
        "/api/v1/compare/",
        "/api/v1/currencies/",
        "/api/v1/currencies.csv",
        "/api/v1/currencies/{code}/",
        "/api/v1/levels/",
        "/api/v1/levels.csv",
        "/api/v1/levels/{id}/",
        "/api/v1/regions/",
        "/api/v1/regions.csv",
        "/api/v1/regions/{slug}/",
        "/api/v1/roles/",
        "/api/v1/roles.csv",
        "/api/v1/roles/{slug}/",
        "/api/v1/roles/{slug}/assessment/",
        "/api/v1/roles/{slug}/gap/{to_slug}/",
        "/api/v1/roles/{slug}/levels/{level_slug}/job-description/",
        "/api/v1/roles/{slug}/levels/{level_slug}/job-description.md",
        "/api/v1/roles/{slug}/levels/{level_slug}/job-description.txt",
        "/api/v1/salaries/",
        "/api/v1/salaries.csv",
        "/api/v1/salaries/{id}/",
        "/api/v1/skills/",
        "/api/v1/skills.csv",
        "/api/v1/skills/{slug}/",
        "/api/v1/occupations/",
        "/api/v1/occupations/{soc_code}/",
        "/api/v1/areas/",
        "/api/v1/areas/{code}/",
        "/api/v1/industries/",
        "/api/v1/industries/{code}/",
        "/api/v1/wages/",
        "/api/v1/wages/{id}/",
    }


def test_assessment_is_documented_with_examples_and_its_bounds(openapi):
    operation = openapi["paths"]["/api/v1/roles/{slug}/assessment/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]
    schema = openapi["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]

    assert body["examples"]["NineYearsInGermany"]["value"]["years_total"] == 9
    assert schema["required"] == ["years_total"]
    assert {
        name: (p.get("minimum"), p.get("maximum")) for name, p in schema["properties"].items() if "maximum" in p
    } == {
        "years_total": (0, 60),
        "years_at_level": (0, 60),
    }
    assert schema["properties"]["skills"]["additionalProperties"]["enum"] == ["none", "learning", "working", "strong"]
    assert operation["responses"]["400"]["content"]["application/json"]["examples"]
    job = openapi["paths"]["/api/v1/roles/{slug}/levels/{level_slug}/job-description/"]["get"]
    assert set(job["responses"]["200"]["content"]) == {"application/json", "text/markdown", "text/plain"}


def test_docs_page_loads_only_vendored_files_and_relaxes_styles_for_itself_only():
    client = APIClient()

    page = client.get("/api/v1/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert len(addresses) == 5
    assert all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        path = f"drf_spectacular_sidecar/swagger-ui-dist/{asset}"
        assert f"/static/{path}" in html
        assert finders.find(path) is not None
    assert "'unsafe-inline'" in page["Content-Security-Policy"].split("style-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    assert "unsafe-inline" not in client.get("/api/v1/").headers["Content-Security-Policy"]


def test_schema_states_the_constraints_the_server_enforces(openapi):
    """Patterns for references, decimals DRF accepts, no NUL characters, an empty filter meaning "any"."""
    components = openapi["components"]["schemas"]
    salary = components["RegionalSalaryWriteRequest"]["properties"]
    level = components["CareerLevelWriteRequest"]["properties"]
    filters = {p["name"]: p["schema"] for p in openapi["paths"]["/api/v1/salaries/"]["get"]["parameters"]}
    compare = openapi["paths"]["/api/v1/compare/"]["get"]["parameters"][0]

    assert salary["role"]["pattern"] == level["same_as_role"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert salary["source"] == {**salary["source"], "type": "integer", "minimum": 1}
    assert salary["usd_min"]["pattern"] == r"^\d{1,12}(?:\.\d{1,2})?$"  # non_negative: no minus sign
    assert salary["usd_max"]["pattern"] == r"^-?\d{1,12}(?:\.\d{1,2})?$"
    assert level["title"]["pattern"] == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
    assert filters["role"]["pattern"] == "^(?:[-a-zA-Z0-9_]+)?$"
    assert filters["country"]["pattern"] == "^(?:[A-Za-z]{2})?$"
    assert compare["schema"]["uniqueItems"] is True
    # Arrays as generated clients send them (repeated); the description adds the comma form.
    assert (compare["style"], compare["explode"]) == ("form", True)
    assert "?roles=a,b" in compare["description"]
    for text, accepted in [("120000.00", True), ("1", True), ("", False), ("-", False), (".", False), ("-1", False)]:
        assert bool(re.search(salary["usd_min"]["pattern"], text)) is accepted, text
    for text, accepted in [("Lead", True), (" x ", True), ("   ", False), ("a\x00b", False)]:
        assert bool(re.search(level["title"]["pattern"], text)) is accepted, text


# --- schemathesis ------------------------------------------------------------------------------

MAX_EXAMPLES = 8
calls = Counter()
failed = set()


@pytest.fixture(scope="module", autouse=True)
def _report_schemathesis_figures(request):
    """Print the run's figures (operations, cases) under the test results, even without `-s`."""
    yield
    if calls:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            request.config.pluginmanager.getplugin("terminalreporter").write_line(
                f"\nschemathesis: {len(calls)} operations, {sum(calls.values())} cases "
                f"(at most {MAX_EXAMPLES} generated examples per operation and phase), "
                f"{len(failed)} operations failing{': ' + ', '.join(sorted(failed)) if failed else ''}"
            )


@pytest.fixture
def editor_token():
    editor = User.objects.create_user("editor")
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["roles", "salaries"]))
    return Token.objects.create(user=editor).key


OEWS_TEST_RELEASE = Path(__file__).resolve().parent / "data" / "oews" / "may2030"
EXAMPLE_ID = 900_001  # the level, salary range and source that the schema's examples point at

# What no schema can state, since it depends on the data: a reference names an existing object, the
# bounds a model constraint orders (`min_lte_max`) are in order, a range's currency suits its region
# (`salary_currency_error`), a new row's keys are free, and an If-Match names the current ETag. The
# schema states every rule that holds whatever the data (patterns, lengths, bounds, enums, no NUL);
# `satisfy_data_rules()` makes each generated request meet the rest, so that "positive data
# acceptance" tests exactly the schema's promise.
QUERY_REFERENCES = {"role": "technical-manager", "skill": "skill-000", "region": "germany", "currency": "EUR"}
WRITE_TARGETS = {
    "role": "reference-role",
    "same_as_role": "technical-manager",
    "region": "united-states",
    "currency": "USD",
    "source": EXAMPLE_ID,
}
ORDERED_PAIRS = {
    "levels": (CareerLevel, [("years_total_min", "years_total_max"), ("years_in_role_min", "years_in_role_max")]),
    "salaries": (RegionalSalary, [("local_min", "local_max"), ("usd_min", "usd_max")]),
}


def satisfy_data_rules(case) -> None:
    """Point `case`'s references at live objects and put its min/max pairs in order (see above).

    Only for positive cases: a negative one must stay as schemathesis made it.
    """
    if not case.meta.generation.mode.is_positive:
        return
    if case.headers:
        # An If-Match must be the object's current ETag, which is data; without one a write is
        # unconditional (careerguide.api_conditional, with its own tests).
        case.headers.pop("If-Match", None)
    if isinstance(case.query, dict):
        for name, value in QUERY_REFERENCES.items():
            if name in case.query:
                case.query[name] = value
    if not isinstance(case.body, dict):
        return
    collection = case.path.split("/")[3]
    if case.path.endswith("/assessment/"):
        # The schema's examples name the real guide's skills and certifications; keep only the live role's.
        role = Role.objects.filter(slug=(case.path_parameters or {}).get("slug")).first()
        if role is not None:
            skills = set(role.skills.values_list("slug", flat=True))
            certifications = set(role.certifications.values_list("slug", flat=True))
            if isinstance(case.body.get("skills"), dict):
                case.body["skills"] = {name: value for name, value in case.body["skills"].items() if name in skills}
            if isinstance(case.body.get("certifications"), list):
                case.body["certifications"] = [name for name in case.body["certifications"] if name in certifications]
        total, at_level = case.body.get("years_total"), case.body.get("years_at_level")
        if isinstance(total, int) and isinstance(at_level, int) and at_level > total:
            case.body["years_at_level"] = total  # years at the current level are part of the total
    for name, value in WRITE_TARGETS.items():
        if case.body.get(name) is not None:
            case.body[name] = value
    # Only a salary range ties these together (the self-assessment's body names a region too, and nothing else).
    if collection == "salaries" and ("region" in case.body or "currency" in case.body):
        # A salary range: the currency must suit the region whatever was stored, and the role must not
        # have a range for that region yet.
        case.body.update({name: WRITE_TARGETS[name] for name in ("role", "region", "currency")})
    if collection not in ORDERED_PAIRS:
        return
    model, pairs = ORDERED_PAIRS[collection]
    pk = int((case.path_parameters or {}).get("id", 0))
    current = model.objects.filter(pk=pk).first() if 0 < pk < 2**31 else None  # the stored row a write changes
    for low, high in pairs:
        values = {name: case.body[name] if name in case.body else getattr(current, name, None) for name in (low, high)}
        if None in values.values() or Decimal(str(values[low])) <= Decimal(str(values[high])):
            continue
        # Raise the maximum to the minimum: the schema bounds the minimum (e.g. at least 0), and a
        # maximum that is at least the minimum meets those bounds too.
        case.body[high] = str(values[low]) if isinstance(values[low], Decimal) else values[low]


@pytest.fixture
def live_data(monkeypatch):
    """A full guide, with objects at the addresses the schema's examples name, and a role without levels
    or salaries for writes to point at (so that a new level or range clashes with no existing one)."""
    guide = full_guide(title="Technical Manager", slug="technical-manager")
    factories.CareerLevelFactory(pk=EXAMPLE_ID, role=guide, order=99, slug="example-level")
    factories.RegionalSalaryFactory(
        pk=EXAMPLE_ID,
        role=guide,
        region=Region.objects.get(slug="united-states"),
        currency_id="USD",
        source=factories.SourceFactory(pk=EXAMPLE_ID),
    )
    factories.RoleFactory(title="Reference Role", slug=WRITE_TARGETS["role"])
    call_command("import_oews", str(OEWS_TEST_RELEASE), verbosity=0)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    # Schemathesis calls the WSGI application directly: Django's request signals would close the
    # test's database connection (and so end its transaction) after every call. Django's own
    # test client disconnects them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield guide
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def load_schema():
    """The live schema, with examples naming real objects, so that reads reach 200s too."""
    raw = Client(HTTP_HOST="localhost").get("/api/v1/schema/?format=json").json()
    examples = {
        "slug": "technical-manager",
        "to_slug": "technical-director",
        "code": "USD",
        "id": str(EXAMPLE_ID),
        "roles": ["technical-manager", "technical-director"],
        "level_slug": "example-level",
    }
    for path, operations in raw["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                example = examples.get(parameter["name"])
                if path.startswith("/api/v1/skills/{slug}"):
                    example = "skill-000"
                elif path.startswith("/api/v1/regions/{slug}"):
                    example = "germany"
                elif path.startswith("/api/v1/areas/{code}"):
                    example = "9800000"  # the fictional OEWS release of tests/data/oews (live_data)
                elif path.startswith("/api/v1/industries/{code}"):
                    example = "981000"
                elif path.startswith("/api/v1/occupations/{soc_code}"):
                    example = "98-1011"
                if example is not None and parameter["in"] in ("path", "query"):
                    parameter["example"] = example
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api_conforms_to_its_schema(case, live_data, editor_token):
    calls[case.operation.label] += 1
    headers = {} if case.method in ("GET", "HEAD") else {"Authorization": f"Token {editor_token}"}
    # Called in process (WSGI), schemathesis does not undo the gzip it asks for by default, as an HTTP
    # client would; the schema describes the decoded body (gzip itself is tested in test_cache.py).
    headers["Accept-Encoding"] = "identity"
    # Every case starts from the same data: a write is rolled back, so a later case cannot clash with it.
    try:
        with transaction.atomic():
            satisfy_data_rules(case)
            case.call_and_validate(headers=headers)  # every check, "positive data acceptance" included
            transaction.set_rollback(True)
    except Exception:
        failed.add(case.operation.label)
        raise
