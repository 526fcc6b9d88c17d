"""The floor of `make bench`: the smallest WSGI app, served by gunicorn exactly as the site is.

    gunicorn -c gunicorn.conf.py benchmarks.floor_app:application

What it serves per second is the most gunicorn, the sockets and wrk allow on this machine; no Django page
can do better.
"""

BODY = b"ok"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
