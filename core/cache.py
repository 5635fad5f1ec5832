"""A Redis cache that is best-effort: a dead or unreachable Redis costs speed, never a page.

Every cache call that fails with a Redis error (connection refused, timeout, Redis loading,
...) is logged and answered by a per-process memory cache instead, and for
`retry_after` seconds the process does not try Redis again, so a dead Redis does not add a
connect timeout to every request. What that means for each user of the cache:

- cached values (facet counts, ...) are computed again and cached per process;
- rate limits keep counting, per process: while Redis is down a client may do up to
  "limit x number of worker processes" actions in a window. They fail open, never closed.

`is_healthy()` tells /healthz whether Redis answered the last time it was tried.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class BestEffortRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5))
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **options}
        super().__init__(server, params)
        self._fallback = LocMemCache(f"best-effort-fallback-{id(self)}", params)
        self._down_until = 0.0

    def is_healthy(self) -> bool:
        """Whether Redis answers a PING now (not cached: /healthz asks)."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError:
            self._mark_down("ping")
            return False
        self._down_until = 0.0
        return True

    def _mark_down(self, operation):
        if time.monotonic() >= self._down_until:
            logger.warning(
                "cache: Redis failed on %s; using per-process memory for %.0f s",
                operation,
                self.retry_after,
                exc_info=True,
            )
        self._down_until = time.monotonic() + self.retry_after

    def _call(self, operation, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, operation)(*args, **kwargs)
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError:
            self._mark_down(operation)
            return getattr(self._fallback, operation)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
