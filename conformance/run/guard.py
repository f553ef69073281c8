"""Which URLs the kit will fetch: a target must not aim the kit at private hosts (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Collection

import httpx


def unsafe_reason(url: str, trusted_hosts: Collection[str]) -> str | None:
    """Why the kit will not fetch `url`, or None when it may (trusted hosts always may)."""
    try:
        parts = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return f"not a URL: {url[:80]!r}"
    if parts.scheme not in ("http", "https") or not parts.host:
        return f"not an absolute http(s) URL: {url[:80]!r}"
    if parts.host in trusted_hosts:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.host, parts.port or 443)}
    except (OSError, UnicodeError):
        return f"cannot resolve {parts.host}"
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
        if not ip.is_global:
            return f"{parts.host} is a non-public address ({ip}); the kit does not fetch it"
    return None
