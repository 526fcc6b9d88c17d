"""The installable package: `pip install .` and the built wheel carry the three apps (migrations, commands,
template tags), templates, static files, fixtures, gunicorn.conf.py and the front's nginx template, and a
wheel installed into an empty virtualenv, outside any checkout, runs the checks, migrates, loads the guides
and serves the site with the production front (`careerguide serve-prod`: nginx in front of gunicorn), on the
run's database (PostgreSQL in the PostgreSQL run) and Redis, as the README's "Deploying from the wheel" does.

Building needs setuptools from the package index (pip's isolated build): without it the tests skip on a
laptop and fail under CI=true.
"""

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tomllib
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.servers import free_port, redis_server, require, wait_for

REPO = Path(settings.BASE_DIR)
APPS = ("careerguide", "roles", "salaries")
# What the wheel maps from the top of the checkout into careerguide/site/ (pyproject.toml).
SITE_FILES = ("templates", "static", "fixtures")


def tracked_files() -> list[str]:
    """Files git tracks (the wheel is built from a copy of these, so nothing untracked can sneak in)."""
    result = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)  # noqa: S607
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    return [name for name in result.stdout.decode().split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        message = f"could not build the wheel (setuptools comes from the package index):\n{result.stderr[-2000:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    [built] = out.glob("careerguide-*.whl")
    return built


def test_pyproject_lists_every_python_package_of_the_apps():
    declared = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts) for app in APPS for init in (REPO / app).rglob("__init__.py")
    }
    assert on_disk <= declared, f"add to [tool.setuptools] packages: {sorted(on_disk - declared)}"


def test_wheel_carries_the_apps_templates_static_files_fixtures_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = tracked_files()

    code = [name for name in tracked if name.split("/")[0] in APPS and name.endswith(".py")]
    assert {name for name in code if "/migrations/" in name} and set(code) <= names, sorted(set(code) - names)
    site = [name for name in tracked if name.split("/")[0] in SITE_FILES and not name.endswith("/.gitkeep")]
    deployment = {"careerguide/site/gunicorn.conf.py", "careerguide/site/deploy/nginx.conf.template"}
    expected = {f"careerguide/site/{name}" for name in site} | deployment
    assert expected <= names, sorted(expected - names)
    assert "templates/base.html" in site and "fixtures/02_technical_manager.yaml" in site
    assert not {name for name in names if name.startswith(("tests/", "benchmarks/"))}
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "careerguide = careerguide.__main__:main" in entry_points


def installed(wheel: Path, target: Path) -> Path:
    """A new virtualenv at `target` with the wheel installed; returns its python.

    The wheel itself, without dependencies: those come from this test run's environment, appended to the new
    venv's path (after its own site-packages, so the wheel's `careerguide` wins over any checkout)."""
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel], check=True)
    own = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    (own / "test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status, response.headers, response.read()


def test_wheel_installed_in_an_empty_venv_serves_the_site_with_the_production_front(wheel, site_databases, tmp_path):
    """On an empty database of the run's engine (PostgreSQL in the PostgreSQL run) and a Redis."""
    require("nginx", "apt-get install nginx-light (.ci/run does)")
    with redis_server() as redis_url:
        serve_installed_wheel(wheel, tmp_path, database_url=site_databases.empty(), redis_url=redis_url)


def serve_installed_wheel(wheel: Path, tmp_path: Path, *, database_url: str, redis_url: str) -> None:
    target = tmp_path / "venv"
    careerguide = [installed(wheel, target), "-m", "careerguide"]
    work = tmp_path / "run"  # no checkout anywhere near: templates, fixtures, configurations come from the wheel
    work.mkdir()
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "test-only-wheel-key-Zr8Kq2VnX5tLw7Bp3YhG9cDm4JsF6aEuR1oTi",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_CACHE_DIR": str(work / "cache"),
        "PORT": str(port),
        "FRONT_RUN_DIR": str(work / "front"),
        "FRONT_ACCESS_LOG": "off",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
    }

    def run(*args):
        result = subprocess.run([*careerguide, *args], cwd=work, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
        return result.stdout + result.stderr

    site_dir = run("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SITE_DIR)").strip()
    assert site_dir.startswith(str(target)) and site_dir.endswith("careerguide/site"), site_dir
    assert "System check identified no issues" in run("check")
    run("migrate", "--verbosity", "0")
    assert "from 3 fixture files" in run("load_guides")
    # The README's last step: migrate (nothing left to do), collectstatic, gunicorn and nginx.
    with (work / "serve-prod.log").open("w") as log:
        server = subprocess.Popen([*careerguide, "serve-prod"], cwd=work, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/robots.txt", seconds=120, alive=server)
        status, headers, html = fetch(f"{base}/roles/technical-manager/")
        assert (status, headers["Server"]) == (200, "nginx")
        assert "<h1" in html.decode() and "Technical Manager" in html.decode()
        # The stylesheet comes from the static files the wheel carries, collected and served by nginx itself.
        stylesheet = html.decode().split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        status, headers, css = fetch(f"{base}{stylesheet}")
        assert status == 200 and len(css) > 1000
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # nginx's configuration is the installed template's, filled in.
        config = (work / "front" / "nginx.conf").read_text()
        assert f"listen 127.0.0.1:{port};" in config and f"alias {work / 'static'}/" in config
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "CareerGuide (nginx in front of gunicorn)" in (work / "serve-prod.log").read_text()
