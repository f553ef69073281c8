"""The reverse proxy: forwards each exchange unchanged, streams answers, gives the judge a copy."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx
from starlette.types import Receive, Scope, Send

from conformance.passive.forwarded import Forwarded
from conformance.passive.harfile import Recorded
from conformance.passive.judge import Judge
from conformance.passive.seen import Seen, seen
from conformance.run.guard import unsafe_reason

# Hop-by-hop headers (RFC 9110 7.6.1) are the connection's, not the message's: never forwarded.
HOP_HEADERS = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
     "upgrade", "host"}
)  # fmt: skip
HOP_BYTES = frozenset(name.encode() for name in HOP_HEADERS)
# What httpcore raises when the upstream cannot be reached, is too slow, or drops the answer.
UPSTREAM_ERRORS = (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError)
JUDGED_BYTES = 32 << 20  # an answer larger than this is forwarded whole but not judged
POOLS = 8  # upstream connection pools, each client connection pinned to one
MAX_PENDING = 2000  # exchanges waiting for the judge; past this they are counted, not judged


@dataclass(frozen=True)
class ProxyOptions:
    upstream: str
    timeout: float = 60.0  # seconds an upstream answer may take (a hanging upstream gets 504)
    fetch_results: bool = False
    tap: Callable[[Recorded], None] | None = field(default=None, compare=False)  # raw copies


def error_body(status: int, message: str, error: str) -> bytes:
    """The contract's error body (ERR-1), for what the proxy itself must answer."""
    return json.dumps({"message": message, "statusCode": status, "error": error}).encode()


class Proxy:
    """An ASGI app that forwards to `upstream`; the judge runs in its own thread, in order."""

    def __init__(self, options: ProxyOptions, judge: Judge) -> None:
        self.options = options
        self.upstream = httpx.URL(options.upstream.rstrip("/"))
        self.judge = judge
        self.judging = ThreadPoolExecutor(1, thread_name_prefix="judge")
        self.pending = 0
        self._pending_lock = threading.Lock()
        self.not_judged = 0
        self.fetching = 0  # --fetch-results requests in flight
        self.judge_errors: list[str] = []  # the last few exchanges the judge could not judge
        self._clients: list[httpx.AsyncClient] = []
        self._pools: list[httpcore.AsyncConnectionPool] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        wait = options.timeout
        self._timeouts = {
            "timeout": {"connect": min(10.0, wait), "read": wait, "write": wait, "pool": wait}
        }
        self._host = (b"host", self.upstream.netloc)
        self._origin = str(self.upstream.copy_with(raw_path=b"/"))[:-1]
        if options.fetch_results:
            judge.fetch_wanted = []

    def client(self, downstream: Any = None) -> httpx.AsyncClient:
        """An upstream client; a client connection always gets the same one of a few pools.

        httpcore's pool costs grow with the requests waiting in it: small pools keep that short.
        """
        if not self._clients:
            timeout = httpx.Timeout(self.options.timeout, connect=min(10.0, self.options.timeout))
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
            self._clients = [
                httpx.AsyncClient(timeout=timeout, follow_redirects=False, limits=limits)
                for _ in range(POOLS)
            ]
            self._loop = asyncio.get_running_loop()
        return self._clients[hash(downstream) % POOLS]

    def pool(self, downstream: Any) -> httpcore.AsyncConnectionPool:
        """The raw upstream pool for forwarding: httpcore alone, without httpx's per-request work.

        A client connection always gets the same one of a few pools: httpcore's pool costs grow
        with the requests waiting in it, so small pools keep that short.
        """
        if not self._pools:
            self._pools = [
                httpcore.AsyncConnectionPool(max_connections=64, max_keepalive_connections=32)
                for _ in range(POOLS)
            ]
            self._loop = asyncio.get_running_loop()
        return self._pools[hash(downstream) % POOLS]

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
        for pool in self._pools:
            await pool.aclose()
        self.judging.shutdown(wait=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.time()
        method = scope["method"].encode()
        body = await _body(receive)
        path = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        target = path + (b"?" + query if query else b"")
        headers: list[tuple[bytes, bytes]] = [
            (name, value) for name, value in scope["headers"] if name.lower() not in HOP_BYTES
        ]
        upstream_headers = [self._host, *headers]
        if body and not any(name.lower() == b"content-length" for name, _ in headers):
            upstream_headers.append((b"content-length", str(len(body)).encode()))
        url = httpcore.URL(
            scheme=self.upstream.raw_scheme,
            host=self.upstream.raw_host,
            port=self.upstream.port,
            target=target,
        )
        request = httpcore.Request(
            method, url, headers=upstream_headers, content=body, extensions=self._timeouts
        )
        try:
            response = await self.pool(scope.get("client")).handle_async_request(request)
        except UPSTREAM_ERRORS as error:
            timeout = isinstance(error, httpcore.TimeoutException)
            status, reason = (504, "Gateway Timeout") if timeout else (502, "Bad Gateway")
            why = "did not answer in time" if timeout else "cannot be reached"
            await self._refuse(send, status, reason, f"the upstream {why}: {type(error).__name__}")
            unreachable = isinstance(error, httpcore.ConnectError)
            gone = Forwarded(method, self._origin, target, headers, body, started, error=error)
            gone.unreachable = unreachable
            self._hand(gone)
            return
        kept: list[bytes] | None = []
        size = 0
        error_text = None
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status,
                    "headers": [
                        (name, value)
                        for name, value in response.headers
                        if name.lower() not in HOP_BYTES
                    ],
                }
            )
            async for chunk in response.aiter_stream():
                size += len(chunk)
                if kept is not None:
                    kept.append(chunk)
                    if size > JUDGED_BYTES:
                        kept = None
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except UPSTREAM_ERRORS as error:  # the upstream dropped the answer half way
            error_text, kept = type(error).__name__, None
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()
        self._hand(
            Forwarded(
                method, self._origin, target, headers, body, started, time.time(),
                None if error_text else response.status, response.headers, kept, error_text,
                tap=self.options.tap,
            )
        )  # fmt: skip

    async def _refuse(self, send: Send, status: int, reason: str, message: str) -> None:
        payload = error_body(status, message, reason)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    def _hand(self, item: Seen | Forwarded) -> None:
        """Queue an exchange for the judge, unless the judge is too far behind (then count it)."""
        with self._pending_lock:
            if self.pending >= MAX_PENDING:
                self.not_judged += 1
                return
            self.pending += 1
        self.judging.submit(self._judge, item)

    def _judge(self, item: Seen | Forwarded) -> None:
        try:
            self.judge.observe(item.seen() if isinstance(item, Forwarded) else item)
        except Exception as error:  # a bug of the judge's must not stop the forwarding
            self.judge_errors.append(f"{type(error).__name__}: {error}"[:300])
            del self.judge_errors[:-5]
        try:
            wanted = self.judge.fetch_wanted
            if wanted and self._loop is not None:
                urls, wanted[:] = list(wanted), []
                for url in urls:
                    with self._pending_lock:
                        self.fetching += 1
                    asyncio.run_coroutine_threadsafe(self._fetch(url), self._loop)
        finally:
            with self._pending_lock:
                self.pending -= 1

    def settled(self) -> bool:
        """Nothing waits for the judge and no result fetch is in flight (tests wait for this)."""
        with self._pending_lock:
            return self.pending == 0 and self.fetching == 0

    async def _fetch(self, url: str) -> None:
        """--fetch-results: GET a result URL once, without any key, and judge what came back."""
        try:
            await self._fetch_once(url)
        finally:
            with self._pending_lock:
                self.fetching -= 1

    async def _fetch_once(self, url: str) -> None:
        if unsafe_reason(url, {self.upstream.host}) is not None:
            return  # a result URL aimed at a private host: the proxy does not go there
        started = time.time()
        try:
            response = await self.client().get(url)
        except httpx.HTTPError as error:
            item = seen("GET", url, [], None, None, [], None, started, time.time())
            item.exchange.error = type(error).__name__
        else:
            answer = response.headers.multi_items()
            item = seen(
                "GET", url, [], None, response.status_code, answer, response.content, started,
                time.time(),
            )  # fmt: skip
            if self.options.tap is not None:
                self.options.tap(
                    Recorded(
                        "GET", url, [], None, response.status_code, answer, response.content,
                        started, time.time() - started,
                    )
                )  # fmt: skip
        self._hand(item)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)
