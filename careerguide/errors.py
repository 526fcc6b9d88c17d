"""Error responses: JSON under the API, the site's HTML pages elsewhere, and a 503 when the database is down.

The API promises a JSON body for every error (README, "The JSON API"). DRF's exception handler
(`careerguide.api.exception_handler`) covers errors raised inside its views; the handlers here cover
what Django answers itself (`handler400/403/404/500` in careerguide/urls.py): a body over
DATA_UPLOAD_MAX_MEMORY_SIZE or with too many fields, a PermissionDenied or Http404 raised outside DRF, an
uncaught exception. Their JSON names the problem and
never carries a traceback.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Seconds a client is asked to wait before trying again while the database cannot be reached.
RETRY_AFTER_SECONDS = 5
# What a database that cannot be reached raises: refused or timed-out connections, a server that went
# away under a kept connection, a locked SQLite file.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception, template_name="400.html"):
    """handler400. An over-size body is a 413 naming the limit; other refused requests a 400."""
    if isinstance(exception, RequestDataTooBig):
        # careerguide.request_size's refusal names its own limit (the whole body, files included).
        limit = getattr(exception, "limit", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        detail = f"The request body is larger than the limit of {limit:,} bytes."
        if is_api_request(request):
            return _json_error(413, detail)
        response = defaults.bad_request(request, exception, template_name)
        response.status_code = 413
        return response
    if is_api_request(request):
        return _json_error(400, "The request could not be understood (malformed or too many fields).")
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name="403.html"):
    """handler403, for a PermissionDenied raised outside DRF (whose views answer their own 403s)."""
    if is_api_request(request):
        return _json_error(403, "You do not have permission to do this.")
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name="404.html"):
    """handler404 (the API's own unknown addresses are answered by `careerguide.api.api_not_found`)."""
    if is_api_request(request):
        return _json_error(404, f"Nothing at {request.path[:200]!r}.")
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name="500.html"):
    """handler500. A database outage that got this far is still a 503; the API gets JSON, never a traceback."""
    if isinstance(sys.exception(), DATABASE_OUTAGE_ERRORS):
        return database_unavailable(request)
    if is_api_request(request):
        return _json_error(500, "An error on our side; it has been logged. Please try again in a few minutes.")
    return defaults.server_error(request, template_name)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under the API, the site's "temporarily unavailable" page elsewhere.

    The page is rendered without the request's context processors, which could query the database.
    """
    if is_api_request(request):
        response = _json_error(503, "The database is unavailable; retry after the seconds in Retry-After.")
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view (or template) that cannot reach the database answers 503 with Retry-After and logs one line.

    No traceback: the outage is the operator's news, not a bug. Django's connection handling recovers by
    itself once the database is back (CONN_HEALTH_CHECKS replaces a kept connection that died).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return None
        first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
        logger.error("Database unavailable, answered 503: %s %s: %s", request.method, request.path, first_line)
        return database_unavailable(request)
