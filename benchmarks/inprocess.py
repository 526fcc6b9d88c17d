"""In-process cost of one request: the WSGI handler called directly, no server, no sockets, no queueing.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:PORT/0 .venv/bin/python benchmarks/inprocess.py
    .venv/bin/python benchmarks/inprocess.py --repeat 300 --only guide,api

Each URL is asked like a browser would (with `Accept-Encoding: gzip`) and like `curl` (without), first
uncached (`DJANGO_RESPONSE_CACHE_SECONDS=0` semantics: a new content version before every request) and
then cached (the same request again and again). The median and 90th percentile of `--repeat` requests
are printed in milliseconds, with the ratio to `/robots.txt` measured the same way. The database and the
cache are the ones the environment names; the script reads only, except that it bumps the content
version (which makes cached answers stale, as any edit does).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_API_ANON_RATE", "1000000/second")

URLS = [
    ("robots", "/robots.txt"),
    ("guide", "/roles/technical-manager/"),
    ("api role detail", "/api/v1/roles/technical-manager/"),
    ("role list", "/roles/"),
    ("search", "/roles/?q=manager"),
    ("api salaries", "/api/v1/salaries/?country=DE&ordering=-usd_max"),
    ("sitemap roles", "/sitemap-roles.xml"),
]


def environ(path: str, gzip: bool) -> dict:
    path, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8" if not path.startswith("/api/") else "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    if gzip:
        env["HTTP_ACCEPT_ENCODING"] = "gzip, deflate, br"
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="Requests per URL and case (uncached: a fifth).")
    parser.add_argument("--only", default="", help="Comma-separated words: only URLs whose name has one.")
    args = parser.parse_args()
    only = [word for word in args.only.split(",") if word]

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from careerguide.cache import bump_content_version

    handler = WSGIHandler()

    def once(path, gzip):
        status = []
        started = time.perf_counter()
        body = b"".join(handler(environ(path, gzip), lambda s, h, *a: status.append((s, h))))
        elapsed = (time.perf_counter() - started) * 1e3
        return elapsed, status[0], body

    def timed(path, gzip, repeat, cold):
        times = []
        for _ in range(repeat):
            if cold:
                bump_content_version()
            elapsed, (status, headers), body = once(path, gzip)
            times.append(elapsed)
        headers = dict(headers)
        return times, status, headers, len(body)

    print(f"{'URL':17} {'case':18} {'p50 ms':>8} {'p90 ms':>8} {'x robots':>9} {'bytes':>9}  status, X-Cache, encoding")
    robots = {}
    for name, path in URLS:
        if name != "robots" and only and not any(word in name for word in only):
            continue
        for cold in (True, False):
            for gzip in (False, True):
                if name == "robots" and cold:
                    continue
                repeat = max(5, args.repeat // 5) if cold else args.repeat
                once(path, gzip)  # warm: imports, the cache entry, connections
                times, status, headers, size = timed(path, gzip, repeat, cold)
                p50 = statistics.median(times)
                p90 = statistics.quantiles(times, n=10)[-1]
                if name == "robots":
                    robots[gzip] = p50
                ratio = p50 / robots[gzip] if robots.get(gzip) else 0
                case = ("uncached" if cold else "cached") + (" gzip" if gzip else " identity")
                print(
                    f"{name:17} {case:18} {p50:8.2f} {p90:8.2f} {ratio:8.1f}x {size:9,}  {status}, "
                    f"{headers.get('X-Cache', '-')}, {headers.get('Content-Encoding', 'identity')}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
