"""Backing up the whole database to one file, and restoring it: `manage.py backup_db` / `restore_db`
(`make backup`, `make restore FILE=...`).

- PostgreSQL: `pg_dump --format=custom` to `careerguide-YYYYmmdd-HHMMSS.dump`; restoring runs
  `pg_restore --clean --if-exists --no-owner --single-transaction`, so a failed restore changes nothing.
  The client binaries are found like `scripts/with-postgres` finds the server's: `PG_BINDIR`, the
  directory of `initdb` on PATH, the newest `/usr/lib/postgresql/*/bin`, then PATH.
- SQLite: the online backup API (`sqlite3.Connection.backup`) to `careerguide-YYYYmmdd-HHMMSS.sqlite3`,
  a consistent copy even while the site writes; restoring copies the file's pages back the same way.

A backup is written under a temporary name and renamed when complete, so a file with the final name is
always whole. A file of the wrong kind (the other database's backup, anything else) is refused before
the database is touched. After a restore, the content version is bumped so no cached page outlives it.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path

from django.db import connections
from django.utils import timezone

from .cache import bump_content_version

# How each kind of backup file starts, and the suffix it is written with.
FORMATS = {
    "postgresql": {"suffix": ".dump", "magic": b"PGDMP", "name": "a PostgreSQL custom-format dump (pg_dump -Fc)"},
    "sqlite": {"suffix": ".sqlite3", "magic": b"SQLite format 3\x00", "name": "an SQLite database"},
}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def backup_file_name(vendor: str, now: datetime) -> str:
    return f"careerguide-{now:%Y%m%d-%H%M%S}{FORMATS[vendor]['suffix']}"


def _format_of(path: Path) -> str | None:
    with path.open("rb") as handle:
        start = handle.read(16)
    return next((vendor for vendor, spec in FORMATS.items() if start.startswith(spec["magic"])), None)


def _vendor(connection) -> str:
    if connection.vendor not in FORMATS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def postgres_tool(name: str) -> str:
    """Path of a PostgreSQL client program (`pg_dump`, `pg_restore`), found as `scripts/with-postgres` finds
    the server: PG_BINDIR, the directory of `initdb` on PATH, the newest /usr/lib/postgresql/*/bin, PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent / name)
    installed = [Path(directory) for directory in glob.glob("/usr/lib/postgresql/*/bin")]
    newest_first = sorted(installed, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0, reverse=True)
    candidates += [directory / name for directory in newest_first]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    if found := shutil.which(name):
        return found
    raise BackupError(
        f"{name} was not found (PG_BINDIR, initdb's directory, /usr/lib/postgresql/*/bin, PATH). Install the "
        "PostgreSQL client programs (Debian: postgresql-client) or set PG_BINDIR."
    )


def _postgres_connection_arguments(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line options naming the database, and the environment carrying its password (never argv)."""
    arguments = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return arguments, env


def _run(arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        program = Path(arguments[0]).name
        raise BackupError(f"{program} failed (exit status {result.returncode}): {result.stderr.strip()}")


def database_backup(*, directory: Path, using: str = "default") -> Path:
    """Write a backup of the database `using` into `directory` (created if missing); return its path.

    PostgreSQL: one `pg_dump` run. SQLite: the online backup API, page by page, from this process's
    connection (so an in-memory test database can be backed up too).
    """
    connection = connections[using]
    vendor = _vendor(connection)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / backup_file_name(vendor, timezone.now())
    partial = path.with_name(f".{path.name}.partial")
    try:
        if vendor == "postgresql":
            arguments, env = _postgres_connection_arguments(connection.settings_dict)
            _run([postgres_tool("pg_dump"), "--format=custom", "--file", str(partial), *arguments], env)
        else:
            connection.ensure_connection()
            with closing(sqlite3.connect(partial)) as target:
                connection.connection.backup(target)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def check_restorable(*, path: Path, using: str = "default") -> None:
    """Raise `BackupError` unless `path` is a backup the database `using` can be restored from."""
    connection = connections[using]
    vendor = _vendor(connection)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    found = _format_of(path)
    if found != vendor:
        what = FORMATS[found]["name"] if found else "not a backup this command writes"
        raise BackupError(
            f"{path} is {what}; this database is {connection.display_name}, which restores from "
            f"{FORMATS[vendor]['name']} (a *{FORMATS[vendor]['suffix']} file from `manage.py backup_db`)."
        )
    if vendor == "sqlite":
        # A file cut short (a copy interrupted, a full disk) still starts like a database; SQLite's own quick
        # check reads every page, so the restore is refused here rather than failing halfway with a traceback.
        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
                problems = [row for (row,) in source.execute("PRAGMA quick_check") if row != "ok"]
                tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            problems = [str(error)]
        if problems:
            raise BackupError(f"{path} is a damaged SQLite database ({problems[0]}); restore another backup.")
        if "django_migrations" not in tables:
            raise BackupError(f"{path} is an SQLite database, but not one of this site (no django_migrations table).")


def database_restore(*, path: Path, using: str = "default") -> None:
    """Replace every table of the database `using` with the backup at `path`.

    Refuses a missing file or one of the wrong kind (`check_restorable`) before touching the database.
    PostgreSQL: this process's connection is closed first, so it holds no lock `pg_restore` would wait for.
    """
    check_restorable(path=path, using=using)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    if connection.vendor == "postgresql":
        arguments, env = _postgres_connection_arguments(connection.settings_dict)
        connection.close()
        restore = [postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run([*restore, "--exit-on-error", *arguments, str(path)], env)
    else:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
            connection.ensure_connection()
            source.backup(connection.connection)
    bump_content_version()
