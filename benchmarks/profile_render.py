"""CPU time of one uncached render, in process: the WSGI handler called directly, many times, with cProfile.

    DATABASE_URL=sqlite:////tmp/db.sqlite3 .venv/bin/python benchmarks/profile_render.py --repeat 200
    .venv/bin/python benchmarks/profile_render.py --only guide --profile 40   # the 40 largest cumulative costs

Settings are production's (DEBUG off; a random secret key for the run unless DJANGO_SECRET_KEY is set), so pages
need the static manifest: run `manage.py collectstatic --noinput` once (DJANGO_STATIC_ROOT names where).

Every request is a miss: the content version is bumped before each one, as any edit does, so the page or API
answer is rendered (and stored) each time; "unchanged" cases keep the version (a render the page cache does
not answer while the content is unchanged). Times are CPU time of this process (`time.process_time`), so a
machine busy with other jobs inflates them much less than wall time; the database server's own CPU time (on
PostgreSQL) is not in them, the wall-clock median is printed beside for that reason. Queries are counted per
request. `--profile N` runs the same requests again under cProfile and prints the N functions with the most
cumulative time, then the share of the render spent under a few named costs (prefetching, serializers,
templates).
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_API_ANON_RATE", "1000000/second")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))  # this run only

from inprocess import environ  # noqa: E402

# (name, address, whether the content version is bumped before each request). Without a bump, an address
# with a parameter the page does not read still misses the page cache: the render a signed-in reader or a
# tracking parameter gets while the content is unchanged (the guide's body comes from its fragment).
URLS = [
    ("guide", "/roles/technical-manager/", True),
    ("api role detail", "/api/v1/roles/technical-manager/", True),
    ("guide, unchanged", "/roles/technical-manager/?utm_source=bench", False),
    ("api detail, unchanged", "/api/v1/roles/technical-manager/?utm_source=bench", False),
]
# Functions whose cumulative share of a render is printed with --profile.
NAMED_COSTS = {
    "prefetching": ("prefetch_related_objects",),
    "DRF serializers": ("to_representation",),
    "templates": ("render",),
    "SQL execution": ("execute",),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100, help="Requests per URL.")
    parser.add_argument("--only", default="", help="Comma-separated words: only URLs whose name has one.")
    parser.add_argument("--profile", type=int, default=0, help="Print the N largest cumulative costs.")
    args = parser.parse_args()
    only = [word for word in args.only.split(",") if word]

    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from careerguide.cache import bump_content_version

    handler = WSGIHandler()
    logging.getLogger("careerguide.request").setLevel(logging.WARNING)  # one line per request otherwise

    def once(path):
        status = []
        body = b"".join(handler(environ(path, True), lambda s, h, *a: status.append(s)))
        assert status[0].startswith("200"), status
        return body

    def counting(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    print(f"{'URL':17} {'CPU p50 ms':>10} {'CPU p10':>8} {'wall p50':>9} {'queries':>8} {'bytes':>8}")
    for name, path, bump in URLS:
        if only and not any(word in name for word in only):
            continue
        for _ in range(5):
            bump_content_version()
            once(path)  # warm: imports, templates, connections
        counted = []
        if bump:
            bump_content_version()
        with connection.execute_wrapper(counting):
            body = once(path)
        cpu, wall = [], []
        for _ in range(args.repeat):
            if bump:
                bump_content_version()  # outside the timing: a write, with its commit
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            once(path)
            cpu.append((time.process_time() - started_cpu) * 1e3)
            wall.append((time.perf_counter() - started_wall) * 1e3)
        p10 = statistics.quantiles(cpu, n=10)[0]
        print(
            f"{name:17} {statistics.median(cpu):10.2f} {p10:8.2f} {statistics.median(wall):9.2f} "
            f"{len(counted):8} {len(body):8,}",
            flush=True,
        )
        if args.profile:
            profile(once, path, args, bump)
    return 0


def profile(once, path: str, args, bump: bool) -> None:
    from careerguide.cache import bump_content_version

    profiler = cProfile.Profile(time.process_time)
    for _ in range(max(10, args.repeat // 4)):
        if bump:
            bump_content_version()
        profiler.enable()
        once(path)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(args.profile)
    print(out.getvalue())
    total = max(row[3] for row in stats.stats.values())
    for label, names in NAMED_COSTS.items():
        # The outermost call of each named function: the largest cumulative time among them is its share.
        spent = max((row[3] for (_file, _line, func), row in stats.stats.items() if func in names), default=0)
        print(f"  {label:16} {100 * spent / total:5.1f}% (largest cumulative of {', '.join(names)})")


if __name__ == "__main__":
    sys.exit(main())
