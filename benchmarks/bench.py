"""Load-test the site as production runs it: gunicorn, PostgreSQL and Redis on 127.0.0.1, driven by wrk.

    .venv/bin/python benchmarks/bench.py                 # what `make bench` runs: 10 s per URL, 10,000 roles
    .venv/bin/python benchmarks/bench.py --quick         # 3 s per URL
    .venv/bin/python benchmarks/bench.py --quick --roles 500 --only guide,search

Two data states, in one throwaway PostgreSQL database: the real guide alone (`migrate`, `load_guides`),
then the same with `--roles` synthetic roles (`generate_synthetic_data --roles N --seed S`). Each state
gets a fresh Redis (`REDIS_URL`) and three gunicorn servers in turn (gunicorn.conf.py, 2 workers, debug
off, access log off, static files collected into a temporary `DJANGO_STATIC_ROOT`):

- `floor`: `benchmarks/floor_app.py`, a bare WSGI app answering "ok" (the most gunicorn and wrk allow);
- `cached`: the site as configured; every URL is requested once before its load, so the load measures
  the warm cache (the `X-Cache` header of a second request is recorded);
- `uncached`: the site with `DJANGO_RESPONSE_CACHE_SECONDS=0`, so every request is rendered ("cold").

Each server's own `/robots.txt` (a Django view with no query, never cached) is measured on it first,
and every figure of that server is also given as a ratio to it: the machine is shared and noisy, so the
ratios are what compare across runs. The API throttle stays on (its cache reads and writes are part of
the cost) with its rate raised (`DJANGO_API_ANON_RATE`), since all of wrk's requests come from one
address. SQL query counts are not measured here: the tests pin them.

Per URL: requests/s, p50, p95, p99 and max latency (wrk with `--latency` and `wrk_report.lua`, which
adds the 95th percentile and the error counts), responses wrk counts as errors (status >= 400) and socket
errors, the status and size of one response (identity and gzip), and the peak resident memory (VmHWM) of
the gunicorn workers, sampled from /proc while the load runs (workers are recycled after
`max_requests`, so every worker seen is recorded). Results go to `benchmarks/results/bench-<time>.json`
and are printed as Markdown tables with the issue's targets.

When DATABASE_URL is not a postgres URL, the script runs itself again under `scripts/with-postgres`.
On any PostgreSQL server it creates its own database (`careerguide_bench_<random>`) and drops it at the
end. Every server it starts listens on 127.0.0.1 and is stopped whatever happens.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
LUA = ROOT / "benchmarks" / "wrk_report.lua"
WORKERS = 2
GUIDE = "technical-manager"

# What each state is asked, in order. `{target}` is a synthetic role and `{skill}` the most-needed skill
# of the state; with the guide alone there is no second role, so the skills gap is only its form there.
URLS = [
    ("robots", "/robots.txt"),
    ("guide", f"/roles/{GUIDE}/"),
    ("role list", "/roles/"),
    ("search", "/roles/?q=manager"),
    ("search typo", "/roles/?q=tecnical+manger"),
    ("api roles", "/api/v1/roles/"),
    ("api role detail", f"/api/v1/roles/{GUIDE}/"),
    ("api salaries", "/api/v1/salaries/?country=DE&ordering=-usd_max"),
    ("skills gap", f"/compare/skills-gap/?current={GUIDE}&target={{target}}"),
    ("skill page", "/skills/{skill}/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap roles", "/sitemap-roles.xml"),
]
SKILLS_GAP_FORM = f"/compare/skills-gap/?current={GUIDE}"
# URLs whose path differs between the states, and why (shown by the comparison and the targets).
DIFFERENT_PATHS = {
    "skills gap": f"with the guide alone there is no second role: the form only, `{SKILLS_GAP_FORM}`",
    "skill page": "the most-needed skill of each state (a real one with the guide alone, a synthetic one after)",
}

# Printed by `manage.py shell -c` after a state is loaded: what the URLs above need to know.
STATE_QUERY = """
import json
from roles.models import Role, Skill
print("STATE " + json.dumps({
    "published_roles": Role.objects.published().count(),
    "synthetic_roles": Role.objects.synthetic().count(),
    "target": Role.objects.synthetic().published().order_by("slug").values_list("slug", flat=True).first(),
    "skill": Skill.objects.most_needed().values_list("slug", flat=True).first(),
}))
"""


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], *, env: dict, timeout: float, what: str) -> str:
    """Run a command to completion (bounded by `timeout`); its stdout, or BenchError with its output."""
    started = time.monotonic()
    try:
        done = subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what} did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
    print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)
    return done.stdout


# --- PostgreSQL and Redis ------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_database(server_url: str):
    """A new database on the PostgreSQL server of `server_url`, dropped afterwards; yields (url, version)."""
    import psycopg2

    name = f"careerguide_bench_{secrets.token_hex(4)}"
    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(server_url)
        try:
            yield urlunsplit(parts._replace(path=f"/{name}")), version
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@contextlib.contextmanager
def redis_server(workdir: Path):
    """A throwaway Redis on 127.0.0.1 (no persistence); yields its URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            *("--dir", str(workdir)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise BenchError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def stop(process: subprocess.Popen, pid: int | None = None) -> None:
    """SIGTERM to `pid` (default: the process), then SIGKILL after 20 s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid or process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --- gunicorn and its workers' memory ------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    """The live children of a gunicorn master (its workers)."""
    children = Path(f"/proc/{master}/task/{master}/children")
    with contextlib.suppress(OSError):
        return [int(pid) for pid in children.read_text().split()]
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
    return pids


def peak_rss_kib(pid: int) -> int | None:
    """VmHWM (peak resident set size) of a process in KiB, or None once it has gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


class WorkerMemory:
    """Peak RSS of every worker of a gunicorn master, sampled in a thread while a load runs."""

    def __init__(self, master: int, interval: float = 0.2):
        self.master = master
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> dict[int, int]:
        seen = {}
        for pid in worker_pids(self.master):
            kib = peak_rss_kib(pid)
            if kib is not None:
                seen[pid] = kib
                self.peaks[pid] = max(kib, self.peaks.get(pid, 0))
        return seen

    @contextlib.contextmanager
    def watching(self):
        """Sample until the block ends; yields a dict filled with the workers seen during it (pid: KiB)."""
        during: dict[int, int] = {}

        def loop():
            while not self._stop.is_set():
                for pid, kib in self.sample().items():
                    during[pid] = max(kib, during.get(pid, 0))
                self._stop.wait(self.interval)

        self._stop.clear()
        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        try:
            yield during
        finally:
            self._stop.set()
            self._thread.join()
            for pid, kib in self.sample().items():
                during[pid] = max(kib, during.get(pid, 0))


@dataclass
class Server:
    name: str
    url: str
    master: int
    memory: WorkerMemory
    log: Path


@contextlib.contextmanager
def gunicorn(name: str, app: str, *, env: dict, workdir: Path):
    """gunicorn (gunicorn.conf.py, 2 workers) for `app` on a free port of 127.0.0.1; yields a Server."""
    port = free_port()
    pidfile = workdir / f"{name}.pid"
    log = workdir / f"{name}.log"
    pidfile.unlink(missing_ok=True)
    server_env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "GUNICORN_ACCESS_LOG": "",
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"),
        # The control socket's default path is one per user: two servers at once would share it.
        *("--pid", str(pidfile), "--no-control-socket", app),
    ]
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=server_env, stdout=log_file, stderr=subprocess.STDOUT
        )
    master = process.pid
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn ({name}) exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError, ValueError):
                master = int(pidfile.read_text())
                if len(worker_pids(master)) >= WORKERS and fetch(url, "/robots.txt" if app != FLOOR else "/"):
                    break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn ({name}) did not answer within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(name=name, url=url, master=master, memory=WorkerMemory(master), log=log)
    finally:
        stop(process, master)


FLOOR = "benchmarks.floor_app:application"
SITE = "careerguide.wsgi"


# --- HTTP and wrk --------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]


def fetch(url: str, path: str, *, gzipped: bool = False) -> Response | None:
    """One GET of `path` without following redirects; None when the server does not answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip" if gzipped else "identity"})
        answer = connection.getresponse()
        return Response(answer.status, answer.read(), {k.lower(): v for k, v in answer.getheaders()})
    except OSError:
        return None
    finally:
        connection.close()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def parse_wrk(output: str) -> dict:
    """Figures from wrk's output: the WRK_REPORT line of wrk_report.lua and the --latency distribution."""
    line = re.search(r"^WRK_REPORT (.*)$", output, re.M)
    if line is None:
        raise BenchError(f"no WRK_REPORT line in wrk's output:\n{output[-2000:]}")
    raw = {key: int(value) for key, value in (item.split("=") for item in line.group(1).split())}
    seconds = raw["duration_us"] / 1e6
    distribution = {
        f"p{percent}_ms": round(float(value) * UNITS[unit], 3)
        for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)$", output, re.M)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1e3,
        "p95_ms": raw["p95_us"] / 1e3,
        "p99_ms": raw["p99_us"] / 1e3,
        "max_ms": raw["max_us"] / 1e3,
        "mean_ms": raw["mean_us"] / 1e3,
        "non_2xx_3xx": raw["status"],
        "socket_errors": {kind: raw[kind] for kind in ("connect", "read", "write", "timeout")},
        "wrk_latency_distribution": distribution,
        "wrk_non_2xx_3xx_line": int(non_2xx.group(1)) if non_2xx else 0,
        "bytes_read": raw["bytes"],
    }


@dataclass
class Load:
    # wrk takes whole seconds.
    duration: int
    warmup: int
    threads: int
    connections: int
    timeout: int

    def wrk(self, url: str, seconds: int) -> str:
        command = [
            *("wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", f"--timeout={self.timeout}s"),
            *("--latency", "-s", str(LUA), url),
        ]
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + self.timeout + 30, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"wrk failed (exit {done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


def measure(server: Server, name: str, path: str, load: Load) -> dict:
    """One URL on one server: a response checked and sized, a short warm-up, then the measured load."""
    first = fetch(server.url, path)
    if first is None:
        raise BenchError(f"{server.name} did not answer {path}")
    second = fetch(server.url, path)
    zipped = fetch(server.url, path, gzipped=True)
    zipped_bytes = len(zipped.body) if zipped and zipped.headers.get("content-encoding") == "gzip" else None
    if load.warmup > 0:
        load.wrk(server.url + path, load.warmup)
    with server.memory.watching() as workers:
        output = load.wrk(server.url + path, load.duration)
    result = {
        "name": name,
        "path": path,
        "server": server.name,
        "status": first.status,
        "bytes": len(first.body),
        "gzip_bytes": zipped_bytes,
        "x_cache": second.headers.get("x-cache") if second else None,
        **parse_wrk(output),
        "workers_seen": len(workers),
        "worker_peak_rss_mib": round(max(workers.values(), default=0) / 1024, 1),
    }
    errors = result["non_2xx_3xx"] + sum(result["socket_errors"].values())
    print(
        f"    {server.name:8} {name:16} {result['status']} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f}"
        f"  p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms  errors {errors}  {result['bytes']:,} B"
        f"  workers {len(workers)}",
        flush=True,
    )
    return result


def with_ratios(results: list[dict], robots: dict) -> None:
    """Add each figure as a ratio to the same server's /robots.txt."""
    for result in results:
        result["ratio_to_robots"] = {
            key: round(result[key] / robots[key], 3) if robots[key] else None
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms")
        }


# --- one data state --------------------------------------------------------------------------------------


def bench_state(label: str, info: dict, *, env: dict, load: Load, workdir: Path, only: list[str]) -> dict:
    """Floor, cached and uncached servers for the data now in the database; their results."""
    values = {"target": info["target"] or "", "skill": info["skill"] or ""}
    urls = []
    for name, template in URLS:
        path = template.format(**values)
        if name == "skills gap" and not info["target"]:
            path = SKILLS_GAP_FORM
        if name == "robots" or not only or any(word in name for word in only):
            urls.append((name, path))
    state = {"label": label, **info, "servers": {}, "results": []}
    state_dir = workdir / label.replace(" ", "-")
    state_dir.mkdir()
    with redis_server(state_dir) as redis_url:
        servers = [
            ("floor", FLOOR, {}),
            ("cached", SITE, {"REDIS_URL": redis_url}),
            ("uncached", SITE, {"REDIS_URL": redis_url, "DJANGO_RESPONSE_CACHE_SECONDS": "0"}),
        ]
        for server_name, app, extra in servers:
            with gunicorn(server_name, app, env={**env, **extra}, workdir=state_dir) as server:
                if app == FLOOR:
                    results = [measure(server, "floor (bare WSGI)", "/", load)]
                else:
                    results = [measure(server, name, path, load) for name, path in urls]
                    with_ratios(results, results[0])
                server.memory.sample()
                state["servers"][server_name] = {
                    "worker_peak_rss_mib": {str(pid): round(kib / 1024, 1) for pid, kib in server.memory.peaks.items()},
                    "workers_seen": len(server.memory.peaks),
                    "worker_restarts_logged": server.log.read_text().count("Autorestarting worker"),
                }
            state["results"].extend(results)
    return state


def load_state(env: dict, commands: list[list[str]]) -> dict:
    for command in commands:
        run([sys.executable, "manage.py", *command], env=env, timeout=1800, what="manage.py " + " ".join(command))
    output = run([sys.executable, "manage.py", "shell", "-c", STATE_QUERY], env=env, timeout=120, what="state")
    line = next(line for line in output.splitlines() if line.startswith("STATE "))
    return json.loads(line.removeprefix("STATE "))


# --- comparison, targets and tables ------------------------------------------------------------------------


def find(state: dict, server: str, name: str) -> dict | None:
    return next((r for r in state["results"] if r["server"] == server and r["name"] == name), None)


def compare_states(few: dict, many: dict) -> list[dict]:
    """Per URL and server: bytes and p95 at many roles against the guide alone."""
    rows = []
    for result in many["results"]:
        before = find(few, result["server"], result["name"])
        if before is None:
            continue
        rows.append(
            {
                "name": result["name"],
                "server": result["server"],
                "same_path": before["path"] == result["path"],
                "bytes": [before["bytes"], result["bytes"]],
                "bytes_ratio": round(result["bytes"] / before["bytes"], 2) if before["bytes"] else None,
                "p95_ms": [before["p95_ms"], result["p95_ms"]],
                "p95_ratio": round(result["p95_ms"] / before["p95_ms"], 2) if before["p95_ms"] else None,
                "rps": [before["rps"], result["rps"]],
            }
        )
    return rows


def targets(states: list[dict], comparison: list[dict]) -> list[dict]:
    """The issue's targets, each with the figure it was judged on."""
    checks = []

    def check(target, met, figure):
        checks.append({"target": target, "met": bool(met), "figure": figure})

    for state in states:
        label = state["label"]
        for name in ("guide", "api role detail"):
            warm = find(state, "cached", name)
            if warm:
                ratio = warm["ratio_to_robots"]["rps"]
                check(f"{label}: warm {name} req/s >= 50% of robots", ratio >= 0.5, f"{ratio:.0%} of robots")
        cold = find(state, "uncached", "guide")
        if cold:
            ratio = cold["ratio_to_robots"]["p95_ms"]
            check(
                f"{label}: cold guide p95 <= 10x robots p95",
                ratio <= 10,
                f"{cold['p95_ms']:.1f} ms = {ratio:.1f}x robots",
            )
        errors = [
            f"{r['server']} {r['name']}: {r['non_2xx_3xx']} HTTP, {sum(r['socket_errors'].values())} socket"
            for r in state["results"]
            if r["non_2xx_3xx"] or sum(r["socket_errors"].values()) or not 200 <= r["status"] < 300
        ]
        check(f"{label}: zero errors under load", not errors, "; ".join(errors) or "0 errors")
    many = states[-1]
    if len(states) > 1:
        for name in ("search", "search typo"):
            cold = find(many, "uncached", name)
            if cold:
                target = f"{many['label']}: {name} p95 <= 50 ms (uncached)"
                check(target, cold["p95_ms"] <= 50, f"{cold['p95_ms']:.1f} ms")
        pages = [row for row in comparison if row["name"] not in ("robots", "floor (bare WSGI)")]
        for server in ("cached", "uncached"):
            rows = [row for row in pages if row["server"] == server]
            missed = [row for row in rows if row["p95_ratio"] is None or row["p95_ratio"] > 10]
            check(
                f"{server}: every page's p95 at {many['label']} <= 10x its p95 with the guide alone",
                rows and not missed,
                f"{len(rows) - len(missed)} of {len(rows)} met"
                + "".join(f"; {row['name']}{mark(row)} {row['p95_ratio']}x" for row in missed),
            )
        rows = [row for row in pages if row["server"] == "cached"]
        missed = [row for row in rows if row["bytes_ratio"] is None or row["bytes_ratio"] > 1.5]
        check(
            f"response bytes at {many['label']} <= 1.5x the guide alone",
            rows and not missed,
            f"{len(rows) - len(missed)} of {len(rows)} met"
            + "".join(f"; {row['name']}{mark(row)} {row['bytes_ratio']}x" for row in missed),
        )
    return checks


def mark(row: dict) -> str:
    """A dagger on a comparison whose path differs between the states (DIFFERENT_PATHS)."""
    return "" if row["same_path"] else " †"


def path_notes(comparison: list[dict]) -> list[str]:
    names = sorted({row["name"] for row in comparison if not row["same_path"]})
    return [f"† {name}: {DIFFERENT_PATHS[name]}." for name in names]


def ratio(value: float | None) -> str:
    return "" if value is None else f" ({value:.2f}×)" if value < 10 else f" ({value:.0f}×)"


def results_table(state: dict) -> str:
    roles = state["published_roles"]
    lines = [
        f"**{state['label']}** ({roles:,} published role{'' if roles == 1 else 's'}); "
        "ratios to the same server's /robots.txt",
        "",
        "| URL | server | req/s | p50 ms | p95 ms | p99 ms | HTTP errors | socket errors | bytes | worker peak MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in state["results"]:
        ratios = r.get("ratio_to_robots", {})
        lines.append(
            f"| {r['name']} `{r['path']}` | {r['server']}{' (' + r['x_cache'] + ')' if r['x_cache'] else ''} "
            f"| {r['rps']:,.0f}{ratio(ratios.get('rps'))} "
            f"| {r['p50_ms']:.1f}{ratio(ratios.get('p50_ms'))} "
            f"| {r['p95_ms']:.1f}{ratio(ratios.get('p95_ms'))} "
            f"| {r['p99_ms']:.1f}{ratio(ratios.get('p99_ms'))} "
            f"| {r['non_2xx_3xx']} | {sum(r['socket_errors'].values())} | {r['bytes']:,} "
            f"| {r['worker_peak_rss_mib']:.0f} ({r['workers_seen']} seen) |"
        )
    lines.append("")
    for name, server in state["servers"].items():
        peaks = server["worker_peak_rss_mib"].values()
        lines.append(
            f"- {name}: {server['workers_seen']} workers seen ({server['worker_restarts_logged']} recycled after "
            f"max_requests), peak RSS per worker {min(peaks, default=0):.0f}–{max(peaks, default=0):.0f} MiB"
        )
    return "\n".join(lines)


def comparison_table(comparison: list[dict], few: dict, many: dict) -> str:
    lines = [
        f"**{many['label']} against {few['label']}** (bytes of one identity response; p95 under load)",
        "",
        "| URL | server | bytes before | bytes after | × | p95 ms before | p95 ms after | × |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in comparison:
        lines.append(
            f"| {row['name']}{mark(row)} | {row['server']} | {row['bytes'][0]:,} | {row['bytes'][1]:,} "
            f"| {row['bytes_ratio']} "
            f"| {row['p95_ms'][0]:.1f} | {row['p95_ms'][1]:.1f} | {row['p95_ratio']} |"
        )
    if path_notes(comparison):
        lines += ["", *path_notes(comparison)]
    return "\n".join(lines)


def targets_table(checks: list[dict], comparison: list[dict]) -> str:
    lines = ["| Target | Met | Figure |", "| --- | --- | --- |"]
    lines += [f"| {c['target']} | {'yes' if c['met'] else '**no**'} | {c['figure']} |" for c in checks]
    if path_notes(comparison):
        lines += ["", *path_notes(comparison)]
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------------


def versions(pg_version: str) -> dict:
    def first_line(command):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
            return (done.stdout or done.stderr).splitlines()[0].strip()
        return None

    import django
    import gunicorn as gunicorn_package

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn_package.__version__,
        "postgresql": pg_version,
        "redis": first_line(["redis-server", "--version"]),
        "wrk": first_line(["wrk", "--version"]),
        "cpus": os.cpu_count(),
    }


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=10_000, help="Synthetic roles of the second state (0: none).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per URL (default 10).")
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of unmeasured load before each (default 1).")
    parser.add_argument("--quick", action="store_true", help="3 s per URL (and 1 s of warm-up).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (-t)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (-c)")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's socket timeout in s, as gunicorn's.")
    parser.add_argument("--only", default="", help="Comma-separated words: only URLs whose name has one.")
    parser.add_argument("--table", type=Path, metavar="JSON", help="Print the tables of an earlier run; run nothing.")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup = 3, 1
    if args.roles < 0 or not 1 <= args.duration <= 120 or not 0 <= args.warmup <= 30 or args.timeout < 1:
        parser.error("--roles must be >= 0, --duration 1 to 120, --warmup 0 to 30 and --timeout >= 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.table:
        print_tables(json.loads(args.table.read_text()))
        return 0
    for program, package in (("wrk", "wrk"), ("redis-server", "redis-server")):
        if shutil.which(program) is None:
            print(f"bench: {program} not found (Debian package {package})", file=sys.stderr)
            return 2
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench: DATABASE_URL is not a postgres URL: running under scripts/with-postgres", flush=True)
        command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, __file__, *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603

    # SIGTERM ends the run through the finally blocks, so every server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC)
    load = Load(args.duration, args.warmup, args.threads, args.connections, args.timeout)
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    states = []
    with (
        tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp,
        throwaway_database(os.environ["DATABASE_URL"]) as (database_url, pg_version),
    ):
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_API_ANON_RATE": "1000000/second",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("REDIS_URL", None)
        print(f"bench: PostgreSQL {pg_version}, {load.duration:g} s per URL, wrk -t{load.threads} -c{load.connections}")
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, timeout=300, what="static")
        plan = [("guide alone", [["migrate", "-v0"], ["load_guides"]])]
        if args.roles:
            generate = ["generate_synthetic_data", "--roles", str(args.roles), "--seed", str(args.seed)]
            plan.append((f"{args.roles:,} roles", [generate]))
        for label, commands in plan:
            print(f"{label}:", flush=True)
            info = load_state(env, commands)
            states.append(bench_state(label, info, env=env, load=load, workdir=workdir, only=only))
        machine = versions(pg_version)
    comparison = compare_states(states[0], states[-1]) if len(states) > 1 else []
    checks = targets(states, comparison)
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine, "load_average_at_end": os.getloadavg()},
        "settings": {
            "duration_s": load.duration,
            "warmup_s": load.warmup,
            "wrk_threads": load.threads,
            "wrk_connections": load.connections,
            "wrk_timeout_s": load.timeout,
            "gunicorn_workers": WORKERS,
            "roles": args.roles,
            "seed": args.seed,
            "only": only,
        },
        "states": states,
        "comparison": comparison,
        "targets": checks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{started.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print_tables(report)
    print(f"Results: {out.relative_to(ROOT)}")
    return 0


def print_tables(report: dict) -> None:
    states, comparison = report["states"], report["comparison"]
    settings = report["settings"]
    print(
        f"{report['started_at']}: {settings['duration_s']} s per URL, wrk -t{settings['wrk_threads']} "
        f"-c{settings['wrk_connections']}, gunicorn {settings['gunicorn_workers']} workers, "
        f"PostgreSQL {report['machine']['postgresql'].split()[0]}, {report['machine']['cpus']} CPUs",
        end="\n\n",
    )
    for state in states:
        print(results_table(state), end="\n\n")
    if comparison:
        print(comparison_table(comparison, states[0], states[-1]), end="\n\n")
    print(targets_table(report["targets"], comparison), end="\n\n")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
