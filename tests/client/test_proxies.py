"""Proxies under the client's own stack: the environment's, `proxy=`, and a caller's httpx client,
through a real forward proxy on loopback (CONNECT for https, forwarding for http), still retried,
paced and logged."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import ssl
import subprocess
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from imagegen_client import (
    AsyncAuthenticatedClient,
    AuthenticatedClient,
    ConfigurationError,
    RetryPolicy,
)
from imagegen_client.requestlog import LOGGER_NAME

from tests.support.proxy import ForwardProxy, running_proxy

from .helpers import quantum_json, serving

pytestmark = pytest.mark.timeout(60)

ARTWORK = uuid.UUID(int=7)
FAST = RetryPolicy(backoff_initial=0.0)
_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class Upstream:
    """An API stand-in: each path's first GET answers 429, the next one the artwork."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.hits: dict[str, int] = {}
        lock = threading.Lock()
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                with lock:
                    upstream.hits[self.path] = upstream.hits.get(self.path, 0) + 1
                    first = upstream.hits[self.path] == 1
                body = json.dumps(
                    {"message": "slow down", "statusCode": 429}
                    if first
                    else quantum_json(id=ARTWORK)
                ).encode()
                self.send_response(429 if first else 200)
                if first:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with running_proxy() as running:
        yield running


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    made = Upstream()
    with serving(made.server):
        yield made


def _through(proxy: ForwardProxy, upstream: Upstream) -> list[str]:
    return [line for line in proxy.seen if upstream.base_url.split("//")[1] in line]


def _assert_retried_paced_logged(
    client: AuthenticatedClient,
    proxy: ForwardProxy,
    upstream: Upstream,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert client.artworks.get(ARTWORK).id == ARTWORK
    assert len(_through(proxy, upstream)) == 2  # the 429 and its retry, both through the proxy
    assert client.pacing.limited == 1  # the 429 was waited out by the client's pacing
    assert any("attempt 2" in record.getMessage() for record in caplog.records)


def test_http_proxy_from_the_environment(
    proxy: ForwardProxy,
    upstream: Upstream,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    with AuthenticatedClient(base_url=upstream.base_url, token="t", retry=FAST) as client:
        _assert_retried_paced_logged(client, proxy, upstream, caplog)


def test_no_proxy_goes_direct(
    proxy: ForwardProxy, upstream: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with AuthenticatedClient(base_url=upstream.base_url, token="t", retry=FAST) as client:
        assert client.artworks.get(ARTWORK).id == ARTWORK
    assert proxy.seen == [] and sum(upstream.hits.values()) == 2


def test_trust_env_false_ignores_the_environment(
    proxy: ForwardProxy, upstream: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    options = {"trust_env": False}
    with AuthenticatedClient(
        base_url=upstream.base_url, token="t", retry=FAST, httpx_args=options
    ) as client:
        client.artworks.get(ARTWORK)
    assert proxy.seen == []


def test_explicit_proxy(
    proxy: ForwardProxy, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    with AuthenticatedClient(
        base_url=upstream.base_url, token="t", retry=FAST, httpx_args={"proxy": proxy.url}
    ) as client:
        _assert_retried_paced_logged(client, proxy, upstream, caplog)


def test_a_callers_httpx_client_keeps_the_stack(
    proxy: ForwardProxy, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    client = AuthenticatedClient(base_url=upstream.base_url, token="t", retry=FAST)
    with httpx.Client(base_url=upstream.base_url, proxy=proxy.url) as own:
        client.set_httpx_client(own)
        _assert_retried_paced_logged(client, proxy, upstream, caplog)


def test_async_through_the_environment_proxy(
    proxy: ForwardProxy, upstream: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)

    async def run() -> None:
        async with AsyncAuthenticatedClient(
            base_url=upstream.base_url, token="t", retry=FAST
        ) as client:
            assert (await client.artworks.get(ARTWORK)).id == ARTWORK
            assert client.pacing.limited == 1

    asyncio.run(run())
    assert len(_through(proxy, upstream)) == 2


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


def test_https_proxy_tunnels_with_connect(
    proxy: ForwardProxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cert, key = _certificate(tmp_path)
    serving_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    serving_tls.load_cert_chain(cert, key)
    secure = Upstream(tls=serving_tls)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    trusted = ssl.create_default_context(cafile=str(cert))
    with (
        serving(secure.server),
        AuthenticatedClient(
            base_url=secure.base_url, token="t", retry=FAST, verify_ssl=trusted
        ) as client,
    ):
        assert client.artworks.get(ARTWORK).id == ARTWORK
        assert client.pacing.limited == 1
    assert proxy.seen and all(line.startswith("CONNECT 127.0.0.1:") for line in proxy.seen)
    assert sum(secure.hits.values()) == 2


def test_a_callers_async_httpx_client_keeps_the_stack(
    proxy: ForwardProxy, upstream: Upstream
) -> None:
    client = AuthenticatedClient(base_url=upstream.base_url, token="t", retry=FAST)

    async def run() -> None:
        async with httpx.AsyncClient(base_url=upstream.base_url, proxy=proxy.url) as own:
            client.set_async_httpx_client(own)
            resources = AsyncAuthenticatedClient.wrapping(client)
            assert (await resources.artworks.get(ARTWORK)).id == ARTWORK

    asyncio.run(run())
    assert len(_through(proxy, upstream)) == 2 and client.pacing.limited == 1


def test_an_httpx_client_that_cannot_be_wrapped_is_refused() -> None:
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token="t")
    own = httpx.Client()
    kept = own._transport
    own._transport = None  # type: ignore[assignment]  # as a future httpx might keep it elsewhere
    try:
        with pytest.raises(ConfigurationError, match="cannot be given the client's retries"):
            client.set_httpx_client(own)
    finally:
        own._transport = kept
        own.close()
