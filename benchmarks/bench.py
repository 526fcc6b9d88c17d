"""Load-test the site as production runs it: gunicorn, PostgreSQL and Redis on 127.0.0.1, driven by wrk.

    .venv/bin/python benchmarks/bench.py                 # what `make bench` runs: 10 s per URL, 10,000 roles
    .venv/bin/python benchmarks/bench.py --quick         # 3 s per URL
    .venv/bin/python benchmarks/bench.py --quick --roles 500 --only guide,search
    .venv/bin/python benchmarks/bench.py --max-requests 0   # gunicorn's worker recycling off
    .venv/bin/python benchmarks/bench.py --table benchmarks/results/bench-....json   # print a run again

Data states, one after the other in one throwaway PostgreSQL database:

1. the real guide alone (`migrate`, `load_guides`) and BLS's embedded release (nation and states, as
   `make run` loads it): measured under load;
2. `--fill-roles` published roles in all (default 400: enough to fill one page of every list; the
   longest to fill is the skill page of the most-needed skill, which ~7% of synthetic roles list, 24 a
   page), by `generate_synthetic_data --seed S`: sizes only, the reference for "response bytes bounded"
   (a sitemap section, a page of at most 500 URLs, is its own case: see `OWN_PAGE_SIZE`);
3. `--roles` synthetic roles in all (default 10,000; numbering and seed carry on from state 2, so the
   roles are those of `generate_synthetic_data --roles 10000 --seed 1`): measured under load;
4. with `--oews-full DIR`, BLS's full release (every metro area) imported on top: only the BLS pages and
   lists are measured again, and compared with state 3.

Every measured state is asked in `--rounds` rounds (default 3): each server asks every URL once per round,
robots.txt first, and the reported figure is the median round's, with every round's ratio beside it.

A measured state gets a fresh Redis (`REDIS_URL`) and gunicorn servers in turn (gunicorn.conf.py,
2 workers, debug off, access log off, static files collected into a temporary `DJANGO_STATIC_ROOT`):

- `floor`: `benchmarks/floor_app.py`, a bare WSGI app answering "ok" (the most gunicorn and wrk allow);
- `cached`: the site as configured; every URL is requested before its load, so the load measures the
  warm cache (the `X-Cache` header of the second request is recorded);
- `uncached`: the site with `DJANGO_RESPONSE_CACHE_SECONDS=0`, so every request is rendered ("cold");
- `whitenoise`, beside the cached one: `benchmarks/static_app.py` serving the cached guide's HTML and API role
  detail's JSON as static files (identity and precompressed gzip); each round asks it right after the
  cached server's URLs, and the cached figures are also given as a share of its rate (`× whitenoise`).

Each server's own `/robots.txt` (a Django view with no query, never cached) is measured first, and
every figure of that server is also given as a ratio to it: the machine is shared and noisy, so the
ratios are what compare across runs. The API throttle stays on (its cache reads and writes are part of
the cost) with its rate raised (`DJANGO_API_ANON_RATE`), since all of wrk's requests come from one
address. SQL query counts are not measured here: the tests pin them.

Per URL and server: wrk (`--latency` and `wrk_report.lua`, which adds the 95th percentile and the error
counts) gives requests/s, p50, p95, p99 and max latency, responses with a status >= 400 and socket
errors; then the script waits until the server answers `/robots.txt` again, so requests wrk left queued
never run into the next URL's load (the wait is recorded as `drain_s`). Before the load: the status and
size of one response (identity and gzip) and its time, and on the uncached server the latency of
requests one at a time (`alone`: up to 50 requests or `--alone` seconds), which is the cost of a page
without queueing. The peak resident memory (VmHWM) of the gunicorn workers is sampled from /proc during
the load; workers are recycled after gunicorn's `max_requests`, so every worker seen is recorded.

Results go to `benchmarks/results/bench-<time>.json` and are printed as Markdown tables with the issue's
targets. When DATABASE_URL is not a postgres URL, the script runs itself again under
`scripts/with-postgres`; on any PostgreSQL server it creates its own database
(`careerguide_bench_<random>`) and drops it at the end. Every server it starts listens on 127.0.0.1
and is stopped whatever happens.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import math
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
FLOOR = "benchmarks.floor_app:application"
STATIC = "benchmarks.static_app:application"
SITE = "careerguide.wsgi"
WORKERS = 2
GUIDE = "technical-manager"
OCCUPATION = "11-3021"  # Computer and Information Systems Managers: the guide's SOC occupation
AREA = "0600000"  # California
ANALYZE = ["shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"]
OEWS_EMBEDDED = ["--published", "2026-05-15", "fixtures/oews/"]  # as `make run` loads it (Makefile)
ROBOTS = "robots"
FLOOR_NAME = "floor (bare WSGI)"

# What each state is asked, in order. `{target}` is the first synthetic role and `{skill}` the most-needed
# skill of the state; with the guide alone there is no second role, so the skills gap is only its form.
URLS = [
    (ROBOTS, "/robots.txt"),
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
    # BLS's figures (the embedded release: the nation and every state; `--oews-full` adds every metro area).
    ("occupation", f"/occupations/{OCCUPATION}/"),
    ("area", f"/areas/{AREA}/"),
    ("api wages", f"/api/v1/wages/?occupation={OCCUPATION}&ordering=-annual_median"),
]
# Asked a second time with `Accept-Encoding: gzip`, as every browser asks (a name ending in " gzip").
GZIP_TOO = {ROBOTS, "guide", "search", "api role detail", "api salaries", "sitemap roles", "occupation", "api wages"}
# Served by whitenoise as static files, byte for byte as the cached server answers them (`× whitenoise`).
STATIC_COPIES = {"guide": "guide.html", "api role detail": "api-role.json"}
GZIP = " gzip"
SKILLS_GAP_FORM = f"/compare/skills-gap/?current={GUIDE}"
SEARCHES = ("search", "search typo")
# Responses whose page is larger than any state short of the last can fill, and why they are bounded all
# the same (left out of the bytes target, shown with a double dagger).
OWN_PAGE_SIZE = {
    "sitemap roles": "a sitemap section is a page of at most 500 URLs (`salaries.sitemaps.SECTION_LIMIT`), "
    "so it fills only past the fill state's roles; that is its largest size at any number of roles (more roles "
    "add pages)",
}
# URLs whose path differs between states, and why (a dagger in the comparison and the targets).
DIFFERENT_PATHS = {
    "skills gap": f"with the guide alone there is no second role, so there it is the form only (`{SKILLS_GAP_FORM}`)",
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
def throwaway_database(server_url: str, prefix: str = "careerguide_bench"):
    """A new database (`<prefix>_<random>`) on the PostgreSQL server of `server_url`, dropped afterwards; yields
    (url, version). `benchmarks/misses.py` uses it too."""
    import psycopg2

    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = psycopg2.connect(server_url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}")), version
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
    """SIGTERM to `pid` (default: the process), then SIGKILL after 30 s."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid or process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
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
        stopped = threading.Event()

        def loop():
            while not stopped.is_set():
                for pid, kib in self.sample().items():
                    during[pid] = max(kib, during.get(pid, 0))
                stopped.wait(self.interval)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield during
        finally:
            stopped.set()
            thread.join()


@dataclass
class Server:
    name: str
    url: str
    probe: str
    memory: WorkerMemory
    log: Path


@contextlib.contextmanager
def gunicorn(name: str, app: str, *, env: dict, workdir: Path):
    """gunicorn (gunicorn.conf.py, 2 workers) for `app` on a free port of 127.0.0.1; yields a Server."""
    port = free_port()
    pidfile = workdir / f"{name}.pid"
    log = workdir / f"{name}.log"
    pidfile.unlink(missing_ok=True)
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(WORKERS)}
    server_env["GUNICORN_ACCESS_LOG"] = ""
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"),
        # The control socket's default path is one per user: two servers at once would share it.
        *("--pid", str(pidfile), "--no-control-socket", app),
    ]
    probe = {FLOOR: "/", STATIC: "/guide.html"}.get(app, "/robots.txt")
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
                if len(worker_pids(master)) >= WORKERS and fetch(url, probe, timeout=5):
                    break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn ({name}) did not answer within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(name=name, url=url, probe=probe, memory=WorkerMemory(master), log=log)
    finally:
        stop(process, master)


# --- HTTP and wrk --------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    ms: float


def fetch(url: str, path: str, *, gzipped: bool = False, timeout: float = 120) -> Response | None:
    """One GET of `path` without following redirects; None when the server does not answer."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip" if gzipped else "identity"})
        answer = connection.getresponse()
        body = answer.read()
        ms = (time.perf_counter() - started) * 1e3
        return Response(answer.status, body, {k.lower(): v for k, v in answer.getheaders()}, ms)
    except OSError:
        return None
    finally:
        connection.close()


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def one_at_a_time(server: Server, path: str, seconds: float) -> dict:
    """Latency of requests sent one after another (no queueing): up to 50, for about `seconds`."""
    times = []
    deadline = time.monotonic() + seconds
    while len(times) < 50 and (not times or time.monotonic() < deadline):
        response = fetch(server.url, path)
        if response is None or response.status >= 400:
            break
        times.append(response.ms)
    if not times:
        return {"requests": 0}
    return {
        "requests": len(times),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def parse_wrk(output: str) -> dict:
    """Figures from wrk's output: the WRK_REPORT line of wrk_report.lua and the --latency distribution.

    A run in which no response completed has no latencies (None), not zeros.
    """
    line = re.search(r"^WRK_REPORT (.*)$", output, re.M)
    if line is None:
        raise BenchError(f"no WRK_REPORT line in wrk's output:\n{output[-2000:]}")
    raw = {key: int(value) for key, value in (item.split("=") for item in line.group(1).split())}
    seconds = raw["duration_us"] / 1e6
    done = raw["requests"] > 0
    distribution = {
        f"p{percent}_ms": round(float(value) * UNITS[unit], 3)
        for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)$", output, re.M)
    }
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        **{key: raw[f"{key}_us"] / 1e3 if done else None for key in ("p50", "p95", "p99", "max", "mean")},
        "non_2xx_3xx": raw["status"],
        "socket_errors": {kind: raw[kind] for kind in ("connect", "read", "write", "timeout")},
        "wrk_latency_distribution": distribution,
        "bytes_read": raw["bytes"],
    }


LATENCIES = ("p50", "p95", "p99", "max", "mean")


@dataclass
class Load:
    # wrk takes whole seconds.
    duration: int
    warmup: int
    threads: int
    connections: int
    timeout: int
    alone: float

    def wrk(self, url: str, seconds: int, *, gzipped: bool = False) -> str:
        # Browsers all send Accept-Encoding: gzip; wrk sends no Accept-Encoding unless told.
        headers = ("-H", "Accept-Encoding: gzip, deflate, br") if gzipped else ()
        command = [
            *("wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", f"--timeout={self.timeout}s"),
            *("--latency", "-s", str(LUA), *headers, url),
        ]
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=seconds + self.timeout + 30, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"wrk failed (exit {done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


def drain(server: Server) -> float:
    """Seconds until the server answers its probe again, once the requests wrk left queued have run."""
    started = time.monotonic()
    if fetch(server.url, server.probe, timeout=600) is None:
        raise BenchError(f"{server.name} stopped answering:\n{server.log.read_text()[-3000:]}")
    return round(time.monotonic() - started, 2)


def sample_response(server: Server, name: str, path: str) -> dict:
    """Status, size (identity and gzip) and time of one response, and the cache's answer to a second."""
    first = fetch(server.url, path)
    if first is None:
        raise BenchError(f"{server.name} did not answer {path}:\n{server.log.read_text()[-3000:]}")
    second = fetch(server.url, path)
    zipped = fetch(server.url, path, gzipped=True)
    return {
        "name": name,
        "path": path,
        "server": server.name,
        "status": first.status,
        "bytes": len(first.body),
        "gzip_bytes": len(zipped.body) if zipped and zipped.headers.get("content-encoding") == "gzip" else None,
        "first_ms": round(first.ms, 1),
        "x_cache": second.headers.get("x-cache") if second else None,
    }


def worker_boots(server: Server) -> int:
    """Workers gunicorn has booted so far (its "Booting worker" log lines, the first ones included)."""
    return server.log.read_text().count("Booting worker")


def measure(server: Server, name: str, path: str, load: Load) -> dict:
    """One URL on one server: a response checked and sized, one at a time (uncached), then the load."""
    result = sample_response(server, name, path)
    if server.name == "uncached":
        result["alone"] = one_at_a_time(server, path, load.alone)
    gzipped = name.endswith(GZIP)
    if gzipped:
        answer = fetch(server.url, path, gzipped=True)
        result["content_encoding"] = answer.headers.get("content-encoding") if answer else None
        result["bytes"] = len(answer.body) if answer else result["bytes"]
    if load.warmup > 0:
        load.wrk(server.url + path, load.warmup, gzipped=gzipped)
        drain(server)
    boots_before = worker_boots(server)
    with server.memory.watching() as workers:
        output = load.wrk(server.url + path, load.duration, gzipped=gzipped)
    result.update(parse_wrk(output))
    result["drain_s"] = drain(server)
    # Target: none. A worker booted during the load is a Django import (or a fork) paid by the load.
    result["worker_boots"] = worker_boots(server) - boots_before
    result["workers_seen"] = len(workers)
    result["worker_peak_rss_mib"] = round(max(workers.values(), default=0) / 1024, 1)
    print(
        f"    {server.name:8} {name:17} {result['status']} {result['rps']:8.1f} req/s  p50 {ms(result['p50'])}"
        f"  p95 {ms(result['p95'])}  p99 {ms(result['p99'])} ms  errors {errors(result)}  {result['bytes']:,} B"
        f"  drain {result['drain_s']} s  workers {len(workers)}  boots {result['worker_boots']}",
        flush=True,
    )
    return result


def ms(value: float | None) -> str:
    return "      –" if value is None else f"{value:7.1f}"


def errors(result: dict) -> int:
    return result["non_2xx_3xx"] + sum(result["socket_errors"].values())


def with_ratios(results: list[dict], robots: dict, robots_gzip: dict | None = None) -> None:
    """Add each figure as a ratio to the same server's /robots.txt (asked with the same Accept-Encoding)."""
    for result in results:
        robots = robots_gzip if robots_gzip is not None and result["name"].endswith(GZIP) else robots
        result["ratio_to_robots"] = {
            key: round(result[key] / robots[key], 3) if result[key] is not None and robots[key] else None
            for key in ("rps", "p50", "p95", "p99")
        }


# --- data states ---------------------------------------------------------------------------------------


def state_urls(info: dict, only: list[str]) -> list[tuple[str, str]]:
    values = {"target": info["target"] or "", "skill": info["skill"] or ""}
    urls = []
    for name, template in URLS:
        path = SKILLS_GAP_FORM if name == "skills gap" and not info["target"] else template.format(**values)
        if name == ROBOTS or not only or any(word in name for word in only):
            urls.append((name, path))
            if name in GZIP_TOO:
                urls.append((name + GZIP, path))
    return urls


def bench_state(label: str, info: dict, *, env: dict, load: Load, workdir: Path, only: list[str], rounds: int) -> dict:
    """Floor, cached and uncached servers for the data now in the database; their results, each the median of
    `rounds` rounds (every round asks every URL again, robots.txt first, so each ratio pairs figures measured
    minutes apart at most; the cached server's round also asks whitenoise for the same bytes)."""
    state = {"label": label, "measured": True, **info, "servers": {}, "results": [], "rounds": rounds}
    state_dir = workdir / label.replace(" ", "-").replace(",", "")
    state_dir.mkdir()
    urls = state_urls(info, only)
    with redis_server(state_dir) as redis_url:
        servers = [
            ("floor", FLOOR, {}),
            ("cached", SITE, {"REDIS_URL": redis_url}),
            ("uncached", SITE, {"REDIS_URL": redis_url, "DJANGO_RESPONSE_CACHE_SECONDS": "0"}),
        ]
        for server_name, app, extra in servers:
            with gunicorn(server_name, app, env={**env, **extra}, workdir=state_dir) as server:
                if app == FLOOR:
                    measured = [[measure(server, FLOOR_NAME, "/", load)] for _ in range(rounds)]
                elif server_name == "cached":
                    measured = cached_rounds(server, urls, env=env, load=load, workdir=state_dir, rounds=rounds)
                else:
                    measured = [site_round(server, urls, load) for _ in range(rounds)]
                server.memory.sample()
                state["servers"][server_name] = {
                    "worker_peak_rss_mib": {str(pid): round(kib / 1024, 1) for pid, kib in server.memory.peaks.items()},
                    "workers_seen": len(server.memory.peaks),
                    "worker_recycles_logged": server.log.read_text().count("Autorestarting worker")
                    + server.log.read_text().count("Recycling worker"),
                    "worker_boots": worker_boots(server),
                }
            state["results"].extend(median_of_rounds(measured))
    return state


def site_round(server: Server, urls: list[tuple[str, str]], load: Load) -> list[dict]:
    """One round of every URL on a site server, each with its ratios to this round's robots.txt."""
    results = [measure(server, name, path, load) for name, path in urls]
    robots_gzip = next((r for r in results if r["name"] == ROBOTS + GZIP), None)
    with_ratios(results, results[0], robots_gzip)
    return results


WHITENOISE = "whitenoise"
# The label of the state with BLS's full release (every metro area), after the roles' states, and the URLs
# whose cost it is compared on (one request at a time, uncached, against the embedded release).
METROS = "every BLS metro area"
BLS_LISTS = ("occupation", "area", "api wages")


def cached_rounds(
    server: Server, urls: list[tuple[str, str]], *, env: dict, load: Load, workdir: Path, rounds: int
) -> list[list[dict]]:
    """Rounds of the cached server, each followed by whitenoise serving, as static files, the same bytes as
    the cached answers of `STATIC_COPIES` (identity and precompressed gzip), with each cached figure as a
    share of whitenoise's in the same round (`ratio_to_whitenoise`)."""
    static_dir = workdir / "whitenoise-files"
    static_dir.mkdir(exist_ok=True)
    copies = []
    for name, filename in STATIC_COPIES.items():
        path = next((path for url_name, path in urls if url_name == name), None)
        answer = fetch(server.url, path) if path else None
        if answer is not None and answer.status == 200:
            (static_dir / filename).write_bytes(answer.body)
            (static_dir / f"{filename}.gz").write_bytes(gzip.compress(answer.body, compresslevel=9))
            copies += [(name, f"/{filename}"), (name + GZIP, f"/{filename}")]
    static_env = {**env, "BENCH_STATIC_DIR": str(static_dir)}
    static_server = gunicorn(WHITENOISE, STATIC, env=static_env, workdir=workdir) if copies else None
    with static_server or contextlib.nullcontext() as static:
        measured = []
        for _ in range(rounds):
            results = site_round(server, urls, load)
            for name, path in copies:
                results.append({**measure(static, name, path, load), "name": f"{WHITENOISE} {name}"})
                site = next((r for r in results if r["name"] == name and r["server"] == server.name), None)
                if site is not None and results[-1]["rps"]:
                    site["ratio_to_whitenoise"] = round(site["rps"] / results[-1]["rps"], 3)
            measured.append(results)
    return measured


def median_of_rounds(rounds: list[list[dict]]) -> list[dict]:
    """Per URL, the round whose requests per second, as a ratio to robots.txt (or whitenoise's, or raw), is the
    median of the rounds (with an even count, the lower middle), carrying every round's figures in `rounds`,
    and the worker boots of all rounds."""
    merged = []
    for per_url in zip(*rounds, strict=True):

        def ratio(result):
            return (result.get("ratio_to_robots") or {}).get("rps") or result["rps"]

        middle = dict(sorted(per_url, key=ratio)[(len(per_url) - 1) // 2])
        middle["worker_boots"] = sum(result["worker_boots"] for result in per_url)
        middle["rounds"] = [
            {
                "rps": result["rps"],
                "x_robots": (result.get("ratio_to_robots") or {}).get("rps"),
                "x_whitenoise": result.get("ratio_to_whitenoise"),
                "p95": result["p95"],
                "alone_p50_ms": result.get("alone", {}).get("p50_ms"),
            }
            for result in per_url
        ]
        merged.append(middle)
    return merged


def sizes_state(label: str, info: dict, *, env: dict, workdir: Path, only: list[str]) -> dict:
    """One response per URL from an uncached server: the sizes the bounded-bytes target compares with."""
    state = {"label": label, "measured": False, **info, "servers": {}, "results": []}
    state_dir = workdir / label.replace(" ", "-").replace(",", "")
    state_dir.mkdir()
    with redis_server(state_dir) as redis_url:
        uncached = {**env, "REDIS_URL": redis_url, "DJANGO_RESPONSE_CACHE_SECONDS": "0"}
        with gunicorn("uncached", SITE, env=uncached, workdir=state_dir) as server:
            for name, path in state_urls(info, only):
                result = sample_response(server, name, path)
                print(
                    f"    sizes    {name:17} {result['status']} {result['bytes']:>11,} B  {result['first_ms']:8.1f} ms"
                )
                state["results"].append(result)
    return state


def load_state(env: dict, commands: list[list[str]]) -> dict:
    # The commands that build a state may need the synthetic data app (generate_synthetic_data); the servers
    # measured afterwards run without it, as production does.
    setup_env = {**env, "CAREERGUIDE_SYNTHETIC": "true"}
    for command in commands:
        run([sys.executable, "manage.py", *command], env=setup_env, timeout=1800, what="manage.py " + " ".join(command))
    output = run([sys.executable, "manage.py", "shell", "-c", STATE_QUERY], env=env, timeout=120, what="state")
    line = next(line for line in output.splitlines() if line.startswith("STATE "))
    return json.loads(line.removeprefix("STATE "))


# --- comparison, targets and tables ------------------------------------------------------------------------


def find(state: dict | None, server: str, name: str) -> dict | None:
    if state is None:
        return None
    return next((r for r in state["results"] if r["server"] == server and r["name"] == name), None)


def share(after: float | None, before: float | None) -> float | None:
    return round(after / before, 2) if after is not None and before else None


def compare_states(few: dict, fill: dict | None, many: dict) -> list[dict]:
    """Per URL and server: p95 at many roles against the guide alone; bytes against one page of each list."""
    rows = []
    for result in many["results"]:
        before = find(few, result["server"], result["name"])
        if before is None or result["name"] in (ROBOTS, ROBOTS + GZIP, FLOOR_NAME) or result["server"] == WHITENOISE:
            continue
        page = find(fill, "uncached", result["name"])
        reference = page or before
        rows.append(
            {
                "name": result["name"],
                "server": result["server"],
                "same_path": before["path"] == result["path"] and reference["path"] == result["path"],
                "bytes": {"guide": before["bytes"], "fill": page and page["bytes"], "many": result["bytes"]},
                "bytes_ratio": share(result["bytes"], reference["bytes"]),
                "p95_ms": [before["p95"], result["p95"]],
                "p95_ratio": share(result["p95"], before["p95"]),
                "rps": [before["rps"], result["rps"]],
                "alone_p50_ms": [before.get("alone", {}).get("p50_ms"), result.get("alone", {}).get("p50_ms")],
            }
        )
    return rows


def targets(states: list[dict], comparison: list[dict]) -> list[dict]:
    """The issue's targets, each with the figure it was judged on."""
    checks = []

    def check(target, met, figure):
        checks.append({"target": target, "met": bool(met), "figure": figure})

    measured = [state for state in states if state["measured"]]
    for state in measured:
        label = state["label"]
        for name in ("guide" + GZIP, "api role detail" + GZIP):
            warm = find(state, "cached", name)
            if warm:
                rps = warm["ratio_to_robots"]["rps"]
                check(f"{label}: cached {name} req/s >= 0.8x robots (gzip)", rps >= 0.8, f"{rps:.2f}x robots")
        for name in (name for copy in STATIC_COPIES for name in (copy, copy + GZIP)):
            warm = find(state, "cached", name)
            if warm and warm.get("ratio_to_whitenoise") is not None:
                share_ = warm["ratio_to_whitenoise"]
                check(
                    f"{label}: cached {name} req/s >= 0.5x whitenoise serving the same bytes",
                    share_ >= 0.5,
                    f"{share_:.2f}x whitenoise",
                )
        boots = [f"{r['server']} {r['name']}: {r['worker_boots']}" for r in state["results"] if r.get("worker_boots")]
        check(f"{label}: no worker booted during a load", not boots, "; ".join(boots) or "0 boots")
        cold = find(state, "uncached", "guide")
        if cold:
            p95 = cold["ratio_to_robots"]["p95"]
            check(
                f"{label}: cold guide p95 <= 10x robots p95",
                p95 is not None and p95 <= 10,
                f"{num(cold['p95'])} ms = {num(p95)}x robots ({num(find(state, 'uncached', ROBOTS)['p95'])} ms)",
            )
        failed = [f"{r['server']} {r['name']}: {', '.join(problems(r))}" for r in state["results"] if problems(r)]
        check(f"{label}: zero errors under load", not failed, "; ".join(failed) or "0 errors")
    metros = next((state for state in measured if state["label"] == METROS), None)
    measured = [state for state in measured if state is not metros]
    if metros is not None:
        for name in BLS_LISTS:
            before, after = find(measured[-1], "uncached", name), find(metros, "uncached", name)
            if before and after and before.get("alone") and after.get("alone"):
                few_ms, many_ms = before["alone"]["p50_ms"], after["alone"]["p50_ms"]
                check(
                    f"{METROS}: uncached {name} one at a time <= 3x its cost with nation and states only",
                    many_ms <= 3 * few_ms,
                    f"{num(many_ms)} ms against {num(few_ms)} ms ({many_ms / few_ms:.1f}x)",
                )
    if len(measured) < 2:
        return checks
    many = measured[-1]
    for name in SEARCHES:
        cold = find(many, "uncached", name)
        if cold:
            alone = cold["alone"].get("p95_ms")
            check(
                f"{many['label']}: {name} p95 <= 50 ms, uncached, one request at a time",
                alone is not None and alone <= 50,
                f"{num(alone)} ms ({cold['alone']['requests']} requests)",
            )
            check(
                f"{many['label']}: {name} p95 <= 50 ms, uncached, under load",
                cold["p95"] is not None and cold["p95"] <= 50,
                f"{num(cold['p95'])} ms ({cold['requests']:,} requests)",
            )
    for name in ("search", "api salaries", "sitemap roles"):
        row = next((row for row in comparison if row["server"] == "uncached" and row["name"] == name), None)
        if row and None not in row["alone_p50_ms"]:
            few_ms, many_ms = row["alone_p50_ms"]
            check(
                f"{many['label']}: uncached {name} one at a time <= 3x its cost with the guide alone",
                many_ms <= 3 * few_ms,
                f"{num(many_ms)} ms against {num(few_ms)} ms ({many_ms / few_ms:.1f}x)",
            )
    for server in ("cached", "uncached"):
        rows = [row for row in comparison if row["server"] == server]
        missed = [row for row in rows if row["p95_ratio"] is None or row["p95_ratio"] > 10]
        check(
            f"{server}: every page's p95 at {many['label']} <= 10x its p95 with the guide alone",
            rows and not missed,
            f"{len(rows) - len(missed)} of {len(rows)} met"
            + "".join(f"; {row['name']}{mark(row)} {row['p95_ratio'] or 'no response'}x" for row in missed),
        )
    fill = next((state for state in states if not state["measured"]), None)
    reference = fill["label"] if fill else measured[0]["label"]
    rows = [row for row in comparison if row["server"] == "uncached"]
    rows = [row for row in rows if row["name"] not in OWN_PAGE_SIZE]
    missed = [row for row in rows if row["bytes_ratio"] is None or row["bytes_ratio"] > 1.5]
    check(
        f"response bytes at {many['label']} <= 1.5x {reference}",
        rows and not missed,
        f"{len(rows) - len(missed)} of {len(rows)} met (‡ left out)"
        + "".join(f"; {row['name']}{mark(row)} {row['bytes_ratio']}x" for row in missed),
    )
    return checks


def problems(result: dict) -> list[str]:
    """What went wrong with one URL's load: a bad status, HTTP or socket errors, no response at all."""
    found = []
    if not 200 <= result["status"] < 300:
        found.append(f"status {result['status']}")
    if result["non_2xx_3xx"]:
        found.append(f"{result['non_2xx_3xx']} HTTP errors")
    if sum(result["socket_errors"].values()):
        found.append(f"{sum(result['socket_errors'].values())} socket errors")
    if not result["requests"]:
        found.append(f"no response completed in {result['seconds']:.0f} s")
    return found


def mark(row: dict) -> str:
    """A dagger on a comparison whose path differs between the states (DIFFERENT_PATHS), a double dagger
    on a response with a page of its own size (OWN_PAGE_SIZE)."""
    return ("" if row["same_path"] else " †") + (" ‡" if row["name"] in OWN_PAGE_SIZE else "")


def path_notes(comparison: list[dict]) -> list[str]:
    names = sorted({row["name"] for row in comparison if not row["same_path"]})
    own = sorted({row["name"] for row in comparison if row["name"] in OWN_PAGE_SIZE})
    return [f"† {name}: {DIFFERENT_PATHS[name]}." for name in names] + [
        f"‡ {name}: {OWN_PAGE_SIZE[name]}." for name in own
    ]


def times(value: float | None) -> str:
    if value is None:
        return ""
    return f" ({value:.2f}×)" if value < 10 else f" ({value:.0f}×)"


def num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def results_table(state: dict) -> str:
    roles = state["published_roles"]
    lines = [
        f"**{state['label']}** ({roles:,} published role{'' if roles == 1 else 's'}): ratios to the same "
        "server's /robots.txt; `alone` = one request at a time, no load",
        "",
        "| URL | server | requests | req/s | × whitenoise | rounds: × robots (× whitenoise) | p50 ms | p95 ms "
        "| p99 ms | errors | boots | drain s | alone p50/p95 ms | bytes | worker peak MiB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in state["results"]:
        ratios = r.get("ratio_to_robots", {})
        alone = r.get("alone", {})
        cache = f" ({r['x_cache']})" if r["x_cache"] else ""
        cells = [
            r["name"],
            r["server"] + cache,
            f"{r['requests']:,}",
            num(r["rps"], 0) + times(ratios.get("rps")),
            num(r.get("ratio_to_whitenoise"), 2),
            round_figures(r),
            *(num(r[key]) + times(ratios.get(key)) for key in ("p50", "p95", "p99")),
            str(errors(r)),
            str(r.get("worker_boots", "–")),
            f"{r['drain_s']:.1f}",
            f"{num(alone.get('p50_ms'))} / {num(alone.get('p95_ms'))}" if alone else "",
            f"{r['bytes']:,}",
            f"{r['worker_peak_rss_mib']:.0f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for name, server in state["servers"].items():
        peaks = server["worker_peak_rss_mib"].values()
        lines.append(
            f"- {name}: {server['workers_seen']} workers seen, {server.get('worker_boots', '–')} booted in all "
            f"({server['worker_recycles_logged']} recycled by count or memory), "
            f"peak RSS per worker {min(peaks, default=0):.0f}–{max(peaks, default=0):.0f} MiB"
        )
    paths = {r["name"]: r["path"] for r in state["results"]}
    lines.append("- URLs: " + "; ".join(f"{name} `{path}`" for name, path in paths.items()))
    return "\n".join(lines)


def round_figures(result: dict) -> str:
    """Each round's ratio to robots.txt (and to whitenoise, where measured), or its requests/s."""
    figures = []
    for one in result.get("rounds", []):
        figure = num(one["x_robots"], 2) if one["x_robots"] is not None else num(one["rps"], 0)
        if one.get("x_whitenoise") is not None:
            figure += f" ({num(one['x_whitenoise'], 2)})"
        figures.append(figure)
    return " / ".join(figures)


def comparison_table(comparison: list[dict], states: list[dict]) -> str:
    few, many = states[0], states[-1]
    fill = next((state for state in states if not state["measured"]), None)
    fill_label = fill["label"] if fill else "–"
    lines = [
        f"**{many['label']} against {few['label']}** (p95 under load) **and {fill_label}** (size of one identity "
        "response, uncached)",
        "",
        f"| URL | server | p95 ms, {few['label']} | p95 ms, {many['label']} | × | bytes, {few['label']} "
        f"| bytes, {fill_label} | bytes, {many['label']} | × |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in comparison:
        size = row["bytes"]
        lines.append(
            f"| {row['name']}{mark(row)} | {row['server']} | {num(row['p95_ms'][0])} | {num(row['p95_ms'][1])} "
            f"| {num(row['p95_ratio'], 2)} | {size['guide']:,} | {num(size['fill'], 0)} | {size['many']:,} "
            f"| {num(row['bytes_ratio'], 2)} |"
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


def print_tables(report: dict) -> None:
    states, comparison, settings = report["states"], report["comparison"], report["settings"]
    machine = report["machine"]
    print(
        f"{report['started_at']}: {settings['duration_s']} s per URL, wrk -t{settings['wrk_threads']} "
        f"-c{settings['wrk_connections']}, gunicorn {settings['gunicorn_workers']} workers (max_requests "
        f"{settings['gunicorn_max_requests']}), PostgreSQL {machine['postgresql'].split()[0]}, {machine['cpus']} "
        f"CPUs, load average {', '.join(f'{v:.1f}' for v in machine['load_average_at_end'])} at the end",
        end="\n\n",
    )
    for state in states:
        if state["measured"]:
            print(results_table(state), end="\n\n")
    if comparison:
        print(comparison_table(comparison, states), end="\n\n")
    print(targets_table(targets(states, comparison), comparison), end="\n\n")


# --- main ----------------------------------------------------------------------------------------------


def versions(pg_version: str) -> dict:
    def first_line(command):
        with contextlib.suppress(OSError, subprocess.SubprocessError, IndexError):
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


def run_elsewhere_if_needed(name: str, script: str) -> int | None:
    """An exit status when `script` cannot run here as it is: 2 without wrk or redis-server, or the status
    of `script` run again under scripts/with-postgres when DATABASE_URL is not a postgres URL; else None."""
    for program in ("wrk", "redis-server"):
        if shutil.which(program) is None:
            print(f"{name}: {program} not found (Debian package {program})", file=sys.stderr)
            return 2
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(f"{name}: DATABASE_URL is not a postgres URL: running under scripts/with-postgres", flush=True)
        command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, script, *sys.argv[1:]]
        return subprocess.run(command, cwd=ROOT, check=False).returncode  # noqa: S603
    return None


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=10_000, help="Synthetic roles of the last state (0: none).")
    parser.add_argument(
        "--fill-roles",
        type=int,
        default=400,
        help="Published roles of the sizes-only state that fills one page of every list (0: skip it).",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per URL (default 10).")
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of unmeasured load before each (default 1).")
    parser.add_argument("--alone", type=float, default=3, help="Seconds of one-at-a-time requests (default 3).")
    parser.add_argument("--quick", action="store_true", help="3 s per URL, 1 s of warm-up and 1 s alone.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (-t)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (-c)")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's socket timeout in s, as gunicorn's.")
    parser.add_argument(
        "--max-requests", type=int, help="GUNICORN_MAX_REQUESTS for the servers (default: gunicorn.conf.py's)."
    )
    parser.add_argument("--only", default="", help="Comma-separated words: only URLs whose name has one.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of every URL per server; medians reported.")
    parser.add_argument(
        "--oews-full",
        type=Path,
        metavar="DIR",
        help="BLS's full OEWS files (every metro area: scripts/build_oews_fixture.py --full DIR), imported as a last "
        "state after the roles'.",
    )
    parser.add_argument("--table", type=Path, metavar="JSON", help="Print the tables of an earlier run; run nothing.")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.alone = 3, 1, 1
    if args.roles < 0 or args.fill_roles < 0 or not 1 <= args.duration <= 120 or not 0 <= args.warmup <= 30:
        parser.error("--roles and --fill-roles must be >= 0, --duration 1 to 120, --warmup 0 to 30")
    if args.timeout < 1 or not 0 < args.alone <= 60:
        parser.error("--timeout must be >= 1 and --alone within (0, 60]")
    if not 1 <= args.rounds <= 9:
        parser.error("--rounds must be 1 to 9")
    if args.oews_full and not (args.oews_full / "oe.area").is_file():
        parser.error(f"--oews-full {args.oews_full}: no oe.area there (scripts/build_oews_fixture.py --full DIR)")
    return args


def plan(args: argparse.Namespace) -> list[tuple[str, bool, list[list[str]]]]:
    """(label, measured under load, manage.py commands that make the state) for each data state."""
    seed = ["--seed", str(args.seed)]
    states = [("guide alone", True, [["migrate", "-v0"], ["load_guides"], ["import_oews", "-v0", *OEWS_EMBEDDED]])]
    filled = 0
    if args.fill_roles > 1 and (not args.roles or args.roles > args.fill_roles - 1):
        filled = args.fill_roles - 1
        generate = ["generate_synthetic_data", "-v0", "--roles", str(filled), *seed]
        states.append((f"{args.fill_roles} roles", False, [generate]))
    if args.roles:
        generate = ["generate_synthetic_data", "-v0", "--roles", str(args.roles - filled), *seed]
        # Statistics of the 10,000 roles before they are measured, as autovacuum would gather soon after (not
        # earlier: planned on the one-role state's statistics, the generator's trigger queries scan whole tables).
        states.append((f"{args.roles:,} roles", True, [generate, ANALYZE]))
    if args.oews_full:
        states.append((METROS, True, [["import_oews", "-v0", str(args.oews_full)]]))
    return states


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.table:
        print_tables(json.loads(args.table.read_text()))
        return 0
    status = run_elsewhere_if_needed("bench", __file__)
    if status is not None:
        return status

    # SIGTERM ends the run through the finally blocks, so every server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC)
    load = Load(args.duration, args.warmup, args.threads, args.connections, args.timeout, args.alone)
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
        if args.max_requests is not None:
            env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
        print(f"bench: PostgreSQL {pg_version}, {load.duration} s per URL, wrk -t{load.threads} -c{load.connections}")
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, timeout=300, what="static")
        for label, measured, commands in plan(args):
            print(f"{label}:", flush=True)
            info = load_state(env, commands)
            if measured:
                # With every metro area loaded only BLS's pages and lists can differ: only they are asked again.
                asked = list(BLS_LISTS) if label == METROS else only
                states.append(
                    bench_state(label, info, env=env, load=load, workdir=workdir, only=asked, rounds=args.rounds)
                )
            else:
                states.append(sizes_state(label, info, env=env, workdir=workdir, only=only))
        machine = versions(pg_version)
    measured = [state for state in states if state["measured"] and state["label"] != METROS]
    fill = next((state for state in states if not state["measured"]), None)
    comparison = compare_states(measured[0], fill, measured[-1]) if len(measured) > 1 else []
    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine, "load_average_at_end": os.getloadavg()},
        "settings": {
            "duration_s": load.duration,
            "warmup_s": load.warmup,
            "alone_s": load.alone,
            "wrk_threads": load.threads,
            "wrk_connections": load.connections,
            "wrk_timeout_s": load.timeout,
            "gunicorn_workers": WORKERS,
            "gunicorn_max_requests": args.max_requests if args.max_requests is not None else "gunicorn.conf.py",
            "roles": args.roles,
            "fill_roles": args.fill_roles,
            "seed": args.seed,
            "only": only,
            "rounds": args.rounds,
            "oews_full": str(args.oews_full) if args.oews_full else None,
        },
        "states": states,
        "comparison": comparison,
        "targets": targets(states, comparison),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{started.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print_tables(report)
    print(f"Results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
