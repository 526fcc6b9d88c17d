"""A flood of addresses through the production front (scripts/serve-prod: nginx in front of 2 gunicorn workers)
with Redis as the cache, run as production runs it: with a memory limit and an eviction policy (README,
"Redis": `maxmemory` and `maxmemory-policy allkeys-lru`).

- 1,000 junk query strings add nothing to Redis: only the parameters a view reads make a cache key
  (careerguide.cache_keys). Before, each one was a new entry (+29.3 MB for 296 API addresses).
- Distinct real searches fill the cache up to its limit and Redis evicts the least recently used entries:
  every answer is still a 200 (with `noeviction` a full Redis refuses writes).
"""

import pytest
import redis

from tests.servers import front, redis_server
from tests.test_cache_freshness import get

pytestmark = pytest.mark.sqlite_only  # about Redis, not the database: one run is enough

MAXMEMORY = 3 * 1024 * 1024 // 2  # small enough that 300 searches fill it


def test_junk_addresses_add_nothing_and_a_full_cache_evicts(site_databases, static_root, tmp_path):
    with redis_server(None, "--maxmemory", str(MAXMEMORY), "--maxmemory-policy", "allkeys-lru") as redis_url:
        env = {"REDIS_URL": redis_url, "DJANGO_API_ANON_RATE": "100000/minute"}
        client = redis.Redis.from_url(redis_url)
        database_url = site_databases.new()
        with front(database_url=database_url, env=env, workdir=tmp_path, static_root=static_root) as running:
            site = running.url
            for path in ("/skills/", "/api/v1/skills/"):  # each worker learns what the views read
                for _ in range(4):
                    get(site + path)
            before = client.info("memory")["used_memory"]
            junk = [
                get(f"{site}{path}?utm_junk={n}")[0] for n in range(500) for path in ("/skills/", "/api/v1/skills/")
            ]
            after_junk = client.info("memory")["used_memory"]
            searches = [get(f"{site}/skills/?q=search{n}")[0] for n in range(300)]
            full = client.info("memory")["used_memory"]
            evicted = client.info("stats")["evicted_keys"]

    growth = after_junk - before
    print(f"redis: +{growth / 1024:.1f} KB for 1,000 junk addresses; {full / 1024 / 1024:.1f} MB after 300 searches")
    assert junk == [200] * 1000
    assert growth < 200 * 1024  # connection buffers and the throttle's counter, not 1,000 entries
    assert searches == [200] * 300
    print(f"redis: {evicted} keys evicted at the {MAXMEMORY / 1024 / 1024} MB limit")
    assert full <= MAXMEMORY * 1.1
    assert evicted > 0
