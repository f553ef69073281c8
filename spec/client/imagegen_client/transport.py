"""Builds the httpx.Client arguments that give every generated call pacing, retries, a log line and
typed errors, over connection pools that clients derived with `with_options` share."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from typing import Any

import httpx

from .errors import error_from_response
from .pacing import Pacer
from .requestlog import RequestLog
from .retry import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = ["DEFAULT_TIMEOUT", "Connections", "async_httpx_args", "sync_httpx_args"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""30 s to read, write or wait for a pooled connection, 5 s to connect: finite, never None."""

_TRANSPORT_KEYS = ("cert", "http1", "http2", "limits", "trust_env")


_CLOSED = (
    "this client shares the connections of the client it was derived from (with_options), "
    "which has been closed"
)


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
    pool = connections.sync_pool(
        lambda: args.get("transport") or httpx.HTTPTransport(**_transport_kwargs(args, verify))
    )
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
    pool = connections.async_pool(
        lambda: args.get("transport") or httpx.AsyncHTTPTransport(**_transport_kwargs(args, verify))
    )
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
