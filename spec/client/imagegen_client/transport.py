"""Builds the httpx.Client arguments that give every generated call retries and typed errors."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from typing import Any

import httpx

from .errors import error_from_response
from .retry import AsyncRetryTransport, RetryPolicy, RetryTransport

__all__ = ["DEFAULT_TIMEOUT", "async_httpx_args", "sync_httpx_args"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""30 s to read, write or wait for a pooled connection, 5 s to connect: finite, never None."""

_TRANSPORT_KEYS = ("cert", "http1", "http2", "limits", "trust_env")


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
) -> dict[str, Any]:
    """The caller's httpx_args plus a retrying transport and the typed-error hook."""
    args = dict(httpx_args)
    if retry is not None and retry.max_attempts > 1:
        inner = args.get("transport") or httpx.HTTPTransport(**_transport_kwargs(args, verify))
        args["transport"] = RetryTransport(inner, retry)
    if raise_on_error:
        _with_hook(args, _raise_for_status)
    return args


def async_httpx_args(
    httpx_args: dict[str, Any],
    *,
    retry: RetryPolicy | None,
    raise_on_error: bool,
    verify: str | bool | ssl.SSLContext,
) -> dict[str, Any]:
    """The caller's httpx_args plus an async retrying transport and the typed-error hook."""
    args = dict(httpx_args)
    if retry is not None and retry.max_attempts > 1:
        inner = args.get("transport") or httpx.AsyncHTTPTransport(**_transport_kwargs(args, verify))
        args["transport"] = AsyncRetryTransport(inner, retry)
    if raise_on_error:
        _with_hook(args, _araise_for_status)
    return args
