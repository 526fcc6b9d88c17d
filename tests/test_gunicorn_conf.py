"""gunicorn.conf.py: the access log keeps the self-assessment's answers out."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

CONF = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def access_line(path: str, query: str) -> str:
    logger = CONF["AccessLogWithoutHealthProbes"](Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://127.0.0.1{path}?{query}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "fictional-id-1")])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=3))
    return CONF["access_log_format"] % atoms + " " + atoms["{referer}i"]


def test_assessment_answers_are_not_written_to_the_access_log():
    line = access_line("/roles/technical-manager/assess/", "years_total=9&region=germany")

    assert "years_total" not in line and "germany" not in line
    assert '"GET /roles/technical-manager/assess/?(answers not logged) HTTP/1.1" 200' in line


def test_assessment_answers_are_not_logged_for_the_address_without_its_slash_either():
    # CommonMiddleware redirects it to the address with the slash; the redirected request is logged too.
    line = access_line("/roles/technical-manager/assess", "years_total=9&region=germany")

    assert "years_total" not in line and "germany" not in line
    assert '"GET /roles/technical-manager/assess?(answers not logged) HTTP/1.1" 200' in line


def test_other_query_strings_are_logged_as_before():
    line = access_line("/roles/", "q=manager")

    assert '"GET /roles/?q=manager HTTP/1.1" 200' in line
    assert " fictional-id-1 " in line  # the request id the app answered with (careerguide.request_log)
    assert line.endswith("http://127.0.0.1/roles/?q=manager")


def test_workers_are_forked_from_a_preloaded_app_and_not_recycled_by_count():
    assert CONF["preload_app"] is True
    assert CONF["max_requests"] == 0
    assert CONF["max_worker_memory_mib"] > 0


def worker_after_request(conf: dict) -> SimpleNamespace:
    lines = []
    worker = SimpleNamespace(
        alive=True, pid=4242, log=SimpleNamespace(info=lambda *args: lines.append(args[0] % args[1:]))
    )
    conf["post_request"](worker, None, {}, None)
    worker.lines = lines
    return worker


def test_a_worker_past_its_memory_limit_is_retired_after_its_request():
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    conf["post_request"].__globals__["max_worker_memory_mib"] = 1  # any Python process is larger than 1 MiB

    worker = worker_after_request(conf)

    assert worker.alive is False
    assert worker.lines and "Recycling worker (pid: 4242)" in worker.lines[0] and "> 1 MiB" in worker.lines[0]


def test_a_worker_under_its_memory_limit_stays_up():
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    conf["post_request"].__globals__["max_worker_memory_mib"] = 1_000_000

    worker = worker_after_request(conf)

    assert worker.alive is True and worker.lines == []


def test_an_unknown_preload_switch_stops_the_server_with_its_name(monkeypatch):
    monkeypatch.setenv("GUNICORN_PRELOAD", "sometimes")

    with pytest.raises(ValueError, match="GUNICORN_PRELOAD='sometimes'"):
        runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
