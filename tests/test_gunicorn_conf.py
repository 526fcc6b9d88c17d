"""gunicorn.conf.py: the access log keeps the self-assessment's answers out."""

import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

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


def test_other_query_strings_are_logged_as_before():
    line = access_line("/roles/", "q=manager")

    assert '"GET /roles/?q=manager HTTP/1.1" 200' in line
    assert " fictional-id-1 " in line  # the request id the app answered with (careerguide.request_log)
    assert line.endswith("http://127.0.0.1/roles/?q=manager")
