"""The production front (scripts/serve-prod: nginx from deploy/nginx.conf.template in front of gunicorn)
under the abuse that took gunicorn alone down: slow clients, huge and stalled uploads, a made-up
X-Forwarded-For; and its static files and its stop on SIGTERM.

The front runs as `make serve-prod` runs it (migrate, collectstatic, nginx and gunicorn), on 127.0.0.1, with a
database of its own of the run's engine (a SQLite file, or a PostgreSQL database in the PostgreSQL run: the
module runs in both) and a client timeout of 2 s instead of 10 so that the stalled-upload test is short.
"""

import contextlib
import os
import re
import signal
import socket
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from tests import servers

CLIENT_TIMEOUT = 2  # FRONT_CLIENT_TIMEOUT for these tests: seconds a client may stall
SLOW_CLIENTS = 50


def body_files(front: servers.Front) -> list[str]:
    """Request bodies nginx holds on disk right now: files in its client_body directory, including the ones it
    has already unlinked but still writes to (nginx unlinks a temporary file as it creates it, so only its
    workers' open files show them)."""
    directory = str(front.run_dir / "client_body")
    held = [str(path) for path in Path(directory).rglob("*") if path.is_file()]
    for worker in nginx_workers(int((front.run_dir / "nginx.pid").read_text())):
        for descriptor in Path(f"/proc/{worker}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(descriptor)
                if target.startswith(directory + "/"):
                    held.append(target)
    return held


def no_body_left(front: servers.Front, seconds: float = 5) -> bool:
    """Whether nginx holds no request body on disk within `seconds` (it drops a refused body's file as the
    request ends, a moment after the answer)."""
    deadline = time.monotonic() + seconds
    while body_files(front):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def nginx_workers(master: int) -> list[int]:
    """The pids of the worker processes of the nginx `master`."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The parent pid is the second field after the command name, which is in parentheses.
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                workers.append(int(stat.parent.name))
    return workers


@pytest.fixture(scope="module")
def front(tmp_path_factory, site_databases):
    """The front as `make serve-prod` starts it: it migrates the database and collects the static files."""
    workdir = tmp_path_factory.mktemp("front")
    database_url = site_databases.new()
    with servers.front(
        database_url=database_url, workdir=workdir, migrate=True, client_timeout=CLIENT_TIMEOUT
    ) as running:
        yield running


def get(url: str, *, headers: dict | None = None, timeout: float = 10):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.status, response.headers, response.read()


def raw_request(port: int, head: str, body: bytes = b"", *, timeout: float = 10) -> tuple[socket.socket, str]:
    """Send `head` (and `body`) on a new connection; returns it and the status line of the answer."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    connection.sendall(head.encode() + body)
    return connection, connection.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


# --- Slow clients ----------------------------------------------------------------------------------------------


class SlowClients:
    """`count` connections to 127.0.0.1:`port` that never complete a request: half send a request body one
    byte at a time, half their headers one byte at a time, each byte in time to beat any client timeout."""

    def __init__(self, port: int, count: int, interval: float = 0.5):
        self.port, self.count, self.interval = port, count, interval
        self.sockets: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for number in range(self.count):
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if number % 2:
                connection.sendall(
                    b"POST /api/v1/roles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 100000\r\n\r\n{"
                )
            else:
                connection.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(connection)
        self.thread.start()
        return self

    def _drip(self):
        while not self.stopped.wait(self.interval):
            for number, connection in enumerate(self.sockets):
                with contextlib.suppress(OSError):
                    connection.sendall(b" " if number % 2 else b"X")

    def still_waiting(self) -> int:
        """How many of the connections are open and have had no answer (the attack is still on)."""
        waiting = 0
        for connection in self.sockets:
            connection.setblocking(False)
            try:
                connection.recv(1)  # an answer, or b"" for a closed connection: not waiting any more
            except BlockingIOError:
                waiting += 1
            except OSError:
                pass
            finally:
                connection.setblocking(True)
        return waiting

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in self.sockets:
            connection.close()


def normal_request_seconds(url: str, *, timeout: float) -> float | None:
    """Seconds a plain GET of /robots.txt took, or None when it got no answer within `timeout`."""
    started = time.monotonic()
    try:
        status, _, _ = get(f"{url}/robots.txt", timeout=timeout)
    except OSError:
        return None
    assert status == 200
    return time.monotonic() - started


def test_fifty_slow_clients_do_not_hold_up_a_normal_request(front):
    # gunicorn alone (2 sync workers) gave no answer at all until its 30 s timeout with two such clients.
    # The same requests first without the attack (which also wakes both workers): the figure to compare with.
    before = [normal_request_seconds(front.url, timeout=5) for _ in range(10)]
    with SlowClients(front.port, SLOW_CLIENTS) as attack:
        delays = [normal_request_seconds(front.url, timeout=5) for _ in range(5)]
        assert attack.still_waiting() == SLOW_CLIENTS  # all fifty were on while those were answered
        time.sleep(CLIENT_TIMEOUT + 0.5)
        delays += [normal_request_seconds(front.url, timeout=5) for _ in range(5)]
        # client_header_timeout bounds the whole header: those dripping theirs are dropped. A body that
        # keeps trickling stays (client_body_timeout is between reads), held by nginx, not by a worker.
        assert attack.still_waiting() == SLOW_CLIENTS // 2
    print(f"normal request alone: {', '.join(f'{d:.3f} s' for d in before if d)}")
    print(f"normal request with {SLOW_CLIENTS} slow clients: {', '.join(f'{d:.3f} s' for d in delays if d)}")
    assert None not in delays, "a normal request got no answer within 5 s"
    # None of the unfinished requests reached the app.
    assert "POST /api/v1/roles/" not in front.app_requests()


# --- Uploads ---------------------------------------------------------------------------------------------------


def test_the_body_limit_is_the_apps_and_fits_the_largest_upload_the_site_accepts(front, settings):
    config = (front.run_dir / "nginx.conf").read_text()
    limit = settings.REQUEST_BODY_MAX_BYTES
    assert f"client_max_body_size {limit};" in config
    # The largest upload the site accepts: the admin's guide import or a salary CSV.
    largest = max(settings.GUIDE_IMPORT_MAX_FILES * settings.GUIDE_IMPORT_MAX_BYTES, settings.SALARY_IMPORT_MAX_BYTES)
    # Room for the multipart form around the files, and no more than that.
    assert largest < limit <= largest + 2 * 1024 * 1024
    assert "proxy_request_buffering on;" in config
    assert "proxy_buffering on;" in config


def test_a_200_mb_post_is_refused_before_it_reaches_the_app(front):
    head = (
        "POST /admin/roles/role/import-guides/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=fictional\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\nConnection: close\r\n\r\n"
    )
    connection, status = raw_request(front.port, head, b"x" * 65536)
    connection.close()
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert no_body_left(front), body_files(front)
    assert "import-guides" not in front.app_requests()


def test_a_chunked_upload_over_the_limit_is_cut_off_and_its_file_removed(front):
    # Without a Content-Length nginx counts as the body arrives (on disk past 128 kB) and stops at the limit.
    connection = socket.create_connection(("127.0.0.1", front.port), timeout=10)
    connection.sendall(
        b"POST /api/v1/roles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/json\r\nConnection: close\r\n\r\n"
    )
    chunk = b"100000\r\n" + b" " * 0x100000 + b"\r\n"  # 1 MiB
    with contextlib.suppress(OSError):  # nginx may reset the connection once it has answered
        for _ in range(40):
            connection.sendall(chunk)
    connection.settimeout(10)
    status = connection.recv(4096).decode(errors="replace").split("\r\n", 1)[0]
    connection.close()
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert no_body_left(front), body_files(front)
    assert "POST /api/v1/roles/" not in front.app_requests()


def test_a_stalled_upload_leaves_no_file_behind(front):
    head = (
        "POST /api/v1/roles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {5 * 1000 * 1000}\r\n\r\n"
    )
    connection = socket.create_connection(("127.0.0.1", front.port), timeout=30)
    connection.sendall(head.encode() + b" " * 1_000_000)  # a fifth of the body, then nothing
    try:
        deadline = time.monotonic() + 10
        while not body_files(front):  # nginx keeps the part it has in a temporary file
            assert time.monotonic() < deadline, "nginx never wrote the stalled body to disk"
            time.sleep(0.05)
        deadline = time.monotonic() + CLIENT_TIMEOUT + 10
        while body_files(front):
            assert time.monotonic() < deadline, f"{body_files(front)} still there after the client timeout"
            time.sleep(0.1)
    finally:
        connection.close()
    assert "POST /api/v1/roles/" not in front.app_requests()


# --- X-Forwarded-For -------------------------------------------------------------------------------------------


def failed_sign_in(url: str, forwarded_for: str) -> None:
    """One wrong password on the admin sign-in page, sent with a made-up X-Forwarded-For."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/admin/login/", timeout=10) as response:
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read()).group(1).decode()
    form = f"csrfmiddlewaretoken={token}&username=fictional-editor&password=wrong-password-1&next=/admin/"
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        f"{url}/admin/login/", data=form.encode(), headers={"X-Forwarded-For": forwarded_for}
    )
    with opener.open(request, timeout=10) as response:
        assert response.status == 200  # the form again, with its error


def test_the_app_sees_the_address_the_front_saw_not_one_the_client_made_up(front):
    failed_sign_in(front.url, "203.0.113.9")
    addresses = {row[0] for row in servers.query(front.database_url, "SELECT ip_address FROM axes_accessattempt")}
    # gunicorn listens on a unix socket (REMOTE_ADDR is empty there), so 127.0.0.1 can only be the entry
    # nginx appended; the client's own entry, left of it, is not believed.
    assert addresses == {"127.0.0.1"}


# --- Request ids -----------------------------------------------------------------------------------------------


def test_one_request_id_runs_from_the_fronts_log_through_the_apps(front):
    # A client's own id is replaced by nginx's, which the app answers with and both logs end with.
    _, headers, _ = get(f"{front.url}/robots.txt", headers={"X-Request-ID": "made-up-by-the-client"})
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), request_id
    deadline = time.monotonic() + 5  # nginx writes its line as the request ends, a moment after the answer
    while request_id not in (front_log := (front.workdir / "front-access.log").read_text()):
        assert time.monotonic() < deadline, "the request's id is not in nginx's access log"
        time.sleep(0.05)
    assert '"GET /robots.txt HTTP/1.1" 200' in next(line for line in front_log.splitlines() if request_id in line)
    # gunicorn writes its access line once the answer is sent, so on a busy machine it may come after nginx's.
    while request_id not in front.app_requests():
        assert time.monotonic() < deadline, "the request's id is not in gunicorn's access log"
        time.sleep(0.05)
    assert f'"request_id": "{request_id}"' in front.server_log()  # the app's JSON request line
    assert "made-up-by-the-client" not in front.app_requests() + front.server_log()


# --- Static files ----------------------------------------------------------------------------------------------


def test_static_files_come_from_nginx_with_long_cache_headers(front):
    hashed = next(path for path in front.static_root.rglob("*.css") if re.search(r"\.[0-9a-f]{12}\.css$", path.name))
    name = hashed.relative_to(front.static_root).as_posix()
    status, headers, body = get(f"{front.url}/static/{name}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/css"
    assert body == hashed.read_bytes()
    get(f"{front.url}/robots.txt")
    requests = front.app_requests()
    assert "/robots.txt" in requests  # the app logs what reaches it...
    assert "/static/" not in requests  # ...and static files never do


# --- Stopping --------------------------------------------------------------------------------------------------


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_nginx_and_gunicorn(front, tmp_path, signum):
    with servers.front(database_url=front.database_url, workdir=tmp_path, static_root=front.static_root) as second:
        nginx = int((second.run_dir / "nginx.pid").read_text())
        gunicorn = int((second.run_dir / "gunicorn.pid").read_text())
        second.process.send_signal(signum)
        assert second.process.wait(timeout=60) == 0
        assert wait_gone(nginx)
        assert wait_gone(gunicorn)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", second.port), timeout=2).close()


def test_when_gunicorn_dies_the_front_stops_too(front, tmp_path):
    with servers.front(database_url=front.database_url, workdir=tmp_path, static_root=front.static_root) as second:
        nginx = int((second.run_dir / "nginx.pid").read_text())
        os.kill(int((second.run_dir / "gunicorn.pid").read_text()), signal.SIGKILL)
        assert second.process.wait(timeout=60) == 1
        assert wait_gone(nginx)
    assert "gunicorn exited" in second.server_log()
