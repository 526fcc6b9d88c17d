"""The OpenAPI schema: valid, complete, served with its docs page, and true to the API's behaviour.

The last test is a bounded schemathesis run over every operation in the schema: reads as an
anonymous client, writes with an editor's token. It must find no server error and no response
that breaks the schema.
"""

import re
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Permission, User
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle
from schemathesis.specs.openapi.checks import positive_data_acceptance

from roles.filters import CareerLevelFilter, RoleFilter, SkillFilter
from salaries.filters import RegionalSalaryFilter
from salaries.models import Region
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
            if method == "post" and path in ANONYMOUS_POSTS:
                assert {"400", "404"} <= codes and not {"401", "403"} & codes, (method, path)
                assert operation["security"] == [{}], (method, path)
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
        "/api/v1/currencies/{code}/",
        "/api/v1/levels/",
        "/api/v1/levels/{id}/",
        "/api/v1/regions/",
        "/api/v1/regions/{slug}/",
        "/api/v1/roles/",
        "/api/v1/roles/{slug}/",
        "/api/v1/roles/{slug}/assessment/",
        "/api/v1/roles/{slug}/gap/{to_slug}/",
        "/api/v1/roles/{slug}/levels/{level_slug}/job-description/",
        "/api/v1/salaries/",
        "/api/v1/salaries/{id}/",
        "/api/v1/skills/",
        "/api/v1/skills/{slug}/",
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


EXAMPLE_ID = 900_001  # the level and the salary range that the schema's examples point at


@pytest.fixture
def live_data(monkeypatch):
    """A full guide, with objects at the addresses the schema's examples name."""
    guide = full_guide(title="Technical Manager", slug="technical-manager")
    factories.CareerLevelFactory(pk=EXAMPLE_ID, role=guide, order=99, slug="example-level")
    factories.RegionalSalaryFactory(pk=EXAMPLE_ID, role=guide, region=Region.objects.get(slug="united-states"))
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
        "roles": "technical-manager,technical-director",
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
    # Every check but one: "positive data acceptance" expects any schema-valid request to succeed,
    # but a well-formed slug of a role that does not exist (`?role=xyz`) is rightly a 400.
    try:
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    except Exception:
        failed.add(case.operation.label)
        raise
