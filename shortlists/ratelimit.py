"""A small fixed-window rate limit per client, kept in Django's cache.

The default cache is per process (locmem): with several worker processes each counts on its
own. Point CACHES at a shared cache (Redis) in production to make the limit exact.
"""

import ipaddress

from django.core.cache import cache


def client_key(request) -> str:
    """The client's address (REMOTE_ADDR); for IPv6, its /64 network, since one household
    or phone usually gets a whole /64. Behind a proxy, REMOTE_ADDR must be set from the
    proxy's header by the server (e.g. gunicorn's --forwarded-allow-ips), not trusted here."""
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
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
