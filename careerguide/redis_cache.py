"""Django's Redis cache, except that an unreachable Redis degrades to "no cache" instead of a 500.

Everything the cache holds (rendered pages and API reads, the content version, the anonymous throttle's
counters) can be recomputed or done without for a while, so while Redis is down every read is a miss and
every write is dropped: the site serves uncached, from the database, and /readyz reports the cache as
degraded. One warning is logged when the outage starts and one line when Redis answers again. After a
failure the process leaves Redis alone for `RETRY_SECONDS`, so requests do not each wait for the socket
timeout (OPTIONS `socket_connect_timeout` / `socket_timeout`, set in settings) of a server that is gone.

One cost of Django's client is also removed: it built a new `redis.Redis` client object for every cache
call (0.2-0.3 ms each, three to five calls per cached answer); here each process keeps one per connection
pool.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0


class ResilientRedisCacheClient(RedisCacheClient):
    """RedisCacheClient whose every operation answers `fallback` while Redis cannot be reached."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Monotonic time before which this process does not try Redis again; 0 while Redis is up.
        self._down_until = 0.0
        # One client per connection pool for the life of the process (the pools detect a fork themselves).
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guarded(self, operation, fallback, *args):
        """RedisCacheClient's `operation` with `args`, or `fallback` while Redis is unreachable."""
        return self.call_guarded(getattr(super(), operation), fallback, *args)

    def call_guarded(self, function, fallback, *args):
        """`function(*args)`, or `fallback` while Redis is unreachable (an outage starts or is still on)."""
        if self._down_until and time.monotonic() < self._down_until:
            return fallback
        try:
            result = function(*args)
        except OUTAGE_ERRORS as error:
            if not self._down_until:
                logger.warning("Redis unreachable (%s): serving without the cache", error)
            self._down_until = time.monotonic() + RETRY_SECONDS
            return fallback
        if self._down_until:
            logger.warning("Redis reachable again: the cache is back")
            self._down_until = 0.0
        return result

    def add(self, key, value, timeout):
        return self._guarded("add", False, key, value, timeout)

    def get(self, key, default):
        return self._guarded("get", default, key, default)

    def set(self, key, value, timeout):
        return self._guarded("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded("touch", False, key, timeout)

    def delete(self, key):
        return self._guarded("delete", False, key)

    def get_many(self, keys):
        return self._guarded("get_many", {}, keys)

    def has_key(self, key):
        return self._guarded("has_key", False, key)

    def set_many(self, data, timeout):
        return self._guarded("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._guarded("delete_many", None, keys)

    def clear(self):
        return self._guarded("clear", None)

    # incr is left unguarded: on a missing key Django's contract is a ValueError, which no fallback
    # value can honour, and nothing in the site increments.


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` on `ResilientRedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
