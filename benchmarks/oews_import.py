"""Benchmark the full BLS OEWS import (every area and industry) and the wages query with every metro loaded.

    .venv/bin/python benchmarks/oews_import.py [--files .cache/oews] [--database sqlite|postgresql|both]

The full May 2025 files come from `scripts/build_oews_fixture.py` (written to `.cache/oews/` by default).
For each database, on a fresh, migrated one (a temporary SQLite file; a throwaway PostgreSQL cluster from
`scripts/with-postgres`), it runs:

1. `manage.py import_oews FILES` under `/usr/bin/time -v`: wall time and peak resident memory;
2. the same again (the same files are skipped: "changes nothing");
3. row counts and the database's size;
4. the database time of `/api/v1/wages/?occupation=11-3021&area_type=metro&ordering=-annual_median` (one
   occupation across every metro, by median) and of an area's top occupations
   (`/api/v1/wages/?area=0041860&ordering=-annual_median`): the queries of each request, captured and
   run again on their own (executed and fetched, best of 10), plus the plan of the slowest.

Figures are printed, not judged: the machine is shared, so compare runs made together.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 10
QUERIES = {
    "one occupation across metros": "/api/v1/wages/?occupation=11-3021&area_type=metro&ordering=-annual_median",
    "an area's top occupations": "/api/v1/wages/?area=0041860&ordering=-annual_median",
}


def timed_import(files: Path, env: dict) -> dict:
    command = ["/usr/bin/time", "-v", sys.executable, "manage.py", "import_oews", "-v", "1", str(files)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.exit(f"import failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)[1]
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)[1])
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", result.stderr)[1]) for kind in ("User", "System"))
    return {"wall": wall, "peak_mb": rss / 1024, "cpu_s": cpu, "report": result.stdout.strip()}


def measure_in_django() -> None:
    """Run inside the benchmark's database (a child process with DATABASE_URL set): counts, size, query times."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from roles.models import Occupation, OewsArea, OewsIndustry, OewsRelease, WageEstimate

    settings.RESPONSE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    counts = {
        "releases": OewsRelease.objects.count(),
        "occupations": Occupation.objects.count(),
        "areas": OewsArea.objects.count(),
        "metro areas": OewsArea.objects.filter(kind=OewsArea.Kind.METRO).count(),
        "industries": OewsIndustry.objects.count(),
        "estimates": WageEstimate.objects.count(),
    }
    for name, count in counts.items():
        print(f"  rows {name:<14} {count:>10,}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            cursor.execute("SELECT pg_total_relation_size('salaries_wageestimate')")
            table = cursor.fetchone()[0]
            print(f"  database size {size / 2**20:,.1f} MB (estimates table with indexes {table / 2**20:,.1f} MB)")
        else:
            print(f"  database size {Path(settings.DATABASES['default']['NAME']).stat().st_size / 2**20:,.1f} MB")
    client = Client(HTTP_HOST="127.0.0.1")
    for label, url in QUERIES.items():
        client.get(url)  # warm-up: caches, the database's buffers
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            total = time.perf_counter() - start
        assert response.status_code == 200, response.content[:300]
        # Each query of the request again on its own, executed and fetched whole, best of REPEATS: the
        # database's share of the request (Django's own timing leaves SQLite's fetching out).
        timings = []
        for query in queries.captured_queries:
            best = None
            for _ in range(REPEATS):
                with connection.cursor() as cursor:
                    start = time.perf_counter()
                    cursor.execute(query["sql"])
                    cursor.fetchall()
                    took = time.perf_counter() - start
                best = took if best is None else min(best, took)
            timings.append((best, query["sql"]))
        database = sum(took for took, _ in timings)
        print(f"  {label}: {url}")
        print(
            f"    {response.json()['count']} estimates, {len(timings)} queries, database {database * 1000:.1f} ms "
            f"(best of {REPEATS} per query, fetch included), whole request {total * 1000:.0f} ms"
        )
        slowest = max(timings)[1]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest}")
                plan = [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {slowest}")
                plan = [row[-1] for row in cursor.fetchall()]
        print(f"    slowest query ({max(timings)[0] * 1000:.1f} ms), its plan:")
        for line in plan:
            print(f"      {line}")


def run(database: str, files: Path) -> None:
    env = {**os.environ, "DJANGO_DEBUG": "true", "PYTHONPATH": str(ROOT)}
    if database == "sqlite":
        directory = tempfile.mkdtemp(prefix="cg-oews-bench-")
        env["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    print(f"== {database}: import_oews {files}")
    first = timed_import(files, env)
    print(first["report"].split("\n", 1)[-1])
    print(f"  first import: wall {first['wall']}, CPU {first['cpu_s']:.1f} s, peak memory {first['peak_mb']:.0f} MB")
    again = timed_import(files, env)
    print(
        f"  same files again: wall {again['wall']}, peak {again['peak_mb']:.0f} MB: {again['report'].splitlines()[-1]}"
    )
    subprocess.run([sys.executable, __file__, "--measure"], cwd=ROOT, env=env, check=True)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, default=ROOT / ".cache" / "oews", help="BLS's full flat files")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_in_django()
        return
    if not (args.files / "oe.data.0.Current").exists() and not (args.files / "oe.data.0.Current.gz").exists():
        sys.exit(f"no oe.data.0.Current in {args.files}: run scripts/build_oews_fixture.py first (see its docstring)")
    if args.database in ("sqlite", "both"):
        run("sqlite", args.files.resolve())
    if args.database in ("postgresql", "both"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            run("postgresql", args.files.resolve())
        else:
            command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, __file__, "--database", "postgresql"]
            subprocess.run([*command, "--files", str(args.files.resolve())], cwd=ROOT, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
