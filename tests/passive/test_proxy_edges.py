"""The proxy forwards unchanged and streams; an upstream that is down or hangs gets the client a
JSON error and leaves the proxy up; a stopped proxy writes its reports; keys never show."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from conformance.judge.answers import error_body_problem
from tests.conformance.proxy import ServerThread
from tests.passive.support import proxied
from tests.support.ports import free_port
from tests.support.refserver import REPO_ROOT

BIG = 8 << 20  # a download larger than anything the judge keeps in one piece
CHUNK = 64 << 10
KEY = "sk-live-" + "9" * 24


async def _echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse(
        {"headers": dict(request.headers), "body": body.decode(), "query": str(request.url.query)},
        status_code=201,
        headers={"x-upstream": "yes", "cache-control": "no-store"},
    )


async def _big(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for index in range(BIG // CHUNK):
            yield bytes([index % 251]) * CHUNK

    return StreamingResponse(chunks(), media_type="application/octet-stream")


async def _bad_error(request: Request) -> Response:
    return JSONResponse({"oops": True}, status_code=404)  # breaks ERR-1: no message/statusCode


UPSTREAM = Starlette(
    routes=[
        Route("/echo", _echo, methods=["POST"]),
        Route("/big", _big),
        Route("/v2/artworks", _bad_error),
    ]
)


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    with ServerThread(UPSTREAM) as server:
        yield server.url


def test_requests_and_answers_pass_unchanged(upstream: str) -> None:
    with proxied(upstream) as proxy:
        sent = b'{"a": [1, 2.50, "\\u00e9"]}'
        answer = httpx.post(
            f"{proxy.url}/echo?x=1&x=2",
            content=sent,
            headers={"content-type": "application/json; charset=utf-8", "x-mine": "kept"},
        )
    assert answer.status_code == 201
    assert answer.headers["x-upstream"] == "yes" and answer.headers["cache-control"] == "no-store"
    echoed = answer.json()
    assert echoed["body"] == sent.decode() and echoed["query"] == "x=1&x=2"
    assert echoed["headers"]["x-mine"] == "kept"
    assert echoed["headers"]["content-type"] == "application/json; charset=utf-8"
    assert "x-forwarded-for" not in echoed["headers"]  # the proxy adds nothing of its own
    assert answer.headers["content-length"] == str(len(answer.content))


def test_the_proxy_adds_no_header_of_its_own(upstream: str) -> None:
    with proxied(upstream) as proxy:
        parts = httpx.URL(proxy.url)
        connection = http.client.HTTPConnection(parts.host, parts.port, timeout=10)
        connection.putrequest("POST", "/echo", skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "example.test")
        connection.putheader("Content-Length", "2")
        connection.endheaders(b"{}")
        echoed = json.loads(connection.getresponse().read())
        connection.close()
    names = set(echoed["headers"])
    assert names == {"host", "content-length"}, names


def test_a_large_download_is_streamed_whole(upstream: str) -> None:
    with proxied(upstream) as proxy, httpx.stream("GET", f"{proxy.url}/big") as answer:
        first_chunk_at, received, started = None, bytearray(), time.monotonic()
        for chunk in answer.iter_raw():
            first_chunk_at = first_chunk_at or time.monotonic() - started
            received += chunk
    assert len(received) == BIG
    assert received[:CHUNK] == bytes([0]) * CHUNK and received[-1] == (BIG // CHUNK - 1) % 251


def test_an_upstream_that_is_down_gets_502_with_the_error_body() -> None:
    with proxied(f"http://127.0.0.1:{free_port()}") as proxy:
        for _ in range(2):  # the proxy stays up
            answer = httpx.get(f"{proxy.url}/v2/artworks", timeout=10)
            assert answer.status_code == 502
            assert error_body_problem(502, answer.json()) is None
        proxy.settle()
        outcome = proxy.judge.outcome("down", "proxy")
    assert not any(verdict.failures for verdict in outcome.verdicts)
    assert any("unreachable" in note for note in outcome.info.notes)


@pytest.fixture
def hanging() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        listener.close()


def test_an_upstream_that_hangs_gets_504_in_bounded_time(hanging: str) -> None:
    with proxied(hanging, timeout=0.5) as proxy:
        for _ in range(2):
            started = time.monotonic()
            answer = httpx.get(f"{proxy.url}/v2/artworks", timeout=10)
            assert answer.status_code == 504 and time.monotonic() - started < 5
            assert error_body_problem(504, answer.json()) is None


def test_a_stopped_proxy_writes_its_reports_and_never_shows_a_key(
    upstream: str, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [
        sys.executable, "-m", "conformance", "proxy", "--upstream", upstream,
        "--listen", f"127.0.0.1:{port}", "--report-dir", str(folder), "--report-interval", "0.3",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/v2/artworks",
                    headers={"Authorization": f"Bearer {KEY}"},
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.1)
        assert answer.status_code == 404
        while not (folder / "results.json").exists():  # written while it runs
            assert time.monotonic() < deadline
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    status = {rule["id"]: rule["status"] for rule in results["rules"]}
    assert status["ERR-1"] == "failed" and process.returncode == 1
    assert "FAIL ERR-1 listArtworks" in out  # told as it was seen
    written = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    assert "$API_KEY" in written
    assert KEY not in out + err + written
