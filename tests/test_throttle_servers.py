"""The anonymous API throttle counts in the cache every worker shares: with 2 gunicorn workers, 400
requests at a limit of N per minute let exactly N through (per-process memory would let up to 2N)."""

import contextlib
import urllib.error
import urllib.request

import pytest

from tests.servers import gunicorn, redis_server

LIMIT = 50
REQUESTS = 400


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("cache", ["file", "redis"])
def test_two_workers_share_one_throttle_count(cache, tmp_path):
    env = {
        # The API root needs no database; the file is never created.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_API_ANON_RATE": f"{LIMIT}/minute",
    }
    with redis_server() if cache == "redis" else contextlib.nullcontext() as redis_url:
        if redis_url:
            env["REDIS_URL"] = redis_url
        with gunicorn(env=env, workers=2) as site:
            answers = [status(f"{site}/api/v1/") for _ in range(REQUESTS)]

    print(f"throttle ({cache} cache, 2 workers): {answers.count(200)} of {REQUESTS} passed at {LIMIT}/minute")
    assert answers.count(200) == LIMIT
    assert answers.count(429) == REQUESTS - LIMIT
    assert answers[:LIMIT] == [200] * LIMIT
