"""Every API error is JSON, pages keep the site's HTML error pages, and a database outage is a 503."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.http import Http404
from django.test import Client, RequestFactory

from careerguide import errors
from roles.api import RoleViewSet
from roles.models import Role
from roles.views import RoleListView
from tests import factories
from tests.api_data import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    # Like a browser: an exception in a view is answered by the error handlers, not re-raised in the test.
    return Client(raise_request_exception=False)


def raise_in(monkeypatch, view_class, method: str, error: Exception):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(view_class, method, fail)


def test_an_over_size_api_body_is_a_413_naming_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    factories.RoleFactory(slug="orbital-gardener")
    client = client_for("with permission", Role, "patch")
    client.raise_request_exception = False

    response = client.patch(
        "/api/v1/roles/orbital-gardener/", json.dumps({"summary": "x" * 2_000}), content_type="application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is larger than the limit of 1,000 bytes."}
    assert Role.objects.get(slug="orbital-gardener").summary != "x" * 2_000


def test_too_many_fields_on_the_api_is_a_json_400(settings, anonymous):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2

    response = anonymous.get("/api/v1/roles/", {"a": 1, "b": 2, "c": 3})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "too many fields" in response.json()["detail"]


def test_an_over_size_page_form_keeps_the_html_error_page(settings, admin_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    admin_client.raise_request_exception = False

    response = admin_client.post("/admin/roles/role/add/", {"title": "x" * 2_000})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")


def test_an_uncaught_exception_in_the_api_is_a_json_500_without_traceback(monkeypatch, anonymous, caplog):
    raise_in(monkeypatch, RoleViewSet, "list", RuntimeError("secret internals"))

    response = anonymous.get("/api/v1/roles/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


def test_an_uncaught_exception_on_a_page_is_the_html_500_page(monkeypatch, anonymous):
    raise_in(monkeypatch, RoleListView, "get", RuntimeError("secret internals"))

    response = anonymous.get("/roles/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.parametrize(
    ("handler", "exception", "status"),
    [
        (errors.bad_request, SuspiciousOperation("bad"), 400),
        (errors.permission_denied, PermissionDenied(), 403),
        (errors.page_not_found, Http404(), 404),
    ],
)
def test_djangos_own_error_answers_are_json_under_the_api_and_html_elsewhere(handler, exception, status):
    api = handler(RequestFactory().get("/api/v1/roles/"), exception)
    page = handler(RequestFactory().get("/roles/"), exception)

    assert (api.status_code, api["Content-Type"]) == (status, "application/json")
    assert set(json.loads(api.content)) == {"detail"}
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")


def test_a_database_outage_on_the_api_is_a_json_503_with_retry_after(monkeypatch, anonymous, caplog):
    raise_in(monkeypatch, RoleViewSet, "list", OperationalError("connection refused\nmore detail"))

    with caplog.at_level(logging.WARNING):
        response = anonymous.get("/api/v1/roles/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert "database is unavailable" in response.json()["detail"]
    outage_lines = [record for record in caplog.records if "Database unavailable" in record.getMessage()]
    assert [record.exc_info for record in outage_lines] == [None]
    assert "GET /api/v1/roles/: connection refused" in outage_lines[0].getMessage()
    # Django's own "Service Unavailable: /api/v1/roles/" line may follow; nothing carries a traceback.
    assert [record for record in caplog.records if record.exc_info] == []


def test_a_database_outage_on_a_page_is_the_sites_503_page(monkeypatch, anonymous):
    raise_in(monkeypatch, RoleListView, "get", OperationalError("connection refused"))

    response = anonymous.get("/roles/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Temporarily unavailable" in response.content
    assert b"CareerGuide" in response.content


def test_the_salary_csv_is_a_503_before_it_streams_when_the_database_is_down(anonymous):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    # Until the last byte is read: a stream's rows are read while the client downloads them.
    with connection.execute_wrapper(refuse):
        response = anonymous.get("/api/v1/salaries/", {"format": "csv"})
        body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database is unavailable" in json.loads(body)["detail"]
