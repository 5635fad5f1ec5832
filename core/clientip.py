"""The client's address, the one rule for it.

Behind reverse proxies, REMOTE_ADDR is the nearest proxy's address and the client's is in
X-Forwarded-For, which each proxy extends with the address it saw. gunicorn does not rewrite
REMOTE_ADDR, so the site reads the header itself, and only as far as it can trust it:

- `TRUSTED_PROXY_HOPS` (env `MLT_TRUSTED_PROXY_HOPS`, default 0) says how many proxies stand in
  front of the app. With 0 the header is ignored: anyone can send one.
- The header is read only when the connection comes from `TRUSTED_PROXY_NETWORKS` (env
  `MLT_TRUSTED_PROXY_NETWORKS`, default loopback): a client that reaches the app server
  directly cannot pass itself off as someone else.
- With N hops the client is the N-th address from the right of X-Forwarded-For plus
  REMOTE_ADDR. Entries further left were written by the client and are never used.

django-axes (AXES_CLIENT_IP_CALLABLE) and the shortlist rate limit both call `client_ip`.
"""

import ipaddress

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(value: str) -> Address | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For entry (IPv6 may be in brackets,
    an IPv4 address may carry a port); IPv4-mapped IPv6 becomes plain IPv4. None if it is
    not an address."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.TRUSTED_PROXY_NETWORKS]


def client_address(request) -> Address | None:
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0 or remote is None:
        return remote
    if not any(remote in network for network in trusted_networks()):
        return remote  # not from our proxy: its X-Forwarded-For proves nothing
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(chain) < hops:
        # A proxy in the chain did not add its entry: the nearest one is all we know.
        return remote
    return parse_address(chain[-hops]) or remote


def client_ip(request) -> str | None:
    """The client's address as text (django-axes' AXES_CLIENT_IP_CALLABLE)."""
    address = client_address(request)
    return str(address) if address is not None else None
