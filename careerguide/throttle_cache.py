"""The API throttle's own cache: page entries cannot evict its counters, and it keeps counting without Redis.

- Its own alias (`CACHES["throttle"]`): with the file cache, its own directory, so the culling that 600 junk
  page entries trigger in the response cache never deletes a counter. With Redis, the same server under its
  own key prefix; Redis evicts least-recently-used keys first (README, "Redis"), and a client being
  throttled touches its counter on every request.
- While Redis cannot be reached, counters are kept in this process's memory: each worker still enforces the
  limit on what it sees (at worst the limit times the number of workers), instead of letting everything through.
- With Redis, a request is counted in one round trip (`record_request`): DRF's throttle reads the client's
  whole history (a pickled list with one time per request in the window) and writes it back, two round trips
  whose size grows with the rate (at 500 requests a second, 5 kB each way per request).
"""

import itertools
import os
import time

from django.core.cache.backends.locmem import LocMemCache

from .redis_cache import ResilientRedisCache

_MISSING = object()

# DRF's sliding window, kept in a sorted set (score: the request's time), run by Redis as one atomic step:
# drop the times that left the window, count, record this request if the count is under the limit (a refused
# request is not recorded, as in DRF), and answer (allowed, count, oldest time in the window).
RECORD_REQUEST = """
local key, now, duration, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - duration)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, math.ceil(duration * 1000))
  allowed = 1
  count = count + 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {allowed, count, oldest[2] or ''}
"""
# Each recorded request needs a member of its own in the sorted set: the process id and a counter.
_members = itertools.count()


class ThrottleRedisCache(ResilientRedisCache):
    """`ResilientRedisCache` that falls back to per-process memory while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache("careerguide-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._scripts = {}  # per Redis client: the registered RECORD_REQUEST

    def _redis_away(self) -> bool:
        down_until = getattr(self._cache, "_down_until", 0.0)
        return bool(down_until) and time.monotonic() < down_until

    def record_request(
        self, key: str, now: float, duration: float, limit: int
    ) -> tuple[bool, int, float | None] | None:
        """Count a request of the client `key` in the window of `duration` seconds ending at `now`, in one round
        trip: (allowed, requests in the window including this one if allowed, time of the oldest of them).
        None while Redis cannot be reached: the caller then counts in this process's memory (`get`/`set`)."""
        stored_key = self.make_and_validate_key(key)
        client = self._cache.get_client(stored_key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(RECORD_REQUEST)
        member = f"{os.getpid()}:{next(_members)}"
        result = self._cache.call_guarded(script, None, [stored_key], [repr(now), repr(duration), limit, member])
        if result is None:
            return None
        allowed, count, oldest = result
        return bool(allowed), int(count), float(oldest) if oldest else None

    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        if self._redis_away():
            return self._local.get(key, default, version)
        return default if value is _MISSING else value

    def set(self, key, value, timeout=300, version=None):
        super().set(key, value, timeout, version)
        if self._redis_away():
            self._local.set(key, value, timeout, version)
