"""Benchmark the salary CSV import and export at 100,000 rows: wall time and peak memory.

    .venv/bin/python benchmarks/import_salaries.py [--rows 100000] [--tracemalloc]

Runs against a fresh, migrated database: by default a temporary SQLite file; set DATABASE_URL to an
empty PostgreSQL database to measure there (its tables are created, the data is left in place).
It builds 500 roles x 200 countries and a CSV with one salary row per pair (up to --rows), then runs
`manage.py import_salaries` four times through call_command, as an editor would:

1. first import: every row is created (with its history row);
2. the same file again: every row is checked and left unchanged;
3. a file with every amount changed: every row is updated (with history);
4. export_salaries of the whole table.

Reported per phase: wall time and peak resident memory of the process (ru_maxrss, which only grows,
so a phase shows a figure only once it raises the peak). With --tracemalloc, also the peak of Python
allocations during the phase (tracemalloc slows the run down, so its times are not comparable).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES, COUNTRIES = 500, 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true", help="Also measure Python allocations (slower).")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cg-import-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    source_id = build_reference_data()
    first = workdir / "salaries.csv"
    changed = workdir / "salaries-changed.csv"
    write_csv(first, args.rows, source_id, bump=0)
    write_csv(changed, args.rows, source_id, bump=1000)
    size_mib = first.stat().st_size / 2**20
    print(f"database: {connection.vendor}; file: {args.rows:,} rows, {size_mib:.1f} MiB")

    def run_import(path):
        out = StringIO()
        call_command("import_salaries", str(path), stdout=out, stderr=StringIO())
        return out.getvalue().strip()

    def run_export():
        target = workdir / "export.csv"
        call_command("export_salaries", "--output", str(target), stdout=StringIO(), stderr=StringIO())
        return f"{target.stat().st_size / 2**20:.1f} MiB written"

    phases = [
        ("first import (creates)", lambda: run_import(first)),
        ("same file again (unchanged)", lambda: run_import(first)),
        ("every amount changed (updates)", lambda: run_import(changed)),
        ("export", run_export),
    ]
    for name, phase in phases:
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        result = phase()
        seconds = time.perf_counter() - started
        line = f"{name:32} {seconds:7.1f} s   peak RSS {peak_rss_mib():6.0f} MiB"
        if args.tracemalloc:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            line += f"   Python peak {peak / 2**20:6.0f} MiB"
        print(f"{line}   {result}")


def build_reference_data() -> int:
    from roles.models import RegionalSalary, Role
    from salaries.models import Currency, Region, Source

    RegionalSalary.objects.all().delete()
    usd, _ = Currency.objects.get_or_create(code="USD", defaults={"name": "US dollar", "symbol": "$"})
    Role.objects.bulk_create(
        [Role(title=f"Benchmark role {n}", slug=f"bench-role-{n}") for n in range(ROLES)], ignore_conflicts=True
    )
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    Region.objects.bulk_create(
        [
            Region(
                name=f"Benchmark country {n}",
                slug=f"bench-country-{n}",
                kind="country",
                iso_code=f"{letters[n // 26 + 10]}{letters[n % 26]}",  # KA..RZ, clear of common codes
                currency=usd,
            )
            for n in range(COUNTRIES)
        ],
        ignore_conflicts=True,
    )
    source, _ = Source.objects.get_or_create(
        publisher="Benchmark",
        title="Synthetic salaries",
        defaults={"measures": "Nothing real.", "kind": "editorial_estimate"},
    )
    return source.pk


def write_csv(path: Path, rows: int, source_id: int, bump: int):
    with path.open("w", encoding="utf-8") as handle:
        handle.write("role,region,currency,local_min,local_max,usd_min,usd_max,usd_is_approximate,source,note\n")
        for n in range(rows):
            role, country = divmod(n, COUNTRIES)
            low, high = 40_000 + n % 50_000 + bump, 90_000 + n % 70_000 + bump
            handle.write(f"bench-role-{role},bench-country-{country},USD,{low},{high},{low},{high},true,{source_id},\n")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    main()
