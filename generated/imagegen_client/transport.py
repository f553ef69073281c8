"""Builds the httpx.Client arguments that give every generated call pacing, retries, a log line and
typed errors, over connection pools that clients derived with `with_options` share.

Proxies go under that stack, never beside it: httpx ignores the environment's proxies once it is
given a transport, and mounts a bare transport for `proxy=`, so this module reads `proxy=`,
`mounts=` and (with `trust_env`, the default) HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY
itself and routes each request to its proxy's pool below the one retrying, pacing transport.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx
from httpx._utils import URLPattern, get_environment_proxies

from .errors import ConfigurationError, error_from_response
from .pacing import Pacer
from .requestlog import RequestLog
from .retry import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = [
    "DEFAULT_TIMEOUT",
    "Connections",
    "adopt_async_httpx_client",
    "adopt_httpx_client",
    "as_timeout",
    "async_httpx_args",
    "sync_httpx_args",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""30 s to read, write or wait for a pooled connection, 5 s to connect: finite, never None."""


def as_timeout(value: httpx.Timeout | float | None) -> httpx.Timeout | None:
    """A timeout given as seconds becomes an httpx.Timeout of that many seconds for each phase."""
    return httpx.Timeout(value) if isinstance(value, int | float) else value


_TRANSPORT_KEYS = ("cert", "http1", "http2", "limits", "trust_env")
_ROUTING_KEYS = ("transport", "proxy", "mounts")
"""httpx_args that choose where a request goes: kept from httpx, so it adds no bare transport."""
Pool = TypeVar("Pool", httpx.BaseTransport, httpx.AsyncBaseTransport)


_CLOSED = "this client shares the connections of the client it was derived from (with_options), which has been closed"


class _SharedPool(httpx.BaseTransport):
    """A sync pool several clients send through; once its owner closes it, it refuses requests."""

    def __init__(self, pool: httpx.BaseTransport) -> None:
        self.pool = pool
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.closed:
            raise RuntimeError(_CLOSED)
        return self.pool.handle_request(request)

    def close(self) -> None:
        self.closed = True
        self.pool.close()


class _SharedAsyncPool(httpx.AsyncBaseTransport):
    """The async twin of _SharedPool."""

    def __init__(self, pool: httpx.AsyncBaseTransport) -> None:
        self.pool = pool
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.closed:
            raise RuntimeError(_CLOSED)
        return await self.pool.handle_async_request(request)

    async def aclose(self) -> None:
        self.closed = True
        await self.pool.aclose()


class Connections:
    """The sync and async connection pools of one client, made on first use and then shared with
    the clients with_options derives from it; they close with that client (its `with` block)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sync: _SharedPool | None = None
        self._async: _SharedAsyncPool | None = None

    def sync_pool(self, make: Callable[[], httpx.BaseTransport]) -> httpx.BaseTransport:
        """The sync pool, made by `make` the first time any client sharing it needs one."""
        with self._lock:
            if self._sync is None:
                self._sync = _SharedPool(make())
            return self._sync

    def async_pool(self, make: Callable[[], httpx.AsyncBaseTransport]) -> httpx.AsyncBaseTransport:
        """The async pool, made by `make` the first time any client sharing it needs one."""
        with self._lock:
            if self._async is None:
                self._async = _SharedAsyncPool(make())
            return self._async


class _Routes(Generic[Pool]):
    """Which pool a URL goes to: the first matching proxy or mount (httpx's own order), else the
    direct one; a NO_PROXY entry routes to the direct pool."""

    def __init__(self, direct: Pool, routes: dict[URLPattern, Pool | None]) -> None:
        self.direct: Pool = direct
        self.routes: dict[URLPattern, Pool | None] = dict(sorted(routes.items()))

    def pool_for(self, url: httpx.URL) -> Pool:
        for pattern, pool in self.routes.items():
            if pattern.matches(url):
                return self.direct if pool is None else pool
        return self.direct

    def pools(self) -> list[Pool]:
        pools = [self.direct]
        pools.extend(pool for pool in self.routes.values() if pool is not None)
        return pools


class _Routed(httpx.BaseTransport):
    """A sync pool per proxy under one transport stack."""

    def __init__(self, routes: _Routes[httpx.BaseTransport]) -> None:
        self.routes = routes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.routes.pool_for(request.url).handle_request(request)

    def close(self) -> None:
        for pool in self.routes.pools():
            pool.close()


class _AsyncRouted(httpx.AsyncBaseTransport):
    """The async twin of _Routed."""

    def __init__(self, routes: _Routes[httpx.AsyncBaseTransport]) -> None:
        self.routes = routes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.routes.pool_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self.routes.pools():
            await pool.aclose()


def _proxies(args: dict[str, Any]) -> dict[str, httpx.Proxy | str | None]:
    """The proxy of each URL pattern: `proxy=` for all, else the environment's (as httpx reads it
    when it makes its own transport); taken out of `args` so httpx mounts no bare transport."""
    proxy = args.pop("proxy", None)
    if proxy is not None:
        if "transport" in args:
            raise ConfigurationError("give proxy= or transport= in httpx_args, not both")
        return {"all://": proxy}
    if args.get("trust_env", True) and "transport" not in args:
        return dict(get_environment_proxies())
    return {}


def _pools(args: dict[str, Any], verify: str | bool | ssl.SSLContext, transport: Callable[..., Pool]) -> _Routes[Pool]:
    """The direct pool and one per proxy or mount, each with the client's transport settings."""
    settings = _transport_kwargs(args, verify)
    routes: dict[URLPattern, Pool | None] = {
        URLPattern(pattern): None if proxy is None else transport(proxy=proxy, **settings)
        for pattern, proxy in _proxies(args).items()
    }
    direct = args.pop("transport", None) or transport(**settings)
    mounts = args.pop("mounts", None) or {}
    routes.update({URLPattern(key): mount for key, mount in mounts.items()})
    return _Routes(direct, routes)


def _sync_pool(args: dict[str, Any], verify: str | bool | ssl.SSLContext) -> httpx.BaseTransport:
    routes = _pools(args, verify, httpx.HTTPTransport)
    return _Routed(routes) if routes.routes else routes.direct


def _async_pool(args: dict[str, Any], verify: str | bool | ssl.SSLContext) -> httpx.AsyncBaseTransport:
    routes = _pools(args, verify, httpx.AsyncHTTPTransport)
    return _AsyncRouted(routes) if routes.routes else routes.direct


def _raise_for_status(response: httpx.Response) -> None:
    """Response hook: turn a 4xx/5xx into the matching ApiError subclass."""
    if response.status_code >= 400:
        response.read()
        raise error_from_response(response)


async def _araise_for_status(response: httpx.Response) -> None:
    """Async response hook: turn a 4xx/5xx into the matching ApiError subclass."""
    if response.status_code >= 400:
        await response.aread()
        raise error_from_response(response)


def _with_hook(args: dict[str, Any], hook: Callable[..., Any]) -> None:
    """Appends a response hook after any the caller passed in httpx_args."""
    hooks = dict(args.get("event_hooks") or {})
    hooks["response"] = [*hooks.get("response", []), hook]
    hooks.setdefault("request", [])
    args["event_hooks"] = hooks


def _transport_kwargs(args: dict[str, Any], verify: str | bool | ssl.SSLContext) -> dict[str, Any]:
    """The settings httpx would give its default transport, for the one we build to wrap."""
    kwargs: dict[str, Any] = {key: args[key] for key in _TRANSPORT_KEYS if key in args}
    kwargs["verify"] = verify
    return kwargs


def sync_httpx_args(
    httpx_args: dict[str, Any],
    *,
    retry: RetryPolicy | None,
    raise_on_error: bool,
    verify: str | bool | ssl.SSLContext,
    pacer: Pacer | None,
    connections: Connections,
    owns_connections: bool,
) -> dict[str, Any]:
    """The caller's httpx_args over the shared pool: paced, retried, logged, with typed errors."""
    args = dict(httpx_args)
    routing: dict[str, Any] = {k: args.pop(k) for k in _ROUTING_KEYS if k in args}
    pool = connections.sync_pool(lambda: _sync_pool({**args, **routing}, verify))
    args["transport"] = RetryTransport(
        pool,
        retry or RetryPolicy.off(),
        pacer=pacer,
        log=RequestLog(),
        owns_transport=owns_connections,
    )
    if raise_on_error:
        _with_hook(args, _raise_for_status)
    return args


def async_httpx_args(
    httpx_args: dict[str, Any],
    *,
    retry: RetryPolicy | None,
    raise_on_error: bool,
    verify: str | bool | ssl.SSLContext,
    pacer: Pacer | None,
    connections: Connections,
    owns_connections: bool,
) -> dict[str, Any]:
    """The async twin of sync_httpx_args, over the shared async pool."""
    args = dict(httpx_args)
    routing: dict[str, Any] = {k: args.pop(k) for k in _ROUTING_KEYS if k in args}
    pool = connections.async_pool(lambda: _async_pool({**args, **routing}, verify))
    args["transport"] = AsyncRetryTransport(
        pool,
        retry or RetryPolicy.off(),
        pacer=pacer,
        log=RequestLog(),
        owns_transport=owns_connections,
    )
    if raise_on_error:
        _with_hook(args, _araise_for_status)
    return args


_NOT_ADOPTABLE = (
    "this {kind} cannot be given the client's retries, pacing and logging (its transports are "
    "not where this httpx version keeps them); pass its settings as httpx_args instead"
)


def _adopt(
    client: httpx.Client | httpx.AsyncClient,
    wrapped: Callable[[Any], Any],
    hook: Callable[..., Any] | None,
) -> None:
    """Wraps the client's transport and every mount (a proxy's included) and adds the hook."""
    client._transport = wrapped(client._transport)
    client._mounts = {pattern: None if mount is None else wrapped(mount) for pattern, mount in client._mounts.items()}
    if hook is not None:
        hooks = dict(client.event_hooks)
        hooks["response"] = [*hooks.get("response", []), hook]
        client.event_hooks = hooks


def adopt_httpx_client(
    client: httpx.Client, *, retry: RetryPolicy | None, raise_on_error: bool, pacer: Pacer | None
) -> httpx.Client:
    """A caller's own httpx.Client with every transport (proxies and mounts too) wrapped in the
    client's stack, so it keeps pacing, retries, logging and typed errors; or a clear refusal."""
    if not isinstance(getattr(client, "_transport", None), httpx.BaseTransport):
        raise ConfigurationError(_NOT_ADOPTABLE.format(kind="httpx.Client"))
    policy = retry or RetryPolicy.off()

    def wrapped(transport: httpx.BaseTransport) -> httpx.BaseTransport:
        return RetryTransport(transport, policy, pacer=pacer, log=RequestLog())

    _adopt(client, wrapped, _raise_for_status if raise_on_error else None)
    return client


def adopt_async_httpx_client(
    client: httpx.AsyncClient,
    *,
    retry: RetryPolicy | None,
    raise_on_error: bool,
    pacer: Pacer | None,
) -> httpx.AsyncClient:
    """The async twin of adopt_httpx_client."""
    if not isinstance(getattr(client, "_transport", None), httpx.AsyncBaseTransport):
        raise ConfigurationError(_NOT_ADOPTABLE.format(kind="httpx.AsyncClient"))
    policy = retry or RetryPolicy.off()

    def wrapped(transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        return AsyncRetryTransport(transport, policy, pacer=pacer, log=RequestLog())

    _adopt(client, wrapped, _araise_for_status if raise_on_error else None)
    return client
