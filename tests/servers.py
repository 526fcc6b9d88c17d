"""Real servers for tests that need them, on 127.0.0.1, started and always stopped: the production front
(scripts/serve-prod: nginx in front of gunicorn), Redis, a PostgreSQL cluster of a test's own; and migrated
databases for them.

A test that needs a program the machine lacks skips on a laptop and fails under CI=true (`require`).
"""

import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

REPO = Path(settings.BASE_DIR)


def missing(message: str):
    """A tool the test needs is missing: skip on a laptop, fail under CI=true, where it must not pass silently."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require(program: str, install: str) -> str:
    """The path of `program` on PATH, or `missing`."""
    path = shutil.which(program)
    if path:
        return path
    missing(f"{program} not found: {install}")


def require_file(path: Path, what: str, install: str) -> None:
    """`path` exists (a browser, a Node package), or `missing`."""
    if not path.exists():
        missing(f"{what} not found at {path}: {install}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, *, seconds: float = 30, alive: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers (any HTTP status); fail after `seconds`, or as soon as `alive` exits."""
    deadline = time.monotonic() + seconds
    while True:
        if alive is not None and alive.poll() is not None:
            raise OSError(f"the server exited with status {alive.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - 127.0.0.1 only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def redis_server(port: int | None = None, *options: str):
    """A throwaway Redis on `port` (default: a free one), without persistence, with these extra `options`
    (e.g. "--maxmemory", "2mb"); yields its URL."""
    binary = require("redis-server", "apt-get install redis-server (.ci/run does)")
    port = port or free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workdir,
                *options,
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


class PostgresCluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1 that a test may stop and start again (an outage).

    As root the server runs as `postgres` (initdb refuses root). Durability is off: the data is thrown away.
    """

    def __init__(self, workdir: Path):
        initdb = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)
        if initdb is None:
            require("initdb", "apt-get install postgresql (.ci/run does)")
        self.bindir = Path(os.path.realpath(initdb)).parent
        self.workdir = workdir
        self.data = workdir / "data"
        self.port = free_port()
        self.as_server_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/careerguide"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_server_user, str(self.bindir / tool), *args],
            cwd=self.workdir,
            check=True,
            capture_output=True,
        )

    def create(self) -> "PostgresCluster":
        if self.as_server_user:
            shutil.chown(self.workdir, "postgres")
        self._run("initdb", "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", "postgres")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.workdir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "careerguide")
        return self

    def copy(self, source_url: str) -> None:
        """Fills the empty `careerguide` database with the tables and rows of the database at `source_url` (a
        migrated one: a dump restores in a second where migrating takes most of a minute)."""
        dump = subprocess.run(
            [str(self.bindir / "pg_dump"), "--format=custom", "--no-owner", "--dbname", source_url],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            [str(self.bindir / "pg_restore"), "--no-owner", "--exit-on-error", "--dbname", self.url],
            input=dump,
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.workdir / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()


@contextlib.contextmanager
def postgres_cluster():
    """A `PostgresCluster` with an empty database `careerguide`; stopped and deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="cg-pg-") as workdir:
        cluster = PostgresCluster(Path(workdir))
        try:
            yield cluster.create()
        finally:
            cluster.destroy()


def database_url() -> str:
    """The URL of the database the current test uses (the test database on PostgreSQL)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Front:
    """A running production front (scripts/serve-prod: nginx in front of gunicorn) and where it writes."""

    process: subprocess.Popen
    port: int
    workdir: Path
    database_url: str
    static_root: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def run_dir(self) -> Path:
        """nginx's configuration, pid file and temporary bodies, gunicorn's socket and pid file."""
        return self.workdir / "run"

    @property
    def log(self) -> Path:
        """serve-prod's output: its own lines, nginx's errors and gunicorn's stderr (the site's log lines)."""
        return self.workdir / "serve-prod.log"

    @property
    def app_log(self) -> Path:
        """gunicorn's access log: one line per request that reached the app."""
        return self.workdir / "app-access.log"

    def app_requests(self) -> str:
        return self.app_log.read_text() if self.app_log.exists() else ""

    def server_log(self) -> str:
        return self.log.read_text()


@contextlib.contextmanager
def front(
    *,
    database_url: str,
    workdir: Path,
    env: dict | None = None,
    workers: int = 2,
    static_root: Path | None = None,
    migrate: bool = False,
    client_timeout: int = 10,
):
    """The site as `make serve-prod` serves it (scripts/serve-prod: nginx in front of gunicorn, debug off) on a
    free port of 127.0.0.1, with `database_url` and the extra `env` (REDIS_URL only if given there); yields a
    `Front`, stopped afterwards with SIGTERM.

    The database is migrated by the caller (`SiteDatabases` hands out migrated ones) unless `migrate`; with
    `static_root` (already collected, see the `static_root` fixture) serve-prod skips `collectstatic`, else it
    collects into `workdir`/static. Everything else it writes goes under `workdir`.
    """
    require("nginx", "apt-get install nginx-light (.ci/run does)")
    workdir.mkdir(parents=True, exist_ok=True)
    running = Front(
        process=None,
        port=free_port(),
        workdir=workdir,
        database_url=database_url,
        static_root=static_root or workdir / "static",
    )
    options = [*([] if migrate else ["--no-migrate"]), *(["--no-collectstatic"] if static_root else [])]
    # A file, never a pipe: the site writes a JSON line per request to stderr (careerguide.request_log), and a
    # pipe nobody reads fills up after a few hundred requests and blocks the workers.
    with running.log.open("w") as log:
        running.process = subprocess.Popen(
            [sys.executable, str(REPO / "scripts" / "serve-prod"), *options],
            cwd=REPO,
            env=front_environment(running, workers=workers, client_timeout=client_timeout, env=env or {}),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_for(f"{running.url}/robots.txt", seconds=180, alive=running.process)
        except OSError:
            raise RuntimeError(f"serve-prod did not start:\n{running.server_log()[-3000:]}") from None
        yield running
    finally:
        # SIGTERM, so that serve-prod stops nginx and gunicorn (each in a session of its own) before it exits.
        if running.process.poll() is None:
            running.process.terminate()
            try:
                running.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                running.process.kill()
                running.process.wait()


def front_environment(running: Front, *, workers: int, client_timeout: int, env: dict) -> dict:
    """serve-prod's environment for `running`: this process's, without REDIS_URL unless `env` gives one."""
    server_env = {
        **os.environ,
        "PORT": str(running.port),
        "DATABASE_URL": running.database_url,
        "DJANGO_SECRET_KEY": "test-only-front-key-Vt3kQ9zLw2Xp7RbN4cYh8GmJ5sDf1AeU6oPiZx",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(running.static_root),
        "DJANGO_CACHE_DIR": str(running.workdir / "cache"),
        "FRONT_RUN_DIR": str(running.run_dir),
        "FRONT_CLIENT_TIMEOUT": str(client_timeout),
        "FRONT_ACCESS_LOG": str(running.workdir / "front-access.log"),
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": str(running.app_log),
    }
    server_env.pop("REDIS_URL", None)
    return {**server_env, **env}


def manage(database_url: str, *args: str) -> str:
    """`manage.py ARGS` against `database_url` (debug on: no secret key needed); returns its output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "true"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class SiteDatabases:
    """Migrated, empty databases of the run's engine for the servers tests start, each its own: a SQLite file
    in the SQLite run, a database on the run's PostgreSQL server in the PostgreSQL run.

    Migrating takes many seconds, so it happens once, into a template that each new database copies (SQLite's
    backup API; PostgreSQL's CREATE DATABASE ... TEMPLATE). The PostgreSQL databases are dropped at `close`.
    """

    def __init__(self, workdir: Path):
        self.workdir = workdir
        db = settings.DATABASES["default"]
        self.postgres = "postgresql" in db["ENGINE"]
        self.server = {key.lower(): db[key] for key in ("HOST", "PORT", "USER", "PASSWORD") if db.get(key)}
        self.prefix = f"cg_site_{os.getpid()}"
        self.created: list[str] = []
        self.template = self._create(f"{self.prefix}_template")
        manage(self.template, "migrate", "-v0")

    def _url(self, name: str) -> str:
        server = self.server
        password = f":{server['password']}" if server.get("password") else ""
        host = f"{server.get('host') or '127.0.0.1'}:{server.get('port') or 5432}"
        return f"postgres://{server.get('user', 'postgres')}{password}@{host}/{name}"

    def _admin(self, statement: str) -> None:
        admin = psycopg2.connect(dbname="postgres", **self.server)
        try:
            admin.autocommit = True
            with admin.cursor() as cursor:
                cursor.execute(statement)
        finally:
            admin.close()

    def _create(self, name: str, template: str | None = None) -> str:
        if not self.postgres:
            path = self.workdir / f"{name}.sqlite3"
            if template:
                with (
                    contextlib.closing(sqlite3.connect(template)) as source,
                    contextlib.closing(sqlite3.connect(path)) as copy,
                ):
                    source.backup(copy)
            return f"sqlite:///{path}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return self._url(name)

    def empty(self) -> str:
        """The URL of a new database without any table, for a test that migrates it itself."""
        return self._create(f"{self.prefix}_{len(self.created) + 1}_{time.monotonic_ns()}_empty")

    def new(self) -> str:
        """The URL of a new migrated database that no one else uses."""
        name = f"{self.prefix}_{len(self.created) + 1}_{time.monotonic_ns()}"
        if self.postgres:
            return self._create(name, f"{self.prefix}_template")
        return self._create(name, str(self.workdir / f"{self.prefix}_template.sqlite3"))

    def close(self) -> None:
        for name in reversed(self.created):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database_url: str, sql: str, *params) -> list[tuple]:
    """The rows of one SELECT on the database a started server uses (SQLite file or PostgreSQL); `sql` takes
    `%s` placeholders."""
    if database_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
            return database.execute(sql.replace("%s", "?"), params).fetchall()
    with contextlib.closing(psycopg2.connect(database_url)) as database, database.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def collected_static(target: Path) -> Path:
    """Run `collectstatic` into `target` (the hashed names production serves); returns it."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(target), "DJANGO_DEBUG": "true"},
        check=True,
    )
    return target
