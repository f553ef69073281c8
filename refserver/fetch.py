"""Outbound HTTP under the HOOK-4 policy: source images and webhooks reach public hosts only."""

from __future__ import annotations

import asyncio
import io
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import anyio.to_thread
import httpx
from PIL import Image

METADATA_HOSTS = frozenset(
    {"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "100.100.100.200"}
)
MAX_REDIRECTS = 3
MAX_SOURCE_PIXELS = 25_000_000


class UrlRejected(ValueError):
    """A URL that HOOK-4 forbids; the message says why."""


class FetchError(Exception):
    """A source image that could not be fetched or decoded (the task ends `failed`)."""


@dataclass(frozen=True)
class Target:
    """A checked URL split into what the policy and the connection need."""

    url: str
    host: str
    port: int
    allow_listed: bool


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names without DNS, including shorthand IPv4 such as `127.1`."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast and str(address) not in METADATA_HOSTS


class UrlPolicy:
    """HOOK-4: absolute https to public hosts, except exact host:port pairs on the allow-list."""

    def __init__(
        self, allow: frozenset[str], *, relax_loopback: bool = False, relax_metadata: bool = False
    ) -> None:
        self.allow = frozenset(_normalise_pair(pair) for pair in allow)
        self.relax_loopback = relax_loopback
        self.relax_metadata = relax_metadata  # fault hook-4-metadata (connections stay refused)

    def check(self, url: str) -> Target:
        """Check a URL without DNS (request time); raise `UrlRejected` with the reason."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise UrlRejected(f"{url!r} is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UrlRejected("the URL must be absolute http(s) with a host")
        host = parts.hostname.rstrip(".").lower()
        port = port if port is not None else (443 if parts.scheme == "https" else 80)
        if f"{host}:{port}" in self.allow:
            return Target(url, host, port, allow_listed=True)
        literal = _ip_literal(host)
        if self.relax_loopback and literal is not None and literal.is_loopback:
            return Target(url, host, port, allow_listed=True)
        if self.relax_metadata and host.strip("[]") in METADATA_HOSTS:
            return Target(url, host, port, allow_listed=False)
        if parts.scheme != "https":
            raise UrlRejected("the URL must use https")
        if host in METADATA_HOSTS or host == "localhost" or host.endswith(".localhost"):
            raise UrlRejected(f"the host {host!r} is not public")
        if literal is not None and not _is_public(literal):
            raise UrlRejected(f"the address {host!r} is not public")
        return Target(url, host, port, allow_listed=False)

    async def check_resolved(self, url: str) -> Target:
        """Check a URL again just before connecting, with the addresses its host resolves to."""
        target = self.check(url)
        if target.allow_listed:
            return target
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM
            )
        except OSError as error:
            raise UrlRejected(f"cannot resolve {target.host!r}: {error}") from None
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if not _is_public(address):
                raise UrlRejected(f"{target.host!r} resolves to a non-public address")
        return target


def _normalise_pair(pair: str) -> str:
    host, _, port = pair.rpartition(":")
    return f"{host.strip('[]').lower()}:{port}"


class Fetcher:
    """Fetches source images under the policy, with a timeout, a size cap and checked redirects."""

    def __init__(
        self, policy: UrlPolicy, client: httpx.AsyncClient, timeout: float, max_bytes: int
    ) -> None:
        self.policy = policy
        self.client = client
        self.timeout = timeout
        self.max_bytes = max_bytes

    async def get_bytes(self, url: str) -> bytes:
        """The body of a 200 answer, following at most a few redirects, each one re-checked."""
        try:
            with anyio.fail_after(self.timeout):
                for _ in range(MAX_REDIRECTS + 1):
                    await self.policy.check_resolved(url)
                    async with self.client.stream("GET", url, timeout=self.timeout) as response:
                        if response.is_redirect and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        if response.status_code != 200:
                            raise FetchError(f"the source answered {response.status_code}")
                        return await self._read_capped(response)
                raise FetchError("too many redirects")
        except UrlRejected as error:
            raise FetchError(str(error)) from None
        except (httpx.HTTPError, TimeoutError, OSError) as error:
            raise FetchError(f"cannot fetch the source image: {type(error).__name__}") from None

    async def _read_capped(self, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        total = 0
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > self.max_bytes:
                raise FetchError(f"the source image is over {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def image_size(self, url: str) -> tuple[int, int]:
        """Fetch and decode a source image; its (width, height)."""
        data = await self.get_bytes(url)
        return await anyio.to_thread.run_sync(decode_size, data)


def decode_size(data: bytes) -> tuple[int, int]:
    """Decode an image fully enough to trust its size; raise `FetchError` if it is not one."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_SOURCE_PIXELS:
                raise FetchError(f"the source image is over {MAX_SOURCE_PIXELS} pixels")
            image.verify()
            return int(width), int(height)
    except FetchError:
        raise
    except Exception as error:
        raise FetchError(f"cannot decode the source image: {type(error).__name__}") from None
