"""Benchmark the admin's salary CSV check of one large upload: the gunicorn worker's peak memory and time.

    .venv/bin/python benchmarks/import_upload_memory.py [--mib 50] [--set NAME=VALUE ...]

Builds a temporary SQLite database (3,800 fictional roles x 200 countries, a source, a superuser), a
salary CSV of about --mib MiB with one valid row per (role, country), starts one sync gunicorn worker
(debug off) on 127.0.0.1, signs in with curl and posts the file to the import page's check step, as an
editor would. Prints the answer's status and first message, the seconds it took and the worker's peak
resident memory (VmHWM) before and after. `--set` passes settings, e.g. DJANGO_SALARY_IMPORT_MAX_BYTES
to let a file past the default size limit be read.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURL = shutil.which("curl") or "/usr/bin/curl"
ROLES, COUNTRIES = 3_800, 200

SETUP = f"""
from django.contrib.auth import get_user_model
from roles.models import Role
from salaries.models import Currency, Region, Source
usd, _ = Currency.objects.get_or_create(code="USD", defaults={{"name": "US dollar", "symbol": "$"}})
Role.objects.bulk_create([Role(title=f"Bench role {{n}}", slug=f"bench-role-{{n}}") for n in range({ROLES})])
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
Region.objects.bulk_create([
    Region(name=f"Bench country {{n}}", slug=f"bench-country-{{n}}", kind="country",
           iso_code=f"{{letters[n // 26 + 10]}}{{letters[n % 26]}}", currency=usd)
    for n in range({COUNTRIES})
])
source = Source.objects.create(publisher="Benchmark", title="Synthetic", measures="Nothing real.",
                               kind="editorial_estimate")
get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-123")
print(source.pk)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=float, default=50)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cg-upload-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "k3y-" * 12,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        **dict(item.split("=", 1) for item in args.set),
    }
    manage = [sys.executable, "manage.py"]
    # Our own commands, no shell (S603).
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    setup = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True
    )
    source_id = int(setup.stdout.split()[-1])
    csv_path = workdir / "salaries.csv"
    rows = write_csv(csv_path, int(args.mib * 2**20), source_id)
    print(f"file: {csv_path.stat().st_size / 2**20:.1f} MiB, {rows:,} rows")

    port = 18000 + os.getpid() % 1000
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_TIMEOUT": "600"}
    server_env["GUNICORN_ACCESS_LOG"] = ""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket", "careerguide.wsgi"],
        cwd=ROOT,
        env=server_env,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        jar = workdir / "cookies"
        wait_until_up(url)
        worker = worker_pid(server.pid)
        login_page = curl(jar, f"{url}/admin/login/")
        token = csrf_token(login_page)
        curl(
            jar, f"{url}/admin/login/", "-d", f"csrfmiddlewaretoken={token}&username=bench&password=bench-password-123"
        )
        import_url = f"{url}/admin/roles/regionalsalary/import/"
        token = csrf_token(curl(jar, import_url))
        before = peak_rss_mib(worker)
        started = time.perf_counter()
        page = curl(
            jar,
            import_url,
            "-F",
            f"csrfmiddlewaretoken={token}",
            "-F",
            f"file=@{csv_path};type=text/csv",
            "-F",
            "dry_run=on",
            "-F",
            "_check=1",
            "-w",
            "\nHTTP %{http_code}",
        )
        seconds = time.perf_counter() - started
        status = page.rsplit("HTTP ", 1)[-1].strip()
        message = re.search(r'id="import-summary">([^<]*)<|class="errorlist[^>]*><li>([^<]*)<', page)
        shown = next((group for group in (message.groups() if message else ()) if group), "(no message)")
        print(f"answer: HTTP {status} in {seconds:.1f} s: {' '.join(shown.split())[:160]}")
        print(f"worker peak RSS: {before:.0f} MiB before the upload, {peak_rss_mib(worker):.0f} MiB after")
    finally:
        server.terminate()
        server.wait(timeout=30)


def write_csv(path: Path, size: int, source_id: int) -> int:
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("role,region,currency,local_min,local_max,usd_min,usd_max,usd_is_approximate,source,note\n")
        while handle.tell() < size and rows < ROLES * COUNTRIES:
            role, country = divmod(rows, COUNTRIES)
            low, high = 40_000 + rows % 50_000, 90_000 + rows % 70_000
            handle.write(f"bench-role-{role},bench-country-{country},USD,{low},{high},{low},{high},true,{source_id},\n")
            rows += 1
    return rows


def curl(jar: Path, url: str, *args: str) -> str:
    command = [CURL, "-s", "-b", str(jar), "-c", str(jar), "-H", f"Referer: {url}", *args, url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def wait_until_up(url: str) -> None:
    for _ in range(200):
        if subprocess.run([CURL, "-s", "-o", "/dev/null", f"{url}/robots.txt"]).returncode == 0:  # noqa: S603
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def peak_rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


if __name__ == "__main__":
    main()
