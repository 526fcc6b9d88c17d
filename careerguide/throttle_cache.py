"""The API throttle's own cache: page entries cannot evict its counters, and it keeps counting without Redis.

- Its own alias (`CACHES["throttle"]`): with the file cache, its own directory, so the culling that 600 junk
  page entries trigger in the response cache never deletes a counter. With Redis, the same server under its
  own key prefix; Redis evicts least-recently-used keys first (README, "Redis"), and a client being
  throttled touches its counter on every request.
- While Redis cannot be reached, counters are kept in this process's memory: each worker still enforces the
  limit on what it sees (at worst the limit times the number of workers), instead of letting everything through.
"""

import time

from django.core.cache.backends.locmem import LocMemCache

from .redis_cache import ResilientRedisCache

_MISSING = object()


class ThrottleRedisCache(ResilientRedisCache):
    """`ResilientRedisCache` that falls back to per-process memory while Redis is away."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache("careerguide-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _redis_away(self) -> bool:
        down_until = getattr(self._cache, "_down_until", 0.0)
        return bool(down_until) and time.monotonic() < down_until

    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        if self._redis_away():
            return self._local.get(key, default, version)
        return default if value is _MISSING else value

    def set(self, key, value, timeout=300, version=None):
        super().set(key, value, timeout, version)
        if self._redis_away():
            self._local.set(key, value, timeout, version)
