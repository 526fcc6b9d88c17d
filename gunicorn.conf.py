"""gunicorn settings for CareerGuide (`make serve-prod`, and production: `gunicorn -c gunicorn.conf.py ...`).

Every value can be overridden from the environment (GUNICORN_*), so one file serves a laptop and a server.
"""

import multiprocessing
import os
import re

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


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages and API reads are short and mostly served from the shared cache. Two per core plus
# one keeps both cores busy while a worker waits on the database. A sync worker serves one connection at a
# time, so it must never face clients directly (a slow one would hold it): in production it sits behind
# nginx (scripts/serve-prod, deploy/nginx.conf.template), which reads each request in full before passing
# it on and takes each answer at once, so a worker only ever waits on the database, not on a client.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Recycle a worker after this many requests (with jitter, so they do not all restart together): a worker
# that grew while serving a large answer gives its memory back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 100))
# A request still running after this is killed and its worker restarted; the salary CSV streams, so a
# large export keeps its worker alive as long as it sends data.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# An empty GUNICORN_ACCESS_LOG turns the access log off (load tests).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
logger_class = AccessLogWithoutHealthProbes
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

pidfile = os.environ.get("GUNICORN_PIDFILE") or None
