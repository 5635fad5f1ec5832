"""Fixed-window rate limits, kept in Django's cache, that stop abuse without stopping a
counselor: a limit per browser session, and a more generous one per network (the client
address from core.clientip; an IPv6 /64), both over the same window.

Windows are aligned to the clock (an hour window runs 14:00-15:00), so the page can say when
the limit resets.

Where the counts live, and which way it fails: in the default cache. With Redis
(REDIS_URL) they are shared by every worker and app server. With the default per-process
memory cache, or while Redis is down (core.cache falls back to memory), each worker
process counts on its own, so a client may get up to "limit x workers" actions: the limit
fails open, never closed.
"""

import ipaddress
import time
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Refusal:
    per: str  # "browser" or "network"
    limit: int
    resets_in: int  # seconds until the window ends


def _window(window_seconds: int, now: float) -> tuple[int, int]:
    """The current window's number and the seconds left in it."""
    number = int(now // window_seconds)
    return number, max(1, int((number + 1) * window_seconds - now))


def _keys(scope: str, request, window_number: int) -> dict[str, str]:
    keys = {"network": f"ratelimit:{scope}:net:{client_key(request)}:{window_number}"}
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        keys["browser"] = f"ratelimit:{scope}:session:{session_key}:{window_number}"
    return keys


def check(
    scope: str, request, *, per_browser: int, per_network: int, window_seconds: int, now=None
) -> Refusal | None:
    """A Refusal when the browser or its network has used up its limit in this window."""
    number, left = _window(window_seconds, time.time() if now is None else now)
    keys = _keys(scope, request, number)
    counts = cache.get_many(list(keys.values()))
    for per, limit in (("browser", per_browser), ("network", per_network)):
        if per in keys and (counts.get(keys[per]) or 0) >= limit:
            return Refusal(per=per, limit=limit, resets_in=left)
    return None


def record(scope: str, request, *, window_seconds: int, now=None) -> None:
    """Count one action for the browser and for its network."""
    number, left = _window(window_seconds, time.time() if now is None else now)
    for key in _keys(scope, request, number).values():
        cache.add(key, 0, timeout=left + 60)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=left + 60)
