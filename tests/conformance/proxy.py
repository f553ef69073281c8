"""Loopback test servers: any ASGI app in a thread, and a proxy that delays or edits traffic."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

RequestEdit = Callable[[str, str, Any], Any]  # (method, path, JSON body) -> the body to forward
# (method, path, JSON body sent, status, JSON answer) -> the status and answer to give instead
AnswerEdit = Callable[[str, str, Any, int, Any], tuple[int, Any]]
HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding", "content-encoding"}
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


class ServerThread:
    """Serves `app` on a free loopback port in a thread until the `with` block ends."""

    def __init__(self, app: ASGIApp) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


class Proxy:
    """Forwards every request to `upstream` after `delay` seconds, editing JSON when told to.

    Counts the requests in flight at once, so a test can see whether the kit overlaps them.
    """

    def __init__(
        self,
        upstream: str,
        delay: float = 0.0,
        edit_request: RequestEdit | None = None,
        edit_answer: AnswerEdit | None = None,
    ) -> None:
        self.upstream, self.delay = upstream.rstrip("/"), delay
        self.edit_request, self.edit_answer = edit_request, edit_answer
        self.in_flight = self.most_in_flight = self.forwarded = 0
        app = Starlette(routes=[Route("/{path:path}", self._forward, methods=METHODS)])
        self._server = ServerThread(app)
        self.url = self._server.url
        self._client: httpx.AsyncClient | None = None

    def __enter__(self) -> Proxy:
        self._server.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.__exit__(kind, error, trace)

    async def _forward(self, request: Request) -> Response:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=64))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return await self._relay(request)
        finally:
            self.in_flight -= 1

    async def _relay(self, request: Request) -> Response:
        assert self._client is not None
        body = await request.body()
        sent, path = _json(body), request.url.path
        if self.edit_request is not None and sent is not None:
            body = json.dumps(self.edit_request(request.method, path, sent)).encode()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_HEADERS}
        url = self.upstream + request.scope["raw_path"].decode("latin-1")
        if request.scope["query_string"]:
            url += "?" + request.scope["query_string"].decode("latin-1")
        answer = await self._client.request(request.method, url, content=body, headers=headers)
        self.forwarded += 1
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS}
        status, content = answer.status_code, answer.content
        if self.edit_answer is not None and _json(content) is not None:
            status, edited = self.edit_answer(
                request.method, path, _json(body), status, _json(content)
            )
            content = json.dumps(edited).encode()
        return Response(content, status_code=status, headers=kept)


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def without_sink_webhooks(method: str, path: str, body: Any) -> Any:
    """A request edit: the server then delivers no webhook to the kit's sink (and nothing else)."""
    if not isinstance(body, dict) or "/hooks/" not in str(body.get("webhook")):
        return body
    return {k: v for k, v in body.items() if k != "webhook"}
