"""Freshness that survives a Redis stall: the production front (scripts/serve-prod: nginx in front of 2
gunicorn workers) with Redis as the cache, Redis frozen (SIGSTOP) while an editor changes and then unpublishes
a guide through the API, and readers after it. Before the content version lived in the database, the change
was not seen: the old page came back as a cache hit 8 times of 8. The version is read from the run's
database, so this runs on both.
"""

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request

from careerguide.redis_cache import RETRY_SECONDS
from tests.servers import free_port, front, manage, require

TOKEN = "0badc0de0badc0de0badc0de0badc0de0badc0de"
SETUP = f"""
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from roles.models import Role
editor = User.objects.create_user("api-editor", password="x" * 20)
editor.user_permissions.add(*Permission.objects.filter(codename="change_role"))
Token.objects.create(user=editor, key="{TOKEN}")
Role.objects.create(title="Comet Cartographer", slug="comet-cartographer", summary="Maps comets.", is_published=True)
"""


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), ""


def patch(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="PATCH")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Token {TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_edit_and_an_unpublish_during_a_redis_stall_are_seen_by_the_next_readers(
    site_databases, static_root, tmp_path
):
    binary = require("redis-server", "apt-get install redis-server (.ci/run does)")
    database_url = site_databases.new()
    manage(database_url, "shell", "-v0", "-c", SETUP)
    port = free_port()
    redis = subprocess.Popen(
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
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    env = {"REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    try:
        with front(database_url=database_url, env=env, workdir=tmp_path / "front", static_root=static_root) as running:
            site = running.url
            page, api = f"{site}/roles/comet-cartographer/", f"{site}/api/v1/roles/comet-cartographer/"
            warm = [get(page)[1] for _ in range(6)]

            redis.send_signal(signal.SIGSTOP)  # frozen: connections hang until the socket timeout
            stalled = [get(page)[0] for _ in range(4)]
            edited = patch(api, {"summary": "Maps comets and their tails."})
            redis.send_signal(signal.SIGCONT)

            # Past the workers' back-off from Redis (careerguide.redis_cache.RETRY_SECONDS, 5 s), so the cache
            # serves again, and past the 1 s each worker reuses the version it read.
            time.sleep(RETRY_SECONDS + 1)
            after_edit = [get(page) for _ in range(8)]
            unpublished = patch(api, {"is_published": False})
            time.sleep(1.2)
            after_unpublish = [get(page)[0] for _ in range(8)]
    finally:
        redis.send_signal(signal.SIGCONT)
        redis.terminate()
        redis.wait(timeout=10)

    stale = sum("Maps comets and their tails." not in body for _, _, body in after_edit)
    print(f"redis stall: {stale} of {len(after_edit)} reads after the edit stale; after unpublishing {after_unpublish}")
    assert "hit" in warm
    assert stalled == [200] * 4
    assert (edited, unpublished) == (200, 200)
    assert stale == 0
    assert after_unpublish == [404] * 8
