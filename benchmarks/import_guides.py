"""Benchmark `manage.py import_guide` on 100 guide files in one command: wall time.

    .venv/bin/python benchmarks/import_guides.py [--guides 100]

Runs against a fresh, migrated database: by default a temporary SQLite file; set DATABASE_URL to an
empty PostgreSQL database to measure there (its tables are created, the data is left in place).
The files are made from the fictional test guides in tests/data/guides/ (the five that are guides):
each copy gets its own title ("Ceres Orbital Gardener", "Vesta Orbital Gardener", ...) written
everywhere the guide names its role, so every file is a new role with its own ladder, while the
skills, tools, sources, countries and related careers they share are matched, as in real use.

Phases, each one `import_guide` call over all the files:

1. first import: every guide is created (with history);
2. the same files again with --update: every guide is compared and left unchanged;
3. --dry-run of the same files: everything is checked and rolled back.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ROOT / "tests" / "data" / "guides"
TITLES = {
    "orbital_gardener.txt": "Orbital Gardener",
    "lunar_beekeeper.txt": "Lunar Beekeeper",
    "deep_sea_cartographer.txt": "Deep Sea Cartographer",
    "glacier_acoustics_analyst.txt": "Glacier Acoustics Analyst",
    "volcano_sommelier.txt": "Volcano Sommelier",
}
PREFIXES = [
    "Ceres",
    "Vesta",
    "Pallas",
    "Juno",
    "Hygiea",
    "Europa",
    "Ganymede",
    "Callisto",
    "Io",
    "Titan",
    "Rhea",
    "Iapetus",
    "Dione",
    "Tethys",
    "Enceladus",
    "Mimas",
    "Miranda",
    "Ariel",
    "Umbriel",
    "Oberon",
    "Titania",
    "Triton",
    "Nereid",
    "Proteus",
    "Charon",
]


def write_guides(target: Path, count: int) -> list[Path]:
    """`count` guide files, cycling through the test guides with a new prefix on every round."""
    texts = {name: (GUIDES / name).read_text(encoding="utf-8") for name in TITLES}
    files = []
    for number in range(count):
        name = list(TITLES)[number % len(TITLES)]
        prefix = PREFIXES[number // len(TITLES) % len(PREFIXES)]
        if number >= len(TITLES) * len(PREFIXES):
            prefix = f"{prefix} {number // (len(TITLES) * len(PREFIXES)) + 1}"
        title = TITLES[name]
        path = target / f"{number:03d}_{prefix.lower().replace(' ', '_')}_{name}"
        path.write_text(texts[name].replace(title, f"{prefix} {title}"), encoding="utf-8")
        files.append(path)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=100)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cg-guide-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from roles.models import Role

    call_command("migrate", verbosity=0)
    files = write_guides(workdir, args.guides)
    size_kib = sum(path.stat().st_size for path in files) / 1024
    print(f"database: {connection.vendor}; {len(files)} guide files, {size_kib:.0f} KiB")

    def run(*options):
        out = StringIO()
        call_command("import_guide", *(str(path) for path in files), *options, stdout=out, stderr=StringIO())
        return out.getvalue().strip().splitlines()[-1]

    phases = [
        ("first import (creates)", lambda: run()),
        ("same files, --update (unchanged)", lambda: run("--update")),
        ("same files, --dry-run --update", lambda: run("--dry-run", "--update")),
    ]
    for name, phase in phases:
        started = time.perf_counter()
        result = phase()
        seconds = time.perf_counter() - started
        print(f"{name:34} {seconds:6.1f} s   {seconds / len(files) * 1000:5.0f} ms/guide   {result}")
    print(f"roles in the database: {Role.objects.count()} ({Role.objects.exclude(imported_from='').count()} imported)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
