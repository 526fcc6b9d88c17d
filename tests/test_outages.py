"""Outages, as clients see them through the production front (scripts/serve-prod: nginx in front of gunicorn
with 2 workers, debug off, persistent database connections), with a real PostgreSQL and Redis that the tests
stop and start again.

- Database down: pages answer the site's 503 page and the API a JSON 503, both with Retry-After; /healthz
  stays 200 and /readyz is 503 naming the database; the log has one line per refused request and no
  traceback. Once the database is back every request succeeds again, with no 500 from a connection a
  worker kept from before (CONN_HEALTH_CHECKS).
- Redis down: every page and API read is still a 200, served uncached; /readyz says "degraded". Once Redis
  is back the cache serves again.

The database outage needs a PostgreSQL that can be stopped, a throwaway cluster of its own, whatever the run's
database; it runs in the PostgreSQL run only (a SQLite file cannot go away). The Redis outage runs in both,
on a database of the run's engine.
"""

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.servers import free_port, front, postgres_cluster, redis_server

# Pages and API reads that each need the database when rendered (the response cache is off for them).
PAGE, API = "/roles/", "/api/v1/roles/"
# The recovery the tests accept, generous for a shared 2-core machine; the time measured is printed.
RECOVERY_SECONDS = 10


def get(url: str):
    """(status, headers, body) of one GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def statuses(base: str, path: str, times: int) -> list[int]:
    return [get(base + path)[0] for _ in range(times)]


def seconds_until_ok(base: str, paths: tuple[str, ...], limit: float) -> float:
    """Seconds until every path answers 200, polling every 0.1 s; fails after `limit`."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if all(get(base + path)[0] == 200 for path in paths):
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    pytest.fail(f"{paths} did not recover within {limit} s")


def site_env(**extra) -> dict:
    return {"DJANGO_CONN_MAX_AGE": "60", "DJANGO_RESPONSE_CACHE_SECONDS": "0", **extra}


@pytest.mark.postgres_only
def test_database_outage_is_503_with_retry_after_and_recovers_by_itself(site_databases, static_root, tmp_path):
    with postgres_cluster() as database:
        database.copy(site_databases.template)  # migrated
        with front(database_url=database.url, env=site_env(), workdir=tmp_path, static_root=static_root) as running:
            site = running.url
            # Each worker opens its persistent connection.
            assert statuses(site, PAGE, 6) + statuses(site, API, 6) == [200] * 12

            # A restart between two requests: the kept connections are dead, yet no request fails.
            database.stop()
            database.start()
            after_restart = statuses(site, PAGE, 10) + statuses(site, API, 10)

            database.stop()
            page_status, page_headers, page = get(site + PAGE)
            api_status, api_headers, api = get(site + API)
            ready_status, _, ready = get(site + "/readyz")
            live_status, _, _ = get(site + "/healthz")
            during = statuses(site, PAGE, 5) + statuses(site, API, 5)

            database.start()
            recovered_in = seconds_until_ok(site, (PAGE, API, "/readyz"), RECOVERY_SECONDS)
            after = statuses(site, PAGE, 10) + statuses(site, API, 10)
        server_log = running.server_log()

    print(f"database outage: {during.count(503)} of {len(during)} answered 503; recovered in {recovered_in} s")
    assert after_restart == [200] * 20
    assert (page_status, page_headers["Retry-After"]) == (503, "5")
    assert "Temporarily unavailable" in page
    assert page_headers["Content-Type"].startswith("text/html")
    assert (api_status, api_headers["Retry-After"], api_headers["Content-Type"]) == (503, "5", "application/json")
    assert "database is unavailable" in json.loads(api)["detail"]
    assert ready_status == 503
    assert json.loads(ready)["checks"]["database"].startswith("unavailable: ")
    assert live_status == 200
    assert during == [503] * 10
    assert after == [200] * 20
    assert server_log.count("Database unavailable, answered 503: GET ") >= 12
    assert "Traceback" not in server_log


def test_redis_outage_serves_uncached_and_readyz_reports_the_cache_degraded(site_databases, static_root, tmp_path):
    redis_port = free_port()
    env = site_env(REDIS_URL=f"redis://127.0.0.1:{redis_port}/0", DJANGO_RESPONSE_CACHE_SECONDS="300")
    database_url = site_databases.new()
    with front(database_url=database_url, env=env, workdir=tmp_path, static_root=static_root) as running:
        site = running.url
        with redis_server(redis_port):
            before = [get(site + path)[1].get("X-Cache") for path in (PAGE, PAGE, API, API)]
            ready_before = json.loads(get(site + "/readyz")[2])

        # Redis has stopped under the running workers.
        during = statuses(site, PAGE, 5) + statuses(site, API, 5) + statuses(site, "/api/v1/", 5)
        cache_during = get(site + PAGE)[1].get("X-Cache")
        ready_status, _, ready = get(site + "/readyz")

        with redis_server(redis_port):
            started = time.monotonic()
            while json.loads(get(site + "/readyz")[2])["status"] != "ok":
                assert time.monotonic() - started < RECOVERY_SECONDS, "the cache did not come back"
                time.sleep(0.2)
            # Each worker leaves Redis alone for a few seconds after an error (careerguide.redis_cache), so the
            # worker that answers may still be waiting: ask until a cached answer comes back, within the bound.
            after = []
            while "hit" not in after:
                assert time.monotonic() - started < RECOVERY_SECONDS, f"no cached answer after Redis came back: {after}"
                after.append(get(site + PAGE)[1].get("X-Cache"))
                time.sleep(0.2)
            recovered_in = round(time.monotonic() - started, 2)
        server_log, access_log = running.server_log(), running.app_requests()

    print(f"redis outage: {during.count(200)} of {len(during)} answered 200; cache back in {recovered_in} s")
    assert before == ["miss", "hit", "miss", "hit"]
    assert ready_before == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert during == [200] * 15
    # Rendered, or from the worker's own memory: the content version comes from the database, so an entry the
    # worker holds is still current without Redis (careerguide.cache.local_entries).
    assert cache_during in ("hit", "miss")
    assert (ready_status, json.loads(ready)) == (
        200,
        {"status": "degraded", "checks": {"database": "ok", "cache": "unavailable"}},
    )
    assert after[-1] == "hit"
    # The load balancer's probes stay out of the app's access log; the traffic is in it (nginx speaks HTTP/1.0
    # to gunicorn).
    assert re.search(r'"GET /roles/ HTTP/1\.[01]" 200', access_log)
    assert "/readyz" not in access_log
    assert "Redis unreachable" in server_log
    assert "Traceback" not in server_log
