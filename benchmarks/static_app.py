"""Whitenoise serving files, as `make bench` compares the site with it: the cached guide's own HTML bytes and
API role detail's JSON bytes, as static files (identity and a precompressed .gz), served by gunicorn exactly
as the site is.

    BENCH_STATIC_DIR=/tmp/dir gunicorn -c gunicorn.conf.py benchmarks.static_app:application

What a cached page could reach if answering it cost no more than sending a file.
"""

import os

from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


application = WhiteNoise(not_found, root=os.environ["BENCH_STATIC_DIR"], autorefresh=False)
