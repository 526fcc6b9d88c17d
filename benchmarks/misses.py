"""The cost of a cache miss on the lists that grow with the data: the guide alone against 10,000 roles.

    scripts/with-postgres .venv/bin/python benchmarks/misses.py            # 15 requests per URL and state
    scripts/with-postgres .venv/bin/python benchmarks/misses.py --repeat 31 --only search,sitemap

Issue 22's target: search, the salary list and a sitemap section at 10,000 roles within 3x their cost
with the guide alone (uncached, one request at a time), query counts unchanged or lower. The script
creates its own database on the PostgreSQL server of DATABASE_URL (`careerguide_misses_<random>`,
dropped at the end; it runs itself again under `scripts/with-postgres` when DATABASE_URL is not a
postgres URL) and loads two states one after the other:

1. the guide alone: `migrate`, `load_guides` and the embedded BLS OEWS release (nation and states,
   as `make run` loads it; the full release with every metro is `benchmarks/oews_import.py`'s);
2. `generate_synthetic_data --roles 10000 --seed 1` (the roles of `make bench`).

The 10,000 roles are then vacuumed and analysed (`vacuum`), as autovacuum would do soon after.

In each state a child process asks every URL in process with Django's test Client, response cache off
(`DJANGO_RESPONSE_CACHE_SECONDS=0`), one request at a time: two to warm up, then `--repeat` timed. It
prints the median and the query count per URL, then the ratio many/alone; at 10,000 roles, the plan of
each URL's main query (its slowest), run again under `EXPLAIN (ANALYZE, BUFFERS)`.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import throwaway_database  # noqa: E402

URLS = [
    ("robots", "/robots.txt"),
    ("search", "/roles/?q=manager"),
    ("api search", "/api/v1/roles/?search=manager"),
    ("salary list", "/api/v1/salaries/?country=DE&ordering=-usd_max"),
    ("salary explorer", "/salaries/?country=DE"),
    ("sitemap roles", "/sitemap-roles.xml"),
    ("sitemap levels", "/sitemap-levels.xml"),
    ("wages by occupation", "/api/v1/wages/?occupation=11-3021&area_type=state&ordering=-annual_median"),
    ("wages by area", "/api/v1/wages/?area=0600000&ordering=-annual_median"),
    ("occupations api", "/api/v1/occupations/"),
    ("occupations page", "/occupations/"),
    ("area page", "/areas/0600000/"),
]
# The targets (the rest are measured for the record).
TARGETS = {"search", "salary list", "sitemap roles"}
OEWS_EMBEDDED = ["import_oews", "--published", "2026-05-15", "fixtures/oews/"]


def manage(*args: str, env: dict) -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    print(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


def measure(repeat: int, only: list[str], explain: bool) -> dict:
    """In a child process with DATABASE_URL set: median ms, query count and, if asked, the main query's plan."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # Pages link static files by name: the manifest storage would need `collectstatic` first.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for name, url in URLS:
        if only and name != "robots" and not any(word in name for word in only):
            continue
        for _ in range(2):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1e3)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        result = {"ms": statistics.median(times), "queries": len(captured), "bytes": len(body)}
        if explain and captured.captured_queries:
            main = max(captured.captured_queries, key=lambda query: float(query["time"]))
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {main['sql']}")
                result["plan"] = "\n".join(row[0] for row in cursor.fetchall())
            result["sql"] = main["sql"]
        results[name] = result
    return results


def vacuum(url: str) -> None:
    """VACUUM ANALYZE, as autovacuum does soon after a bulk load: the visibility map lets the planner choose
    index-only scans, which a database measured seconds after its load would not have yet."""
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def run_state(env: dict, args, explain: bool) -> dict:
    command = [sys.executable, __file__, "--measure", "--repeat", str(args.repeat), "--only", args.only]
    done = subprocess.run(  # noqa: S603
        [*command, *(["--explain"] if explain else [])], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"measuring failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="Timed requests per URL and state.")
    parser.add_argument("--only", default="", help="Comma-separated words: only URLs whose name has one.")
    parser.add_argument("--roles", type=int, default=10_000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = [word for word in args.only.split(",") if word]

    if args.measure:
        print(json.dumps(measure(args.repeat, only, args.explain)))
        return 0
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        return subprocess.call([str(ROOT / "scripts" / "with-postgres"), sys.executable, __file__, *sys.argv[1:]])  # noqa: S603

    with throwaway_database(server_url, prefix="careerguide_misses") as (url, _version):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "careerguide.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_RESPONSE_CACHE_SECONDS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_API_ANON_RATE": "1000000/second",
        }
        env.pop("REDIS_URL", None)
        print("state 1: the guide alone", file=sys.stderr)
        for command in (["migrate", "-v", "0"], ["load_guides"], OEWS_EMBEDDED):
            manage(*command, env=env)
        # Not vacuumed: with the statistics of a one-role database, the search triggers' plans scan whole
        # tables while `generate_synthetic_data` fills them (its INSERTs then took minutes each).
        alone = run_state(env, args, explain=True)
        print(f"state 2: {args.roles:,} roles", file=sys.stderr)
        manage(
            "generate_synthetic_data",
            "--roles",
            str(args.roles),
            "--seed",
            "1",
            env={**env, "CAREERGUIDE_SYNTHETIC": "true"},
        )
        vacuum(url)
        many = run_state(env, args, explain=True)

    print(f"\n| URL | alone ms | {args.roles:,} roles ms | ratio | queries | bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, few in alone.items():
        more = many[name]
        mark = " (target)" if name in TARGETS else ""
        ratio = more["ms"] / few["ms"]
        print(
            f"| {name}{mark} | {few['ms']:.1f} | {more['ms']:.1f} | {ratio:.2f}x | "
            f"{few['queries']} → {more['queries']} | {few['bytes']:,} → {more['bytes']:,} |"
        )
    for label, state in (("guide alone", alone), (f"{args.roles:,} roles", many)):
        for name, result in state.items():
            if "plan" in result and name != "robots":
                print(f"\n### {name} at {label}: main query\n{result['sql'][:600]}\n{result['plan']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
