"""Structured logs: one JSON line per request, and a request id that ties it to the proxy's log and to any
error logged while the request ran.

- The id comes from the proxy's `X-Request-ID` header when it looks like an id (letters, digits, `.`, `_`,
  `-`, `:`; at most 128 characters), else a new one is made; either way the answer carries it back in
  `X-Request-ID`, and every log record written during the request gets it (`RequestIdFilter`).
- The request line holds the method, the path, the query string except where it is personal (the
  self-assessment's answers, `PRIVATE_QUERY_PATHS`), the status, the duration and the number of database
  queries. The health probes, polled every few seconds by load balancers, are not logged.
- `JSONFormatter` writes every record (Django's own errors included) as one JSON object per line.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime

from django.db import connections

logger = logging.getLogger("careerguide.request")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# The self-assessment page is a GET form: its answers (skills, years, region) travel in the query string.
# They describe the reader, and the page promises that nothing entered is kept.
PRIVATE_QUERY_PATHS = re.compile(r"^/roles/[^/]+/assess/$")
QUIET_PATHS = frozenset({"/healthz", "/readyz"})

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def request_id_from(header: str | None) -> str:
    """The proxy's id when it is a plausible one (anything else could forge log lines), else a new one."""
    if header and _VALID_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class QueryCounter:
    """A database execute wrapper (Django's `connection.execute_wrapper`) that counts the queries it sees."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """Outermost middleware: gives each request its id and writes its one log line (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        counter = QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(counter))
                response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if request.path not in QUIET_PATHS:
                self.log(request, response, duration=time.perf_counter() - started, queries=counter.count)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def log(request, response, *, duration: float, queries: int) -> None:
        query = request.META.get("QUERY_STRING", "")
        if query and PRIVATE_QUERY_PATHS.match(request.path):
            query = "(not logged)"
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        # A streamed answer (a CSV export) is still being sent: its time and queries are those until then.
        logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "query": query,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
                "queries": queries,
            },
        )


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (or None outside a request) to every record, as `request_id`.

    Django logs a 4xx/5xx answer ("Not Found: ...", "Internal Server Error: ...") after the middleware has
    returned, with the request on the record: the id is taken from that request.
    """

    def filter(self, record):
        if not hasattr(record, "request_id"):
            request_id = getattr(getattr(record, "request", None), "request_id", None)
            record.request_id = request_id or request_id_var.get()
        return True


# Attributes every LogRecord has; anything else on a record was passed in `extra` and is written out.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Set by Django on its request records; not JSON, and the request line already says what they would.
_SKIPPED_EXTRAS = {"request", "status_code", "server_time"}


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, the record's
    extra fields, and the traceback of an exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in _SKIPPED_EXTRAS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
