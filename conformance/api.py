"""Sends the kit's own requests: paced, bounded, counted, and reproducible as a curl line."""

from __future__ import annotations

import ipaddress
import json
import shlex
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from conformance.ledger import Failure, Ledger
from conformance.target import Settings, Target

PRIMARY = "primary"
BODY_SHOWN = 2000  # request bodies longer than this are summarised in reports (never in curl)
LONG_RUN = 4096  # a run of one byte this long is generated in the curl line, not spelled out
RETRY_429_ATTEMPTS = 3
RETRY_429_MAX_WAIT = 10.0
MAX_ANSWER_BYTES = 64 << 20


class Pacer:
    """Spaces requests so the kit never sends more than `max_rps` per second (safe on staging)."""

    def __init__(self, max_rps: float) -> None:
        self._interval = 1.0 / max_rps if max_rps > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            time.sleep(delay)


@dataclass
class Exchange:
    """One request the kit made and what came back (status None: no answer at all)."""

    operation: str
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int | None = None
    response_headers: httpx.Headers = field(default_factory=httpx.Headers)
    content: bytes = b""
    error: str | None = None
    elapsed: float = 0.0

    def json(self) -> Any:
        """The answer as JSON, or None when it is not JSON (or too deeply nested to read)."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError):
            return None

    def shown_body(self) -> str:
        """The request body for a report: JSON as is, anything large or binary summarised."""
        if self.body is None:
            return ""
        if len(self.body) > BODY_SHOWN:
            return f"<{len(self.body)} bytes starting {self.body[:60]!r}>"
        return self.body.decode("utf-8", errors="replace")

    def request_line(self) -> str:
        body = self.shown_body()
        return f"{self.method} {self.url}" + (f"\n\n{body}" if body else "")

    def curl(self) -> str:
        """A curl command that repeats the request; the key stays in the shell's $API_KEY."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.headers.items():
            if name.lower() == "authorization":
                scheme = value.split(" ", 1)[0] if " " in value else ""
                value = f"{scheme} $API_KEY".strip() if value else value
                parts += ["-H", f'"{name}: {value}"']
                continue
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.body is not None:
            parts += _curl_body(self.body)
        return " ".join(parts)

    def failure(self, rule: str, message: str, expected: str = "", seen: str = "") -> Failure:
        if not seen:
            seen = self.describe()
        return Failure(
            rule, self.operation, message, expected, seen, self.request_line(), self.curl()
        )

    def describe_file(self) -> str:
        """A fetched file, told without copying its bytes into a report."""
        if self.status is None:
            return f"no answer: {self.error}"
        kind = self.response_headers.get("content-type", "no Content-Type")
        return f"{self.status} {kind}, {len(self.content)} bytes"

    def describe(self) -> str:
        if self.status is None:
            return f"no answer: {self.error}"
        text = self.content[:300].decode("utf-8", errors="replace")
        return f"{self.status} {text}"


class Api:
    """The kit's HTTP client for one target: keys, pacing, counting, ERR-1/SEC-1 on every answer."""

    def __init__(self, target: Target, settings: Settings, ledger: Ledger) -> None:
        self.target = target
        self.ledger = ledger
        self._pacer = Pacer(settings.max_rps)
        self._trusted_hosts = {httpx.URL(target.base_url).host, settings.sidecar_host}
        self._deadline = settings.request_timeout * 2
        self._client = httpx.Client(
            base_url=target.base_url,
            timeout=httpx.Timeout(settings.request_timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=20),
        )

    def close(self) -> None:
        self._client.close()

    def key(self, which: str | None) -> str | None:
        if which == PRIMARY:
            return self.target.api_key
        return which

    def call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        key: str | None = PRIMARY,
        json_body: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        authorization: str | None = None,
        paced: bool = True,
        retry_on_429: bool = True,
    ) -> Exchange:
        """Send one request; wait out a 429 (bounded) unless the check is about rate limits."""
        sent_headers = dict(headers or {})
        secret = self.key(key)
        if authorization is not None:
            sent_headers["Authorization"] = authorization
        elif secret is not None:
            sent_headers["Authorization"] = f"Bearer {secret}"
        body = content
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        request = self._client.build_request(
            method, path, content=body, headers=sent_headers, params=params
        )
        exchange = Exchange(operation, method, str(request.url), sent_headers, body)
        for _attempt in range(RETRY_429_ATTEMPTS):
            if paced:
                self._pacer.wait()
            self._send(request, exchange)
            if exchange.status != 429 or not retry_on_429:
                break
            time.sleep(min(_retry_after(exchange), RETRY_429_MAX_WAIT))
        self._check_every_answer(exchange)
        return exchange

    def fetch(self, operation: str, url: str) -> Exchange:
        """GET a URL the target handed out (a result image), without the key, if it is safe to."""
        exchange = Exchange(operation, "GET", url, {}, None)
        refusal = self._unsafe(url)
        if refusal is not None:
            exchange.error = refusal
            return exchange
        self._pacer.wait()
        self._send(self._client.build_request("GET", url), exchange)
        return exchange

    def _unsafe(self, url: str) -> str | None:
        """Why the kit will not fetch `url`: the target must not aim the kit at private hosts."""
        try:
            parts = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return f"not a URL: {url[:80]!r}"
        if parts.scheme not in ("http", "https") or not parts.host:
            return f"not an absolute http(s) URL: {url[:80]!r}"
        if parts.host in self._trusted_hosts:
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

    def _send(self, request: httpx.Request, exchange: Exchange) -> None:
        """Send with a cap on the answer's size and on the whole exchange's time."""
        started = time.monotonic()
        exchange.error = None
        try:
            response = self._client.send(request, stream=True)
        except httpx.LocalProtocolError:
            raise  # the kit built a request HTTP cannot carry: a bug here, not in the target
        except httpx.HTTPError as error:
            exchange.status, exchange.error = None, f"{type(error).__name__}: {error}"
        else:
            exchange.status = response.status_code
            exchange.response_headers = response.headers
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    chunks.append(chunk)
                    if size > MAX_ANSWER_BYTES or time.monotonic() - started > self._deadline:
                        exchange.error = f"answer cut after {size} bytes / {self._deadline:.0f} s"
                        break
            except httpx.HTTPError as error:
                exchange.status, exchange.error = None, f"{type(error).__name__}: {error}"
            finally:
                response.close()
            exchange.content = b"".join(chunks)
        exchange.elapsed = time.monotonic() - started
        self.ledger.count_call(exchange.status)

    def _check_every_answer(self, exchange: Exchange) -> None:
        """SEC-1 and ERR-1 hold for every answer, whatever the check that asked."""
        if exchange.status is None or exchange.status >= 500:
            self.ledger.failed(
                exchange.failure("SEC-1", "the server failed or dropped the request")
            )
        else:
            self.ledger.passed("SEC-1", exchange.operation)
        if exchange.status is not None and exchange.status >= 400:
            problem = error_body_problem(exchange.status, exchange.json())
            if problem:
                self.ledger.failed(exchange.failure("ERR-1", problem, "the contract's error body"))
            else:
                self.ledger.passed("ERR-1", exchange.operation)


def _curl_body(body: bytes) -> list[str]:
    """curl arguments that send exactly `body`: literal when short and text, else generated."""
    start, length = _longest_run(body)
    if length < LONG_RUN:
        try:
            return ["--data-raw", shlex.quote(body.decode("utf-8"))]
        except UnicodeDecodeError:
            start, length = 0, 0
    head, filler, tail = body[:start], body[start : start + 1], body[start + length :]
    program = f"import sys; sys.stdout.buffer.write({head!r} + {filler!r} * {length} + {tail!r})"
    return ["--data-binary", f"@<(python3 -c {shlex.quote(program)})"]


def _longest_run(data: bytes) -> tuple[int, int]:
    """Where the longest run of one repeated byte starts, and how long it is."""
    best_start, best_length, start = 0, 0, 0
    for index in range(1, len(data) + 1):
        if index == len(data) or data[index] != data[start]:
            if index - start > best_length:
                best_start, best_length = start, index - start
            start = index
    return best_start, best_length


def error_body_problem(status: int, body: Any) -> str | None:
    """What is wrong with an error answer's body per ERR-1, or None."""
    if not isinstance(body, dict):
        return "the error answer is not a JSON object"
    if not isinstance(body.get("message"), str):
        return "the error body has no string `message`"
    code = body.get("statusCode")
    if not isinstance(code, int) or isinstance(code, bool) or code != status:
        return f"the error body's statusCode is {code!r}, not the HTTP status {status}"
    if "error" in body and not isinstance(body["error"], str):
        return "the error body's `error` is not a string"
    return None


def _retry_after(exchange: Exchange) -> float:
    try:
        return max(0.0, float(exchange.response_headers.get("retry-after", "1")))
    except ValueError:
        return 1.0
