"""Bounded load test for CI: the site must answer every request under load, with no error at all.

    .venv/bin/python benchmarks/load_test.py               # what `make load-test` (and .ci/run) runs
    .venv/bin/python benchmarks/load_test.py --duration 5  # a shorter run

The production front as `make serve-prod` runs it (scripts/serve-prod: nginx buffering in front of gunicorn,
gunicorn.conf.py with 2 workers, debug off) with PostgreSQL and Redis on 127.0.0.1, the real guide loaded
(`migrate`, `load_guides`), static files collected by the front's start-up. wrk then loads each URL in turn,
by default for 30 s at 32 connections: the Technical Manager guide page and its API role detail. The run
fails (exit 1) if any response is not a 2xx (the first is checked for 200 before the load; wrk counts every
status of 400 or more) or any socket error occurs (connect, read, write, timeout). Throughput is printed,
not judged: the performance targets belong to `make bench`, whose helpers (benchmarks/bench.py, its
wrk_report.lua) this uses. The API throttle stays on, its rate raised, since every request comes from one
address.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import (
    ROOT,
    WORKERS,
    BenchError,
    Load,
    Server,
    drain,
    errors,
    fetch,
    free_port,
    ms,
    parse_wrk,
    redis_server,
    run,
    run_elsewhere_if_needed,
    stop,
    throwaway_database,
)

GUIDE = "technical-manager"
URLS = [("guide page", f"/roles/{GUIDE}/"), ("API role detail", f"/api/v1/roles/{GUIDE}/")]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="Seconds of load per URL (default 30).")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (default 32).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's socket timeout in s, as gunicorn's.")
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 300 or args.connections < 1 or args.threads < 1:
        parser.error("--duration must be 1 to 300, --connections and --threads at least 1")
    return args


@contextlib.contextmanager
def front(*, env: dict, workdir: Path):
    """scripts/serve-prod (nginx + gunicorn, as `make serve-prod`) on a free port of 127.0.0.1; yields a Server."""
    port = free_port()
    log = workdir / "front.log"
    server_env = {
        **env,
        "PORT": str(port),
        "FRONT_RUN_DIR": str(workdir / "front"),
        "FRONT_ACCESS_LOG": "off",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_ACCESS_LOG": "",
    }
    command = [sys.executable, str(ROOT / "scripts" / "serve-prod"), "--no-migrate"]
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own script
            command, cwd=ROOT, env=server_env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while fetch(url, "/robots.txt", timeout=5) is None:
            if process.poll() is not None:
                raise BenchError(f"the front exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise BenchError(f"the front did not answer within 120 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(name="front", url=url, probe="/robots.txt", memory=None, log=log)
    finally:
        stop(process)


def load_url(server, name: str, path: str, load: Load) -> dict:
    """One URL under load: its first response must be a 200, then wrk's figures and error counts."""
    first = fetch(server.url, path)
    if first is None or first.status != 200:
        raise BenchError(f"{path} answered {first.status if first else 'nothing'} before the load")
    result = {
        "name": name,
        "path": path,
        "bytes": len(first.body),
        **parse_wrk(load.wrk(server.url + path, load.duration)),
    }
    result["drain_s"] = drain(server)
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    status = run_elsewhere_if_needed("load-test", __file__)
    if status is not None:
        return status

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load = Load(args.duration, 0, args.threads, args.connections, args.timeout, 1)
    with (
        tempfile.TemporaryDirectory(prefix="cg-load-") as tmp,
        throwaway_database(os.environ["DATABASE_URL"]) as (database_url, pg_version),
        redis_server(Path(tmp)) as redis_url,
    ):
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_API_ANON_RATE": "1000000/second",
            "PYTHONUNBUFFERED": "1",
        }
        print(f"load-test: PostgreSQL {pg_version}, wrk -t{load.threads} -c{load.connections} -d{load.duration}s")
        run([sys.executable, "manage.py", "migrate", "-v0"], env=env, timeout=600, what="migrate")
        run([sys.executable, "manage.py", "load_guides"], env=env, timeout=600, what="load_guides")
        with front(env=env, workdir=workdir) as server:
            results = [load_url(server, name, path, load) for name, path in URLS]

    print()
    print("| URL | requests | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results:
        sockets = sum(result["socket_errors"].values())
        print(
            f"| {result['name']} `{result['path']}` | {result['requests']:,} | {result['rps']:.1f} | "
            f"{ms(result['p50'])} | {ms(result['p99'])} | {ms(result['max'])} | {result['non_2xx_3xx']} | {sockets} |"
        )
    print("LOAD_TEST " + json.dumps(results, separators=(",", ":")))
    failed = [result for result in results if errors(result) or result["requests"] == 0]
    if failed:
        for result in failed:
            print(
                f"load-test FAILED: {result['path']}: {result['non_2xx_3xx']} responses >= 400, "
                f"socket errors {result['socket_errors']}, {result['requests']} requests",
                file=sys.stderr,
            )
        return 1
    print("load-test passed: every response a 2xx, no socket error")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"load-test: {error}", file=sys.stderr)
        sys.exit(1)
