"""Health endpoints for load balancers and orchestrators.

- `/healthz`: liveness. The process is up and answering; touches neither the database nor the cache,
  so a database outage does not get healthy app servers restarted.
- `/readyz`: readiness. The database answers `SELECT 1` and the cache a write and read back, each
  within its connect timeout (DJANGO_DB_CONNECT_TIMEOUT; the Redis socket timeouts in settings).
  Database down: 503, take this server out of rotation. Cache down: 200 with `"status": "degraded"`,
  since the site still serves every page, only uncached (careerguide.redis_cache).

Both are plain Django views: not throttled (the throttle is the API's), never cached (`no-store`, and
outside careerguide.cache), and left out of gunicorn's access log (gunicorn.conf.py).
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .errors import DATABASE_OUTAGE_ERRORS, RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

_PROBE_KEY = "careerguide:readyz-probe"


@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def database_check() -> str:
    """ "ok", or why the database cannot be used (one query: SELECT 1)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_OUTAGE_ERRORS as error:
        return f"unavailable: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}"
    return "ok"


def cache_check() -> str:
    """ "ok" when a value written to the shared cache reads back, else "unavailable" (one write, one read)."""
    token = secrets.token_hex(8)
    cache.set(_PROBE_KEY, token, timeout=10)
    return "ok" if cache.get(_PROBE_KEY) == token else "unavailable"


@require_safe
@never_cache
def readyz(request):
    checks = {"database": database_check(), "cache": cache_check()}
    if checks["database"] != "ok":
        status, code = "unavailable", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    if code != 200 or status == "degraded":
        logger.warning("Not ready: %s", checks)
    response = JsonResponse({"status": status, "checks": checks}, status=code)
    if code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
