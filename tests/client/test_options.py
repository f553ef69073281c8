"""with_options: other per-call options on the same connection pool and the same pacing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from imagegen_client import AuthenticatedClient, RetryPolicy, ServerError
from imagegen_client.api.artworks import list_artworks

from .helpers import BASE_URL, Script, error, serving


class CountingServer:
    """A loopback HTTP/1.1 server that counts TCP connections; /slow answers after 0.5 s."""

    def __init__(self) -> None:
        self.connections = 0
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                counter.connections += 1

            def do_GET(self) -> None:
                if self.path.startswith("/slow"):
                    time.sleep(0.5)
                body = json.dumps([]).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # a client that gave up on /slow
                    self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    server = CountingServer()
    with serving(server.server):
        yield server


def test_a_with_options_client_reuses_the_same_connection(counting: CountingServer) -> None:
    with AuthenticatedClient(base_url=counting.base_url, token="t") as client:
        patient = client.with_options(timeout=20.0, retry=None)
        for _ in range(3):
            assert list_artworks.sync(client=client) == []
            assert list_artworks.sync(client=patient) == []
        patient.get_httpx_client().close()  # closing it leaves the shared pool open
        assert list_artworks.sync(client=client) == []
    assert counting.connections == 1
    assert patient.pacing is client.pacing


def test_separate_clients_do_not_share_connections(counting: CountingServer) -> None:
    with (
        AuthenticatedClient(base_url=counting.base_url, token="t") as one,
        AuthenticatedClient(base_url=counting.base_url, token="t") as two,
    ):
        list_artworks.sync(client=one)
        list_artworks.sync(client=two)
    assert counting.connections == 2  # the counter tells one pool from two


def test_the_async_pool_is_shared_too(counting: CountingServer) -> None:
    async def run() -> None:
        async with AuthenticatedClient(base_url=counting.base_url, token="t") as client:
            other = client.with_options(retry=RetryPolicy(max_attempts=2))
            for _ in range(3):
                await list_artworks.asyncio(client=client)
                await list_artworks.asyncio(client=other)

    asyncio.run(run())
    assert counting.connections == 1


def test_the_options_apply_to_the_new_client_only(counting: CountingServer) -> None:
    with AuthenticatedClient(base_url=counting.base_url, token="t") as client:
        hasty = client.with_options(timeout=0.1, retry=None)
        http = hasty.get_httpx_client()
        with pytest.raises(httpx.ReadTimeout):
            http.get("/slow")
        assert client.get_httpx_client().get("/slow").status_code == 200
        assert client.get_httpx_client().timeout.read == 30.0


def test_with_timeout_and_with_retry_no_longer_change_the_original(
    counting: CountingServer,
) -> None:
    with AuthenticatedClient(base_url=counting.base_url, token="t") as client:
        client.get_httpx_client()
        client.with_timeout(httpx.Timeout(1.0))
        client.with_headers({"x-extra": "1"})
        assert client.get_httpx_client().timeout.read == 30.0
        assert "x-extra" not in client.get_httpx_client().headers


def test_retry_changes_with_the_options() -> None:
    script = Script(error(503), error(503))
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=RetryPolicy(backoff_initial=0.001, backoff_max=0.002),
        httpx_args={"transport": script.transport},
    )
    with client, pytest.raises(ServerError):
        list_artworks.sync(client=client.with_options(retry=None))
    assert len(script.requests) == 1


def test_a_replaced_httpx_client_cannot_be_shared() -> None:
    client = AuthenticatedClient(base_url=BASE_URL, token="t")
    client.set_httpx_client(httpx.Client(base_url=BASE_URL))
    with pytest.raises(ValueError, match="set_httpx_client"):
        client.with_options(timeout=1.0)


def test_a_derived_client_refuses_to_send_once_its_parent_is_closed(
    counting: CountingServer,
) -> None:
    with AuthenticatedClient(base_url=counting.base_url, token="t") as client:
        derived = client.with_options(timeout=5.0)
        assert list_artworks.sync(client=derived) == []
    with pytest.raises(RuntimeError, match="has been closed"):
        list_artworks.sync(client=derived)
    assert counting.connections == 1
