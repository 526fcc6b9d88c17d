"""gunicorn settings for CareerGuide (`make serve-prod`, and production: `gunicorn -c gunicorn.conf.py ...`).

Every value can be overridden from the environment (GUNICORN_*), so one file serves a laptop and a server.
"""

import multiprocessing
import os
import re
import resource

from gunicorn.glogging import Logger

# Probed every few seconds by load balancers (careerguide.health); logging each would bury real traffic.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})
# The self-assessment is a GET form, so its answers travel in the query string (`/roles/<slug>/assess/?...`).
# They describe the reader, and the page promises that nothing entered is kept: the access log writes
# those requests without their query string, also for the address without its slash (which redirects).
PRIVATE_QUERY_PATHS = re.compile(r"^/roles/[^/]+/assess/?$")


class AccessLogWithoutHealthProbes(Logger):
    """gunicorn's logger, minus the access-log lines of the health probes, and without the query string (or a
    referer carrying it) of `PRIVATE_QUERY_PATHS`."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in QUIET_PATHS:
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if environ.get("QUERY_STRING") and PRIVATE_QUERY_PATHS.match(environ.get("PATH_INFO", "")):
            atoms["r"] = f"{atoms['m']} {atoms['U']}?(answers not logged) {atoms['H']}"
            atoms["q"] = ""
            atoms.update({key: "-" for key in atoms if key.startswith("{referer}") or key == "f"})
        return atoms


def env_bool(name: str, default: bool) -> bool:
    """A GUNICORN_* switch: true/1/yes or false/0/no; anything else stops the server with a clear message."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"{name}={value!r}: use true or false")


def peak_memory_mib() -> float:
    """This process's peak resident memory in MiB (ru_maxrss is in KiB on Linux): one cheap system call."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def post_request(worker, req, environ, resp):
    """Retire a worker whose peak memory passed `max_worker_memory_mib`, once its request is answered; the
    master forks a fresh one from the preloaded app. The log line says why (`make bench` counts them)."""
    # A module global, not a gunicorn setting: gunicorn ignores names it does not know.
    if max_worker_memory_mib and worker.alive and peak_memory_mib() > max_worker_memory_mib:
        worker.log.info(
            "Recycling worker (pid: %s): peak memory %.0f MiB > %s MiB",
            worker.pid,
            peak_memory_mib(),
            max_worker_memory_mib,
        )
        worker.alive = False


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages and API reads are short and mostly served from the shared cache. Two per core plus
# one keeps both cores busy while a worker waits on the database. A sync worker serves one connection at a
# time, so it must never face clients directly (a slow one would hold it): in production it sits behind
# nginx (scripts/serve-prod, deploy/nginx.conf.template), which reads each request in full before passing
# it on and takes each answer at once, so a worker only ever waits on the database, not on a client.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# The app is imported once, in the master, before the workers are forked: a worker starts in milliseconds
# and shares the imported code's memory with its siblings. (A code change then needs a restart of the
# master, not a HUP.) Nothing connects at import time: database and Redis connections are opened by each
# worker on its first request.
preload_app = env_bool("GUNICORN_PRELOAD", True)
# Workers are recycled by memory, not by request count: a worker whose peak resident memory has passed
# GUNICORN_MAX_WORKER_MEMORY_MIB (a large sitemap or CSV answer) finishes its request and is replaced.
# Recycling every ~1,000 requests re-imported Django in a worker every 1-2 s at cached rates (127-223
# boots in a 5-minute load test, which cut /robots.txt's rate by half and put cached pages' p95 near 1 s).
# GUNICORN_MAX_REQUESTS (0: off) remains for an operator who wants a count as well; keep it high.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10))
max_worker_memory_mib = int(os.environ.get("GUNICORN_MAX_WORKER_MEMORY_MIB", 512))
# A request still running after this is killed and its worker restarted; the salary CSV streams, so a
# large export keeps its worker alive as long as it sends data.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# An empty GUNICORN_ACCESS_LOG turns the access log off (load tests).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
logger_class = AccessLogWithoutHealthProbes
# The request id the app answers with (careerguide.request_log): the same one as its JSON request line.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'

pidfile = os.environ.get("GUNICORN_PIDFILE") or None
