"""Shared fixtures: one loopback fixture service and one running reference server per session."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from imagegen_client import AuthenticatedClient
from imagegen_client.api.artworks import get_artwork_v2
from imagegen_client.models import ArtworkStatus, Error

from conformance.run.sidecar import Sidecar
from tests.support.refserver import ServerHandle, running_server

TERMINAL = {ArtworkStatus.SUCCEEDED, ArtworkStatus.FAILED, ArtworkStatus.CANCELED}
FAST_TIMING = {"startingSeconds": 0.05, "processingSeconds": 0.25}


@pytest.fixture(scope="session")
def loopback() -> Iterator[Sidecar]:
    service = Sidecar().start()
    try:
        yield service
    finally:
        service.stop()


def server_config(loopback: Sidecar, **extra: Any) -> dict[str, Any]:
    """A fast, generously rate-limited server whose allow-list holds the loopback service."""
    config: dict[str, Any] = {
        "timing": FAST_TIMING,
        "allow": [loopback.allow_entry],
        "rateLimit": {"rate": 2000, "burst": 4000},
        "webhookBackoff": [0.2, 0.3, 0.4],
    }
    config.update(extra)
    return config


@pytest.fixture(scope="session")
def server(loopback: Sidecar) -> Iterator[ServerHandle]:
    with running_server(server_config(loopback)) as handle:
        yield handle


def plain_client_kwargs() -> dict[str, Any]:
    """No retries, pacing or raising, where the generated client offers them: raw answers."""
    names = {field.alias for field in attrs.fields(AuthenticatedClient)}
    extra: dict[str, Any] = {"timeout": httpx.Timeout(10)}
    if "raise_on_error" in names:
        extra["raise_on_error"] = False
    if "retry" in names:
        extra["retry"] = None
    if "pace" in names:
        extra["pace"] = False
    return extra


def client_for(server: ServerHandle, key: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.base_url, token=key, **plain_client_kwargs())


@pytest.fixture
def client(server: ServerHandle) -> AuthenticatedClient:
    return client_for(server, server.generator_key)


def wait_terminal(client: AuthenticatedClient, artwork_id: Any, timeout: float = 15.0) -> Any:
    """Poll E5 until the task is terminal, checking that polls only move forward (bounded)."""
    order = ["starting", "processing", "succeeded"]
    seen = "starting"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        artwork = get_artwork_v2.sync(artwork_id, client=client)
        assert artwork is not None and not isinstance(artwork, Error), artwork
        status = artwork.status
        if status in TERMINAL:
            return artwork
        assert order.index(status.value) >= order.index(seen), (seen, status)
        seen = status.value
        time.sleep(0.05)
    raise TimeoutError(f"artwork {artwork_id} not terminal within {timeout} s")
