"""generate, generate_many and iter_artworks against the reference server with its default limit."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from imagegen_client import (
    Artwork,
    ArtworkFailedError,
    AuthenticatedClient,
    BadRequestError,
    Generation,
    QuantumArtwork,
    TaskRequest,
    generate,
    generate_async,
    generate_many,
    generate_many_async,
    iter_artworks,
    iter_artworks_async,
    unwrap,
    wait_for_artwork,
)
from imagegen_client.api.artworks import create_photo_pilot_artwork, create_quantum_artwork
from imagegen_client.models import (
    ArtworkStatus,
    ArtworkType,
    ImageGenerationRequest,
    ImageModel,
    QuantumRequest,
)
from imagegen_client.requestlog import LOGGER_NAME

from tests.support.refserver import ORG_ID, ServerHandle, running_server

from .helpers import unfetchable_photo_pilot

pytestmark = [pytest.mark.timeout(120), pytest.mark.xdist_group("client-batches")]

BATCH = 60
EXTRA_KEYS = ("batch", "mixed", "pages", "walk", "filters")


@pytest.fixture(scope="module")
def keys() -> dict[str, str]:
    """One key per test that spends many requests, so each has a whole rate-limit bucket."""
    return {name: f"sk-test-{name}-{secrets.token_hex(8)}" for name in EXTRA_KEYS}


@pytest.fixture(scope="module")
def server(dead_port: int, keys: dict[str, str]) -> Iterator[ServerHandle]:
    """The reference server with its default rate limit (20 per second, burst 40) and timing."""
    config = {
        "allow": [f"127.0.0.1:{dead_port}"],
        "keys": [{"key": key, "scope": "generator", "org": ORG_ID} for key in keys.values()],
    }
    with running_server(config) as handle:
        yield handle


def _prompt(made: Generation[Artwork]) -> str:
    """The prompt the server echoed for a generation."""
    return str(made.artwork.to_dict()["parameters"]["prompt"])


def _client(server: ServerHandle, key: str, **options: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=server.base_url, token=key, **options)


@pytest.mark.slow
def test_sixty_tasks_at_once_all_succeed_under_the_default_rate_limit(
    server: ServerHandle, keys: dict[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    bodies = [QuantumRequest(prompt=f"lighthouse {n}", width=512, height=512) for n in range(BATCH)]

    async def run() -> tuple[list[Any], AuthenticatedClient, float]:
        async with _client(server, keys["batch"]) as client:
            started = time.monotonic()
            results = await generate_many_async(client, bodies, concurrency=BATCH, out_dir=tmp_path)
            return results, client, time.monotonic() - started

    results, client, wall = asyncio.run(run())
    failures = [r for r in results if not isinstance(r, Generation)]
    assert not failures, failures[:3]
    assert client.pacing.limited > 0, "the batch never met the rate limit: it proved nothing"
    done = [r for r in results if isinstance(r, Generation)]
    assert [_prompt(g) for g in done] == [b.prompt for b in bodies]
    assert all(g.artwork.status is ArtworkStatus.SUCCEEDED and len(g.paths) == 1 for g in done)
    assert len(list(tmp_path.iterdir())) == BATCH
    # The log of the run holds retried calls, and never the key.
    assert any(" attempt 2" in r.getMessage() for r in caplog.records if r.name == LOGGER_NAME)
    assert keys["batch"] not in caplog.text and keys["batch"][-16:] not in caplog.text
    ideal = BATCH / 20.0
    print(f"\n{BATCH} tasks in {wall:.1f} s, ideal {ideal:.1f} s ({wall / ideal:.2f}x), "
          f"{client.pacing.limited} answers of 429")  # fmt: skip


def test_generate_returns_the_typed_artwork_and_the_saved_files(
    server: ServerHandle, tmp_path: Path
) -> None:
    with _client(server, server.generator_key) as client:
        made = generate(client, QuantumRequest(prompt="a lighthouse"), out_dir=tmp_path)
    assert isinstance(made.artwork, QuantumArtwork)
    assert made.artwork.status is ArtworkStatus.SUCCEEDED
    assert made.paths and all(p.parent == tmp_path and p.stat().st_size > 0 for p in made.paths)
    assert made.paths[0].name.startswith(str(made.artwork.id))


def test_generate_async_without_out_dir_saves_nothing(server: ServerHandle) -> None:
    async def run() -> Generation[QuantumArtwork]:
        async with _client(server, server.generator_key) as client:
            return await generate_async(client, QuantumRequest(prompt="async"), timeout=30)

    made = asyncio.run(run())
    assert made.artwork.status is ArtworkStatus.SUCCEEDED and made.paths == ()


def test_generate_raises_the_typed_errors_of_its_steps(
    server: ServerHandle, dead_port: int
) -> None:
    with _client(server, server.second_key) as client:
        with pytest.raises(BadRequestError):
            generate(client, QuantumRequest.from_dict({"width": 1024}))  # DIM-1
        with pytest.raises(ArtworkFailedError) as caught:
            generate(client, unfetchable_photo_pilot(dead_port))
        assert caught.value.artwork.status == ArtworkStatus.FAILED
        e4 = ImageGenerationRequest(model=ImageModel.FLUX_DEV, prompt="a cat")
        with pytest.raises(TypeError, match="QuantumRequest"):
            generate(client, e4)  # type: ignore[call-overload]


def test_a_batch_returns_each_result_or_its_error_in_body_order(
    server: ServerHandle, keys: dict[str, str], dead_port: int
) -> None:
    bodies: list[TaskRequest] = [
        QuantumRequest(prompt="first"),
        unfetchable_photo_pilot(dead_port),
        QuantumRequest.from_dict({"width": 1024}),
        QuantumRequest(prompt="last"),
    ]
    with _client(server, keys["mixed"]) as client:
        results = generate_many(client, bodies, concurrency=4, timeout=30)
    first, failed, refused, last = results
    assert (
        isinstance(first, Generation) and first.artwork.to_dict()["parameters"]["prompt"] == "first"
    )
    assert isinstance(failed, ArtworkFailedError)
    assert isinstance(refused, BadRequestError) and refused.status_code == 400
    assert isinstance(last, Generation) and last.artwork.to_dict()["parameters"]["prompt"] == "last"
    with pytest.raises(ValueError, match="concurrency"):
        generate_many(client, bodies, concurrency=0)


def _create(client: AuthenticatedClient, count: int, label: str) -> list[str]:
    """Creates `count` tasks one by one and returns their ids, oldest first."""
    return [
        str(
            unwrap(create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt=label))).id
        )
        for _ in range(count)
    ]


def test_iter_artworks_walks_more_than_three_pages_lazily(
    server: ServerHandle, keys: dict[str, str]
) -> None:
    listed: list[str] = []

    def count(request: httpx.Request) -> None:
        if request.url.path == "/v2/artworks" and request.method == "GET":
            listed.append(str(request.url.params))

    hooks = {"event_hooks": {"request": [count]}}
    with _client(server, keys["pages"], httpx_args=hooks) as client:
        created = _create(client, 35, "paged")
        walk = iter_artworks(client, page_size=10)
        first = next(walk)
        assert len(listed) == 1, "one page is fetched per page consumed, not all at once"
        seen = [str(first.id)] + [str(artwork.id) for artwork in walk]
    assert seen == created[::-1]  # newest first, each once
    assert listed == [f"limit=10&offset={n}" for n in (0, 10, 20, 30)]


def test_tasks_created_during_the_walk_never_make_one_appear_twice(
    server: ServerHandle, keys: dict[str, str]
) -> None:
    async def run(client: AuthenticatedClient, created: list[str]) -> list[str]:
        seen: list[str] = []
        async for artwork in iter_artworks_async(client, page_size=10):
            seen.append(str(artwork.id))
            if len(seen) in (5, 15):  # new tasks push the unread ones to later offsets
                await asyncio.to_thread(_create, client, 4, "during")
        return seen

    with _client(server, keys["walk"]) as client:
        created = _create(client, 25, "before")
        seen = asyncio.run(run(client, created))
    assert len(seen) == len(set(seen)), "an artwork was yielded twice"
    assert set(created) <= set(seen), "a task that existed before the walk was missed"


def test_the_filters_reach_the_server(
    server: ServerHandle, keys: dict[str, str], dead_port: int
) -> None:
    with _client(server, keys["filters"]) as client:
        _create(client, 2, "kept out")
        failing = unwrap(
            create_photo_pilot_artwork.sync(client=client, body=unfetchable_photo_pilot(dead_port))
        )
        wait_for_artwork(client, failing, timeout=30, raise_on_failure=False)
        failed = list(iter_artworks(client, status=ArtworkStatus.FAILED, page_size=5))
        photos = list(iter_artworks(client, artwork_type=ArtworkType.PHOTO_PILOT, page_size=5))
        every = list(iter_artworks(client, page_size=5))
        with pytest.raises(ValueError, match="page_size"):
            next(iter_artworks(client, page_size=0))
        with pytest.raises(BadRequestError):
            next(iter_artworks(client, page_size=100_000))  # over the server's limit: its 400
    assert [a.id for a in failed] == [a.id for a in photos] == [failing.id]
    assert len(every) == 3
