"""The anonymous API throttle counts in the cache every worker shares: through the production front
(scripts/serve-prod: nginx in front of 2 gunicorn workers), 400 requests at a limit of N per minute let
exactly N through (per-process memory would let up to 2N). Every request comes from the address nginx saw."""

import contextlib
import urllib.error
import urllib.request

import pytest

from tests.servers import free_port, front, redis_server

LIMIT = 50
REQUESTS = 400


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("cache", ["file", "redis"])
def test_two_workers_share_one_throttle_count(cache, site_databases, static_root, tmp_path):
    env = {"DJANGO_API_ANON_RATE": f"{LIMIT}/minute"}
    with redis_server() if cache == "redis" else contextlib.nullcontext() as redis_url:
        if redis_url:
            env["REDIS_URL"] = redis_url
        with front(database_url=site_databases.new(), env=env, workdir=tmp_path, static_root=static_root) as site:
            answers = [status(f"{site.url}/api/v1/") for _ in range(REQUESTS)]

    print(f"throttle ({cache} cache, 2 workers): {answers.count(200)} of {REQUESTS} passed at {LIMIT}/minute")
    assert answers.count(200) == LIMIT
    assert answers.count(429) == REQUESTS - LIMIT
    assert answers[:LIMIT] == [200] * LIMIT


def test_junk_page_addresses_do_not_evict_the_throttle_count(site_databases, static_root, tmp_path):
    # The file cache culls a third of its files once it holds 300: before the throttle had its own cache,
    # 600 junk page addresses deleted the counter and 50 more API calls passed than the limit allows.
    env = {"DJANGO_API_ANON_RATE": f"{LIMIT}/minute"}
    with front(database_url=site_databases.new(), env=env, workdir=tmp_path, static_root=static_root) as running:
        site = running.url
        first = [status(f"{site}/api/v1/") for _ in range(LIMIT // 2)]
        junk = [status(f"{site}/skills/?junk{number}=x") for number in range(600)]
        then = [status(f"{site}/api/v1/") for _ in range(REQUESTS)]

    answers = first + then
    print(f"throttle after 600 junk pages: {answers.count(200)} of {len(answers)} passed at {LIMIT}/minute")
    assert junk == [200] * 600
    assert answers.count(200) == LIMIT


def test_without_redis_each_worker_still_counts(site_databases, static_root, tmp_path):
    env = {
        "DJANGO_API_ANON_RATE": f"{LIMIT}/minute",
        # Nothing listens there: Redis is away for the whole test.
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
    }
    with front(database_url=site_databases.new(), env=env, workdir=tmp_path, static_root=static_root) as site:
        answers = [status(f"{site.url}/api/v1/") for _ in range(REQUESTS)]

    print(f"throttle without Redis (2 workers): {answers.count(200)} of {REQUESTS} passed at {LIMIT}/minute")
    # Each of the 2 workers counts what it sees: at least the limit, at most twice it.
    assert LIMIT <= answers.count(200) <= 2 * LIMIT
    assert answers.count(429) == REQUESTS - answers.count(200)
