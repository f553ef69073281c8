"""Sends the kit's own requests: paced, bounded and counted; judging them is for the observers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from conformance.run.exchange import Exchange
from conformance.run.guard import unsafe_reason
from conformance.run.ledger import Ledger
from conformance.run.target import Settings, Target
from conformance.run.throttle import RATE_LIMITED, Throttle, ThrottleLimits, retry_after

PRIMARY = "primary"
MAX_ANSWER_BYTES = 64 << 20


class Api:
    """The kit's HTTP client for one target: keys, pacing, caps; observers judge each answer."""

    def __init__(
        self,
        target: Target,
        settings: Settings,
        ledger: Ledger,
        observers: Sequence[Callable[[Exchange], None]] = (),
        recorders: Sequence[Callable[[Exchange], None]] = (),
    ) -> None:
        self.target = target
        self._observers = tuple(observers)
        self._recorders = tuple(recorders)  # see every exchange, result fetches included
        self.ledger = ledger
        self.throttle = Throttle(settings.max_rps)
        self.limits = ThrottleLimits()
        self._trusted_hosts = {httpx.URL(target.base_url).host, settings.sidecar_host}
        self._deadline = settings.request_timeout * 2
        self._client = httpx.Client(
            base_url=target.base_url,
            timeout=httpx.Timeout(settings.request_timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=max(20, settings.concurrency)),
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
        if retry_on_429:
            self._send_until_answered(request, exchange)
        else:  # the check is about the rate limit itself: the 429 is its answer
            if paced:
                self.throttle.wait()
            self._send(request, exchange)
        for observe in (*self._observers, *self._recorders):
            observe(exchange)
        return exchange

    def _send_until_answered(self, request: httpx.Request, exchange: Exchange) -> None:
        """Send; on 429 wait as told and send the same request again, within the limits."""
        held = 0.0
        for attempt in range(1, self.limits.attempts + 1):
            self.throttle.wait()
            self._send(request, exchange)
            if exchange.status != RATE_LIMITED:
                self.throttle.answered()
                return
            delay = retry_after(exchange.response_headers)
            self.throttle.throttled(delay)
            held += delay
            if attempt == self.limits.attempts or held > self.limits.seconds:
                break
        exchange.throttled = True

    def fetch(self, operation: str, url: str) -> Exchange:
        """GET a URL the target handed out (a result image), without the key, if it is safe to."""
        exchange = Exchange(operation, "GET", url, {}, None)
        refusal = unsafe_reason(url, self._trusted_hosts)
        if refusal is not None:
            exchange.error = refusal
            return exchange
        self._send_until_answered(self._client.build_request("GET", url), exchange)
        for record in self._recorders:
            record(exchange)
        return exchange

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
