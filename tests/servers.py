"""Real servers for tests that need them: Redis and gunicorn on 127.0.0.1, started and always stopped.

A test that needs a program the machine lacks skips on a laptop and fails under CI=true (`require`).
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(settings.BASE_DIR)


def require(program: str, install: str) -> str:
    """The path of `program`; skip without it on a laptop, fail under CI=true."""
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} not found: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


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


@contextlib.contextmanager
def gunicorn(*, env: dict, workers: int = 2, log: Path | None = None):
    """The site under gunicorn (debug off, gunicorn.conf.py) on a free port; yields its base URL.

    With `log`, the server's own log (its stderr: errors and the site's log lines) goes to that file.
    """
    port = free_port()
    server_env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test-only-gunicorn-key-Qm7vX2pLr9TzK4wB8nYc1HsJ6dFg3AeU5oPi",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "",
        **env,
    }
    # A file, never a pipe: the site writes a JSON line per request to stderr (careerguide.request_log), and a
    # pipe nobody reads fills up after a few hundred requests and blocks the workers.
    log_file = log.open("w") if log is not None else tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        # The control socket's default path is one per user: two servers at once would share it.
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket", "careerguide.wsgi"],
        cwd=REPO,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(f"{url}/robots.txt", alive=process)
        except OSError:
            process.kill()
            process.wait()
            log_file.seek(0)
            output = log_file.read()
            raise RuntimeError(f"gunicorn did not start:\n{output[-3000:]}") from None
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()


def collected_static(target: Path) -> Path:
    """Run `collectstatic` into `target` (the hashed names production serves); returns it."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env={**os.environ, "DJANGO_STATIC_ROOT": str(target), "DJANGO_DEBUG": "true"},
        check=True,
    )
    return target
