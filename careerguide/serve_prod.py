"""The production front: migrate, collect static files, then run gunicorn behind nginx in the foreground.

    PORT=8000 DATABASE_URL=... REDIS_URL=... make serve-prod           # in a checkout (scripts/serve-prod)
    PORT=8000 DATABASE_URL=... REDIS_URL=... careerguide serve-prod    # installed from the wheel

nginx (deploy/nginx.conf.template) listens on 127.0.0.1:PORT, buffers every request and answer, serves
/static/ from STATIC_ROOT and passes the rest to gunicorn (gunicorn.conf.py) on a unix socket that only
nginx uses. The template and gunicorn.conf.py are the checkout's, or the installed package's copies in
careerguide/site/ (settings.SITE_DIR). The app runs with DJANGO_TRUSTED_PROXIES=1 (or more, if set), so the
client address it counts (API throttle, admin sign-in limit) is the one nginx saw. SIGTERM or SIGINT stops
both; if either exits, the other is stopped and this exits non-zero. Run it as the service's own,
unprivileged user.

Environment: PORT (default 8000), DATABASE_URL, REDIS_URL and the other DJANGO_* settings (.env.example);
FRONT_LISTEN (default 127.0.0.1:PORT), FRONT_CLIENT_TIMEOUT (seconds a client may stall, default 10),
FRONT_RUN_DIR (nginx's pid, socket and temporary files; default a fresh temporary directory, removed at
exit), FRONT_ACCESS_LOG (nginx's access log, a path or `off`; default stdout).

This module imports no Django at load time: it sets the environment the app starts with (debug off, a key
for this run when none is set), so it runs before any settings are read.
"""

# ruff: noqa: S603 - our own commands (manage.py, gunicorn, nginx), never a shell

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The checkout this module lives in (where manage.py is), or None when installed from the wheel. The
# commands run from there, so `python -m careerguide` and gunicorn import the checkout's code.
CHECKOUT = Path(__file__).resolve().parent.parent
PROJECT_DIR = CHECKOUT if (CHECKOUT / "manage.py").is_file() else None
MANAGE = [sys.executable, "-m", "careerguide"]
# What nginx must agree with, as the app reads it: printed by one `shell -c`, read back from its last line.
SETTINGS_PROBE = (
    "from django.conf import settings; "
    "print(settings.REQUEST_BODY_MAX_BYTES, settings.STATIC_ROOT, settings.SITE_DIR, sep='\\t')"
)


def log(message: str) -> None:
    print(f"serve-prod: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Site:
    """The settings of the app the front serves."""

    body_max_bytes: int
    static_root: Path
    site_dir: Path  # holds deploy/nginx.conf.template and gunicorn.conf.py

    @property
    def template(self) -> Path:
        return self.site_dir / "deploy" / "nginx.conf.template"

    @property
    def gunicorn_config(self) -> Path:
        return self.site_dir / "gunicorn.conf.py"


def app_environment() -> dict:
    """The environment of the app's processes: debug off, at least one trusted proxy, a key."""
    env = {**os.environ, "DJANGO_DEBUG": "false"}
    # nginx appends the address it saw to X-Forwarded-For: at least that one proxy is trusted (over the unix
    # socket REMOTE_ADDR is empty). A load balancer in front of nginx makes it 2 (DJANGO_TRUSTED_PROXIES=2).
    env["DJANGO_TRUSTED_PROXIES"] = str(max(1, int(env.get("DJANGO_TRUSTED_PROXIES") or 0)))
    if not env.get("DJANGO_SECRET_KEY"):
        log("DJANGO_SECRET_KEY is not set: using a random key for this run only.")
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def prepare(env: dict, *, migrate: bool, collect_static: bool) -> Site:
    """Runs `migrate` and `collectstatic` (unless the caller has), then reads the settings nginx needs."""
    if migrate:
        subprocess.run([*MANAGE, "migrate", "--noinput"], cwd=PROJECT_DIR, env=env, check=True)
    if collect_static:
        command = [*MANAGE, "collectstatic", "--noinput", "--verbosity", "0"]
        subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)
    printed = subprocess.run(
        [*MANAGE, "shell", "--no-imports", "-c", SETTINGS_PROBE],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    body_max_bytes, static_root, site_dir = printed.splitlines()[-1].split("\t")
    return Site(int(body_max_bytes), Path(static_root).resolve(), Path(site_dir).resolve())


def render(run_dir: Path, site: Site, *, listen: str, client_timeout: int, access_log: str) -> Path:
    """The site's deploy/nginx.conf.template with its {{NAME}} placeholders filled; returns the written file."""
    values = {
        "RUN_DIR": str(run_dir),
        "LISTEN": listen,
        "UPSTREAM": f"unix:{run_dir / 'gunicorn.sock'}",
        "STATIC_ROOT": str(site.static_root),
        "CLIENT_TIMEOUT": f"{client_timeout}s",
        "CLIENT_MAX_BODY_SIZE": str(site.body_max_bytes),
        "ACCESS_LOG": "off" if access_log == "off" else f"{access_log} front",
        "MIME_TYPES": "/etc/nginx/mime.types",
        # As root (a CI container), nginx's workers would drop to `nobody`, who cannot read the private run
        # directory or static files; a real server runs this as the service's own user instead.
        "USER_DIRECTIVE": "user root;" if os.geteuid() == 0 else "",
    }
    text = site.template.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise SystemExit(f"serve-prod: {site.template} has placeholders without a value: {', '.join(left)}")
    config = run_dir / "nginx.conf"
    config.write_text(text)
    return config


def stop(process: subprocess.Popen, name: str, seconds: float) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # gunicorn and nginx both stop gracefully/fast on SIGTERM
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop within {seconds:.0f} s: killing it")
        process.kill()
        process.wait()


def supervise(children: dict[str, subprocess.Popen], stopping: list) -> int:
    """Waits for a signal (0) or for a child to exit (1, naming it)."""
    while not stopping:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
            log(f"{exited[0]} exited with status {children[exited[0]].returncode}: stopping")
            return 1
        time.sleep(0.2)
    log(f"{signal.Signals(stopping[0]).name}: stopping")
    return 0


def run_pair(run_dir: Path, site: Site, *, env: dict, nginx: list[str], listen: str) -> int:
    """gunicorn on a unix socket in `run_dir`, then nginx (`nginx` is its command) in front of it, until a
    signal or either exits; stops both, nginx first."""
    socket = run_dir / "gunicorn.sock"
    socket.unlink(missing_ok=True)  # left by an earlier run in the same FRONT_RUN_DIR
    gunicorn_env = {**env, "GUNICORN_BIND": f"unix:{socket}", "GUNICORN_PIDFILE": str(run_dir / "gunicorn.pid")}
    # The control socket's default path is one per user: two fronts at once would share it.
    gunicorn = [*(sys.executable, "-m", "gunicorn", "-c", str(site.gunicorn_config)), "--no-control-socket"]
    children: dict[str, subprocess.Popen] = {}
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda signum, _frame: stopping.append(signum))
    try:
        # start_new_session: a Ctrl-C in the terminal reaches this process only, which stops both in order.
        children["gunicorn"] = subprocess.Popen(
            [*gunicorn, "careerguide.wsgi"], cwd=PROJECT_DIR, env=gunicorn_env, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while not socket.exists() and not stopping and children["gunicorn"].poll() is None:
            if time.monotonic() > deadline:
                log("gunicorn did not open its socket within 60 s")
                return 1
            time.sleep(0.05)
        if not stopping and children["gunicorn"].poll() is None:
            children["nginx"] = subprocess.Popen(nginx, start_new_session=True)
            log(f"CareerGuide (nginx in front of gunicorn): http://{listen}/")
        return supervise(children, stopping)
    finally:
        # The front first, so no request reaches a stopping app; then gunicorn finishes its requests.
        if "nginx" in children:
            stop(children["nginx"], "nginx", 10)
        if "gunicorn" in children:
            stop(children["gunicorn"], "gunicorn", 40)


def serve(run_dir: Path, args: argparse.Namespace) -> int:
    listen = os.environ.get("FRONT_LISTEN", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx is None:
        log("nginx not found: apt-get install nginx-light (.ci/run does)")
        return 2
    env = app_environment()
    site = prepare(env, migrate=not args.no_migrate, collect_static=not args.no_collectstatic)
    config = render(
        run_dir,
        site,
        listen=listen,
        client_timeout=int(os.environ.get("FRONT_CLIENT_TIMEOUT", "10")),
        access_log=os.environ.get("FRONT_ACCESS_LOG", "/dev/stdout"),
    )
    command = [nginx, "-p", str(run_dir), "-c", str(config)]
    subprocess.run([*command, "-t", "-q"], check=True)
    return run_pair(run_dir, site, env=env, nginx=command, listen=listen)


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serve-prod", description=__doc__.splitlines()[0])
    parser.add_argument("--no-migrate", action="store_true", help="Skip `migrate` (the caller has run it).")
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="Skip `collectstatic` (STATIC_ROOT is already collected)."
    )
    args = parser.parse_args(argv)
    run_dir = os.environ.get("FRONT_RUN_DIR")
    if run_dir:
        Path(run_dir).mkdir(parents=True, exist_ok=True)
        return serve(Path(run_dir).resolve(), args)
    with tempfile.TemporaryDirectory(prefix="careerguide-front-") as tmp:
        return serve(Path(tmp), args)


def main(argv: list[str] | None = None) -> int:
    """`run`, with a failed command (migrate, collectstatic, nginx -t) reported in one line: the command's own
    output above says why, with no traceback of this module on top of it."""
    try:
        return run(argv)
    except subprocess.CalledProcessError as error:
        words = [str(part) for part in error.cmd]
        name = " ".join(words[3:4] if words[1:3] == ["-m", "careerguide"] else words[:1])
        log(f"{name} failed with status {error.returncode}")
        return 1
    except KeyboardInterrupt:
        return 130
