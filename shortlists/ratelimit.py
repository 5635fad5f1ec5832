"""A small fixed-window rate limit per client, kept in Django's cache.

The default cache is per process (locmem): with several worker processes each counts on its
own. Point CACHES at a shared cache (Redis) in production to make the limit exact.
"""

import ipaddress

from django.core.cache import cache

from core.clientip import client_address


def client_key(request) -> str:
    """The client's address (core.clientip, which knows about trusted proxies); for IPv6,
    its /64 network, since one household or phone usually gets a whole /64."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _cache_key(scope: str, request) -> str:
    return f"ratelimit:{scope}:{client_key(request)}"


def limited(scope: str, request, limit: int) -> bool:
    """Whether the client has already used up `limit` actions in the current window."""
    return (cache.get(_cache_key(scope, request)) or 0) >= limit


def record(scope: str, request, window_seconds: int) -> int:
    """Count one action for the client; the window starts with its first action. Returns
    the count so far."""
    key = _cache_key(scope, request)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        return 1
