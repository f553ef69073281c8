"""The client against the running reference server: retries, waiting, webhooks, downloads, async."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from imagegen_client import (
    ArtworkFailedError,
    ArtworkTimeoutError,
    AuthenticatedClient,
    NotFoundError,
    PermissionDeniedError,
    QuantumArtwork,
    RateLimitError,
    RetryPolicy,
    UnknownArtwork,
    WebhookSignatureError,
    download_results,
    download_results_async,
    unwrap,
    verify_webhook,
    wait_for_artwork,
    wait_for_artwork_async,
)
from imagegen_client.api.artworks import (
    create_photo_pilot_artwork,
    create_quantum_artwork,
    get_artwork_v2,
    list_artworks,
)
from imagegen_client.api.organizations import rotate_webhook_secret
from imagegen_client.models import ArtworkStatus, QuantumRequest

from tests.support.refserver import ServerHandle, running_server

from .helpers import serving, unfetchable_photo_pilot

pytestmark = pytest.mark.timeout(90)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Receiver:
    """A loopback webhook receiver that records every delivery (raw body and headers)."""

    def __init__(self) -> None:
        self.deliveries: list[tuple[bytes, dict[str, str]]] = []
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver.arrived:
                    receiver.deliveries.append((body, dict(self.headers.items())))
                    receiver.arrived.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.host_port = f"127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[tuple[bytes, dict[str, str]]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.deliveries) >= count, timeout=timeout)
            return list(self.deliveries)


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    with serving(rec.server):
        yield rec


@pytest.fixture(scope="module")
def server(receiver: Receiver, dead_port: int) -> Iterator[ServerHandle]:
    config = {
        "timing": {"startingSeconds": 0.1, "processingSeconds": 0.4},
        "allow": [receiver.host_port, f"127.0.0.1:{dead_port}"],
        "webhookBackoff": [0.2, 0.2],
    }
    with running_server(config) as handle:
        yield handle


@pytest.fixture
def client(server: ServerHandle) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=server.base_url, token=server.generator_key) as c:
        yield c


def _create(client: AuthenticatedClient, **fields: Any) -> QuantumArtwork:
    return unwrap(create_quantum_artwork.sync(client=client, body=QuantumRequest(**fields)))


def test_create_wait_download_on_a_fast_task(client: AuthenticatedClient, tmp_path: Path) -> None:
    created = _create(client, prompt="a lighthouse", width=512, height=512)
    done = wait_for_artwork(client, created, timeout=20)
    assert isinstance(done, QuantumArtwork) and done.status is ArtworkStatus.SUCCEEDED
    paths = download_results(client, done, tmp_path)
    assert len(paths) == 1 and paths[0].name.startswith(str(done.id))
    assert paths[0].stat().st_size > 0


def test_the_wait_helper_raises_for_a_failing_task(
    client: AuthenticatedClient, dead_port: int
) -> None:
    body = unfetchable_photo_pilot(dead_port)
    created = unwrap(create_photo_pilot_artwork.sync(client=client, body=body))
    with pytest.raises(ArtworkFailedError) as caught:
        wait_for_artwork(client, created.id, timeout=20)
    assert caught.value.artwork.id == created.id and caught.value.artwork.status == "failed"


def test_another_keys_task_is_a_typed_not_found(
    server: ServerHandle, client: AuthenticatedClient
) -> None:
    created = _create(client)
    other = AuthenticatedClient(base_url=server.base_url, token=server.second_key)
    with other, pytest.raises(NotFoundError) as caught:
        get_artwork_v2.sync(created.id, client=other)
    assert caught.value.body.status_code == 404 and caught.value.message


def test_a_generator_key_on_rotation_is_permission_denied(
    server: ServerHandle, client: AuthenticatedClient
) -> None:
    with pytest.raises(PermissionDeniedError):
        rotate_webhook_secret.sync(server.org_id, client=client)


def test_real_deliveries_verify_and_tampered_ones_do_not(
    server: ServerHandle, client: AuthenticatedClient, receiver: Receiver
) -> None:
    with AuthenticatedClient(base_url=server.base_url, token=server.manager_key) as manager:
        secret = unwrap(rotate_webhook_secret.sync(server.org_id, client=manager)).secret
    before = len(receiver.deliveries)
    created = _create(client, prompt="hooked", webhook=receiver.url)
    wait_for_artwork(client, created, timeout=20)
    deliveries = [
        d for d in receiver.wait_for(before + 1)[before:] if str(created.id).encode() in d[0]
    ]
    assert deliveries, "no delivery arrived"
    body, headers = deliveries[0]
    artwork = verify_webhook(body, headers, secret)
    assert isinstance(artwork, QuantumArtwork) and artwork.id == created.id
    assert artwork.to_dict() == json.loads(body)
    tampered = body.replace(b'"succeeded"', b'"failed"')
    with pytest.raises(WebhookSignatureError):
        verify_webhook(tampered, headers, secret)
    with pytest.raises(WebhookSignatureError):
        verify_webhook(body, headers, "ab" * 32)


class RewritingTransport(httpx.BaseTransport):
    """Passes real server answers through, rewritten as a newer server might send them."""

    def __init__(self, changes: dict[str, Any]) -> None:
        self.inner = httpx.HTTPTransport()
        self.changes = changes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        data = json.loads(response.content)
        items = data if isinstance(data, list) else [data]
        for item in items:
            item.update(self.changes)
        return httpx.Response(response.status_code, json=data)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize(
    ("changes", "cls"),
    [({"status": "archived"}, QuantumArtwork), ({"artworkType": "video_loop"}, UnknownArtwork)],
)
def test_unknown_values_from_the_server_are_tolerated(
    server: ServerHandle, client: AuthenticatedClient, changes: dict[str, Any], cls: type
) -> None:
    created = _create(client)
    newer = AuthenticatedClient(
        base_url=server.base_url,
        token=server.generator_key,
        httpx_args={"transport": RewritingTransport(changes)},
    )
    with newer:
        polled = unwrap(get_artwork_v2.sync(created.id, client=newer))
        listed = unwrap(list_artworks.sync(client=newer, limit=5))
    assert type(polled) is cls and polled.id == created.id
    assert listed
    assert all(isinstance(item, UnknownArtwork) == (cls is UnknownArtwork) for item in listed)
    for key, value in changes.items():
        assert polled.to_dict()[key] == value
        assert all(item.to_dict()[key] == value for item in listed)


def test_the_async_path_creates_waits_and_downloads(server: ServerHandle, tmp_path: Path) -> None:
    async def run() -> list[Path]:
        async with AuthenticatedClient(base_url=server.base_url, token=server.generator_key) as c:
            created = unwrap(
                await create_quantum_artwork.asyncio(client=c, body=QuantumRequest(prompt="async"))
            )
            done = await wait_for_artwork_async(c, created, timeout=20)
            assert done.status is ArtworkStatus.SUCCEEDED
            return await download_results_async(c, done, tmp_path)

    paths = asyncio.run(run())
    assert len(paths) == 1 and paths[0].stat().st_size > 0


def test_slow_tasks_are_waited_for_and_a_short_budget_times_out() -> None:
    timing = {"timing": {"startingSeconds": 0.2, "processingSeconds": 2.0}}
    with running_server(timing) as slow:
        c = AuthenticatedClient(base_url=slow.base_url, token=slow.generator_key)
        with c:
            created = _create(c)
            with pytest.raises(ArtworkTimeoutError) as caught:
                wait_for_artwork(c, created, timeout=0.5, interval=0.1)
            assert caught.value.artwork.id == created.id
            assert caught.value.artwork.status in {ArtworkStatus.STARTING, ArtworkStatus.PROCESSING}
            seen: list[str] = []
            done = wait_for_artwork(c, created, timeout=20, on_poll=lambda a: seen.append(a.status))
            assert done.status is ArtworkStatus.SUCCEEDED and len(seen) >= 2


def test_retries_honour_the_servers_retry_after() -> None:
    with running_server({"rateLimit": {"rate": 1, "burst": 2}}) as limited:
        off = AuthenticatedClient(
            base_url=limited.base_url, token=limited.generator_key, retry=RetryPolicy.off()
        )
        with off, pytest.raises(RateLimitError) as caught:
            for _ in range(10):
                list_artworks.sync(client=off)
        retry_after = caught.value.retry_after
        assert retry_after is not None and retry_after >= 1

        on = AuthenticatedClient(base_url=limited.base_url, token=limited.second_key)
        with on:
            started = time.monotonic()
            for _ in range(4):
                assert isinstance(unwrap(list_artworks.sync(client=on)), list)
            elapsed = time.monotonic() - started
        assert elapsed >= 1.0, "four calls on a burst of 2 at 1/s must have waited"
