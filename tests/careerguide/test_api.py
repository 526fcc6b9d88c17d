"""HTTP conventions every API endpoint shares: ETags and 304s, cache headers, CORS, throttling,
JSON errors for addresses that match nothing, and strict JSON bodies."""

import importlib.metadata

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from careerguide.api import CHECKED_LIBRARY_VERSIONS
from careerguide.api_policies import ModelPermissionsOrAnonReadOnly
from roles.models import Role, Skill
from tests import factories
from tests.api_data import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


# --- ETag, 304 and Cache-Control ---------------------------------------------------------------


def test_get_has_an_etag_and_a_matching_if_none_match_is_a_304(api):
    factories.RoleFactory(slug="analyst")
    first = api.get("/api/v1/roles/")

    again = api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_etag_changes_when_the_data_changes(api):
    role = factories.RoleFactory(slug="analyst")
    first = api.get("/api/v1/roles/analyst/")
    role.summary = "Rewritten."
    role.save()  # as every write of the app does; a bare QuerySet.update() would bypass the cache's version

    changed = api.get("/api/v1/roles/analyst/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.json()["summary"] == "Rewritten."


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/roles/", "/api/v1/about/", "/api/v1/salaries/?format=csv", "/api/v1/currencies/"]
)
def test_successful_reads_are_publicly_cacheable(api, path):
    response = api.get(path)

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", f"max-age={settings.API_CACHE_SECONDS}"}


@pytest.mark.parametrize("path", ["/api/v1/roles/nobody/", "/api/v1/roles/?page=9", "/api/v1/roles/?ordering=x"])
def test_errors_are_not_marked_cacheable(api, path):
    response = api.get(path)

    assert response.status_code in (400, 404)
    assert "public" not in response.get("Cache-Control", "")


# --- CORS --------------------------------------------------------------------------------------


def test_any_origin_may_read(api):
    response = api.get("/api/v1/roles/", HTTP_ORIGIN="https://jobs.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_304_keeps_the_cors_header(api):
    etag = api.get("/api/v1/roles/")["ETag"]

    response = api.get("/api/v1/roles/", HTTP_ORIGIN="https://jobs.example.org", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(("method", "allowed"), [("GET", True), ("POST", False), ("DELETE", False), ("PUT", False)])
def test_cors_preflight_allows_only_reads(api, method, allowed):
    response = api.options(
        "/api/v1/skills/", HTTP_ORIGIN="https://jobs.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD=method
    )

    offered = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert offered == {"GET", "HEAD", "OPTIONS"}
    assert (method in offered) is allowed


def test_cors_does_not_reach_beyond_the_api(api):
    response = api.get("/admin/login/", HTTP_ORIGIN="https://jobs.example.org")

    assert "Access-Control-Allow-Origin" not in response


# --- Throttling --------------------------------------------------------------------------------


def test_anonymous_reads_are_throttled_with_retry_after(api, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    statuses = [api.get("/api/v1/currencies/").status_code for _ in range(4)]
    refused = api.get("/api/v1/currencies/")

    assert statuses == [200, 200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"]


def test_clients_with_a_token_are_not_throttled_as_anonymous(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    client = client_for("with permission", Skill, "post")

    assert [client.get("/api/v1/currencies/").status_code for _ in range(5)] == [200] * 5


# --- Addresses that match nothing, methods, formats --------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_unknown_api_address_is_json_404_for_every_method(api, method):
    response = getattr(api, method)("/api/v1/careers/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No API endpoint at '/api/v1/careers/'; the list of endpoints is at /api/v1/."}


def test_get_without_the_trailing_slash_is_redirected_with_its_query(api):
    response = api.get("/api/v1/roles?ordering=title")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/roles/?ordering=title"


def test_write_without_the_trailing_slash_is_404_not_a_redirect(api):
    response = api.post("/api/v1/roles", {}, format="json")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("No API endpoint")


def test_method_not_offered_is_405_json(admin_client):
    response = admin_client.delete("/api/v1/currencies/")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}


def test_head_is_answered_like_get_without_a_body(api):
    response = api.head("/api/v1/roles/")

    assert response.status_code == 200
    assert response.content == b""


def test_anonymous_write_is_401_asking_for_a_token(api):
    response = api.post("/api/v1/skills/", {"name": "Go", "slug": "go", "category": "technical"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Skill.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", 5, "Expected a string, got int."),
        ("category", ["technical"], "Expected a string, got list."),
        ("description", False, "Expected a string, got bool."),
    ],
)
def test_write_bodies_take_exactly_the_documented_json_types(field, value, message):
    client = client_for("with permission", Skill, "post")
    payload = {"name": "Go", "slug": "go", "category": "technical", field: value}

    response = client.post("/api/v1/skills/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert not Skill.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("is_published", 0), ("is_published", "true"), ("guide_reviewed_on", 20260101)]
)
def test_role_write_rejects_loosely_typed_values(field, value):
    client = client_for("with permission", Role, "post")

    response = client.post("/api/v1/roles/", {"title": "Go", "slug": "go", field: value}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_private_library_hooks_were_checked_against_the_installed_versions():
    # careerguide/api.py overrides private drf-spectacular and DRF methods; an upgrade must re-check them
    # (and then update CHECKED_LIBRARY_VERSIONS).
    installed = {name: importlib.metadata.version(name) for name in CHECKED_LIBRARY_VERSIONS}

    assert installed == CHECKED_LIBRARY_VERSIONS


@pytest.mark.parametrize("pattern", ["{a},", ",", "{a},,{b}", ",-{a}"])
@pytest.mark.parametrize(
    ("url", "a", "b"),
    [
        ("/api/v1/roles/", "title", "growth"),
        ("/api/v1/levels/", "order", "salary"),
        ("/api/v1/salaries/", "usd_min", "usd_max"),
        ("/roles/", "title", "median_pay"),
    ],
)
def test_blank_entries_in_ordering_are_ignored_not_a_server_error(client, url, a, b, pattern):
    factories.RoleFactory(title="B role")
    factories.RoleFactory(title="A role")

    response = client.get(url, {"ordering": pattern.format(a=a, b=b)})

    assert response.status_code == 200


def test_reads_are_allowed_without_building_the_views_queryset(rf):
    class ExpensiveQuerysetView:
        def get_queryset(self):
            raise AssertionError("a read must not build the queryset just to find the model")

    permission = ModelPermissionsOrAnonReadOnly()
    for method in ("get", "head", "options"):
        request = getattr(rf, method)("/api/v1/roles/")
        request.user = AnonymousUser()
        assert permission.has_permission(request, ExpensiveQuerysetView())


@pytest.mark.parametrize("granted", [False, True])
def test_writes_still_need_the_model_permission(granted):
    editor = client_for("with permission" if granted else "without permission", Role, "post")
    response = editor.post("/api/v1/roles/", {}, format="json")
    assert response.status_code == (400 if granted else 403)


# --- Hostile bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 101])
@pytest.mark.parametrize("who", ["anonymous assessment", "token write"])
def test_json_nested_too_deep_is_a_400_not_a_server_error(who, depth):
    role = factories.RoleFactory(slug="analyst")
    if who == "anonymous assessment":
        client, method, url = APIClient(), "post", f"/api/v1/roles/{role.slug}/assessment/"
    else:
        client, method, url = client_for("with permission", Role, "patch"), "patch", f"/api/v1/roles/{role.slug}/"
    body = '{"summary": ' + "[" * depth + "]" * depth + "}"

    response = getattr(client, method)(url, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the body nests deeper than 100 levels."}
    assert Role.objects.get().summary == role.summary


def test_unknown_fields_in_a_write_are_a_400_naming_them():
    client = client_for("with permission", Skill, "post")
    payload = {"name": "Go", "slug": "go", "category": "technical", "colour": "red", "rank": 1}

    response = client.post("/api/v1/skills/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        name: ["Unknown field; the fields are: name, slug, category, description, url."] for name in ("colour", "rank")
    }
    assert not Skill.objects.exists()
