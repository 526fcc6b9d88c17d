"""Structured request logs (careerguide.request_log): one JSON line per request with its id, the id echoed to
the client and carried by every other record of the request, and the self-assessment's answers never logged."""

import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerguide.request_log import JSONFormatter, RequestIdFilter
from tests import factories

pytestmark = pytest.mark.django_db


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "careerguide.request"]


def as_json(record) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(JSONFormatter().format(record))


def test_each_request_is_one_json_line_with_the_proxys_request_id(client, caplog):
    factories.CurrencyFactory(code="EUR", name="Euro", symbol="€")
    caplog.set_level(logging.INFO)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/currencies/?page_size=5", HTTP_X_REQUEST_ID="proxy-7f3a.1")

    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-7f3a.1"
    [record] = request_lines(caplog)
    line = as_json(record)
    assert {key: line[key] for key in ("level", "request_id", "method", "path", "query", "status", "queries")} == {
        "level": "INFO",
        "request_id": "proxy-7f3a.1",
        "method": "GET",
        "path": "/api/v1/currencies/",
        "query": "page_size=5",
        "status": 200,
        "queries": len(queries),
    }
    assert len(queries) > 0 and line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


@pytest.mark.parametrize("header", [None, "", "a b", "x" * 129, 'id"\n{"forged": 1}'])
def test_a_missing_or_implausible_request_id_is_replaced_by_a_new_one(client, caplog, header):
    caplog.set_level(logging.INFO)
    headers = {} if header is None else {"HTTP_X_REQUEST_ID": header}

    response = client.get("/robots.txt", **headers)

    new_id = response["X-Request-ID"]
    assert len(new_id) == 32 and int(new_id, 16) >= 0 and new_id != header
    assert as_json(request_lines(caplog)[0])["request_id"] == new_id


def test_the_assessment_answers_are_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)

    response = client.get("/roles/no-such-role/assess/?years_total=9&region=germany&skill-x=strong")

    assert response.status_code == 404
    lines = [json.dumps(as_json(record)) for record in caplog.records]
    assert lines and not any("years_total" in line or "germany" in line for line in lines), lines
    assert as_json(request_lines(caplog)[0])["query"] == "(not logged)"


def test_error_logs_carry_the_id_of_their_request(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.get("/api/v1/no-such-endpoint/", HTTP_X_REQUEST_ID="trace-42")

    assert response.status_code == 404
    warnings = [as_json(r) for r in caplog.records if r.name == "django.request"]
    assert warnings and {line["request_id"] for line in warnings} == {"trace-42"}
    assert warnings[0]["level"] == "WARNING"


def test_the_health_probes_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO)

    assert client.get("/healthz").status_code == 200
    assert request_lines(caplog) == []


def test_json_lines_hold_the_traceback_of_an_exception():
    try:
        raise ValueError("fictional failure")
    except ValueError:
        record = logging.getLogger("careerguide.test").makeRecord(
            "careerguide.test", logging.ERROR, __file__, 1, "it failed", (), __import__("sys").exc_info()
        )

    line = as_json(record)

    assert line["message"] == "it failed" and line["request_id"] is None
    assert "ValueError: fictional failure" in line["exception"]
