"""One exchange seen in traffic, held without its key: only the key's digest is kept."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from conformance.run.curl import keyless
from conformance.run.exchange import Exchange
from contract import Operation, Spec

HIDDEN_HEADERS = ("cookie", "proxy-authorization", "x-api-key", "api-key")
HIDDEN = "[REDACTED]"
UNROUTED = "(no operation)"


def key_digest(key: str) -> str:
    """Who sent a request, told apart without keeping the key (a short SHA-256 digest)."""
    return hashlib.sha256(key.encode("utf-8", errors="replace")).hexdigest()[:16]


@dataclass
class Credentials:
    """How a request authenticated: `kind` is bearer, missing or malformed."""

    kind: str
    digest: str | None = None

    @classmethod
    def of(cls, value: str | None) -> Credentials:
        if value is None:
            return cls("missing")
        scheme, _, token = value.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip() and " " not in token.strip():
            return cls("bearer", key_digest(token.strip()))
        return cls("malformed")


@dataclass
class Seen:
    """A request and its answer as traffic showed them; bodies not recorded are None."""

    exchange: Exchange
    credentials: Credentials
    started_at: float  # Unix seconds the request started
    answered_at: float  # Unix seconds the answer ended
    request_recorded: bool = True
    answer_recorded: bool = True
    unreachable: bool = False  # the upstream could not be reached at all (not its answer)

    @property
    def path(self) -> str:
        return urlsplit(self.exchange.url).path

    @property
    def query(self) -> dict[str, str]:
        """The query's parameters, the first value of each."""
        parsed = parse_qs(urlsplit(self.exchange.url).query, keep_blank_values=True)
        return {name: values[0] for name, values in parsed.items()}

    def request_header(self, name: str) -> str | None:
        for header, value in self.exchange.headers.items():
            if header.lower() == name:
                return value
        return None

    def answer(self) -> Any:
        return self.exchange.json() if self.answer_recorded else None


def seen(
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]],
    body: bytes | None,
    status: int | None,
    response_headers: Iterable[tuple[str, str]],
    content: bytes | None,
    started_at: float,
    answered_at: float,
    error: str | None = None,
) -> Seen:
    """A Seen with the key swapped for its digest and other credentials hidden, at intake."""
    kept: dict[str, str] = {}
    authorization = None
    for name, value in headers:
        lower = name.lower()
        if lower == "authorization":
            authorization = value
            kept[name] = keyless(name, value)
        elif lower in HIDDEN_HEADERS:
            kept[name] = HIDDEN
        elif not lower.startswith(":"):  # HTTP/2 pseudo-headers (HAR from browsers)
            kept[name] = value
    answer_headers = httpx.Headers(
        [(n, v) for n, v in response_headers if n.lower() != "set-cookie" and n[:1] != ":"]
    )
    exchange = Exchange(
        UNROUTED,
        method.upper(),
        url,
        kept,
        body,
        status=status,
        response_headers=answer_headers,
        content=content or b"",
        error=error,
        elapsed=max(0.0, answered_at - started_at),
    )
    return Seen(
        exchange,
        Credentials.of(authorization),
        started_at,
        answered_at,
        request_recorded=body is not None or method.upper() in ("GET", "HEAD", "DELETE"),
        answer_recorded=content is not None,
    )


class Router:
    """Finds the spec operation of a request by its method and path (any prefix before the path)."""

    def __init__(self, spec: Spec) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Operation]] = []
        for op in spec.operations:
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(op.path))
            self._routes.append((op.method, re.compile(f"^(?:/.*)?{pattern}/?$"), op))
        # literal paths first, so POST /v2/artworks/quantum is never read as a poll by id
        self._routes.sort(key=lambda route: "{" in route[2].path)

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for route_method, pattern, op in self._routes:
            if route_method != method:
                continue
            found = pattern.match(path)
            if found:
                return op, found.groupdict()
        return None
