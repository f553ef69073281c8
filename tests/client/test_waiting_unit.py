"""wait_for_artwork's loop, budget and exceptions, against scripted answers (no server)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from imagegen_client import (
    ArtworkCanceledError,
    ArtworkFailedError,
    ArtworkTimeoutError,
    AuthenticatedClient,
    NotFoundError,
    PollSchedule,
    QuantumArtwork,
    RateLimitError,
    ServerError,
    parse_artwork,
    wait_for_artwork,
    wait_for_artwork_async,
)

from .helpers import BASE_URL, Script, error, quantum_json

ID = "00000000-0000-0000-0000-000000000001"


def _client(script: Script) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": script.transport}
    )


def _answers(*statuses: str) -> Script:
    return Script(*(httpx.Response(200, json=quantum_json(s)) for s in statuses))


def test_returns_the_typed_artwork_once_succeeded_with_growing_intervals() -> None:
    slept: list[float] = []
    script = _answers("starting", "processing", "processing", "succeeded")
    schedule = PollSchedule(interval=0.1, backoff=2, max_interval=0.3)
    done = wait_for_artwork(_client(script), ID, schedule=schedule, sleep=slept.append)
    assert isinstance(done, QuantumArtwork) and done.results
    assert slept == [0.1, 0.2, 0.3] and len(script.requests) == 4


def test_a_failed_task_raises_with_the_artwork() -> None:
    with pytest.raises(ArtworkFailedError) as caught:
        wait_for_artwork(_client(_answers("processing", "failed")), ID, sleep=lambda _: None)
    assert caught.value.artwork.status == "failed"


def test_a_canceled_task_raises_the_canceled_subclass() -> None:
    with pytest.raises(ArtworkCanceledError):
        wait_for_artwork(_client(_answers("canceled")), ID, sleep=lambda _: None)


def test_raise_on_failure_false_returns_the_failed_artwork() -> None:
    done = wait_for_artwork(_client(_answers("failed")), ID, raise_on_failure=False)
    assert done.status == "failed"


def test_the_time_budget_raises_with_the_last_seen_artwork() -> None:
    body = quantum_json("processing")
    script = Script(*(lambda _r: httpx.Response(200, json=body) for _ in range(100)))
    with pytest.raises(ArtworkTimeoutError) as caught:
        wait_for_artwork(_client(script), ID, timeout=0.2, interval=0.05)
    assert caught.value.artwork.status == "processing" and caught.value.waited >= 0.2
    assert isinstance(caught.value, TimeoutError)


def test_an_error_answer_raises_the_api_error() -> None:
    with pytest.raises(NotFoundError):
        wait_for_artwork(_client(Script(error(404))), ID)


def test_the_async_helper_behaves_the_same() -> None:
    async def run() -> None:
        client = _client(_answers("starting", "succeeded"))
        async with client:
            done = await wait_for_artwork_async(client, ID, interval=0.01)
        assert done.status == "succeeded"
        with pytest.raises(ArtworkFailedError):
            await wait_for_artwork_async(_client(_answers("failed")), ID)

    asyncio.run(run())


def test_a_bad_schedule_is_refused() -> None:
    with pytest.raises(ValueError):
        PollSchedule(interval=0)


def _unretried(script: Script) -> AuthenticatedClient:
    """A client whose calls are not retried, so each scripted failure reaches the wait."""
    return AuthenticatedClient(
        base_url=BASE_URL, token="t", retry=None, httpx_args={"transport": script.transport}
    )


def test_polls_that_fail_in_passing_do_not_end_the_wait() -> None:
    script = Script(
        httpx.Response(200, json=quantum_json("processing")),
        error(503),
        error(429, **{"Retry-After": "0"}),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=quantum_json("succeeded")),
    )
    done = wait_for_artwork(_unretried(script), ID, interval=0.01, sleep=lambda _: None)
    assert done.status == "succeeded" and len(script.requests) == 5


def test_a_wait_that_times_out_on_failing_polls_says_why() -> None:
    polls = Script(*(lambda _r: error(503) for _ in range(100)))
    created = parse_artwork(quantum_json("starting"))
    with pytest.raises(ArtworkTimeoutError) as caught:
        wait_for_artwork(_unretried(polls), created, timeout=0.1, interval=0.02)
    assert caught.value.artwork.id == created.id
    assert isinstance(caught.value.__cause__, ServerError)
    with pytest.raises(ServerError):  # nothing was ever seen: the failure itself
        wait_for_artwork(_unretried(polls), ID, timeout=0.1, interval=0.02)


def test_an_answer_about_the_task_itself_still_ends_the_wait_at_once() -> None:
    script = Script(httpx.Response(200, json=quantum_json("processing")), error(404))
    with pytest.raises(NotFoundError):
        wait_for_artwork(_unretried(script), ID, sleep=lambda _: None)


def test_a_poll_held_behind_a_long_retry_after_does_not_overrun_the_wait() -> None:
    script = Script(*(lambda _r: error(429, **{"Retry-After": "5"}) for _ in range(10)))
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": script.transport}
    )
    created = parse_artwork(quantum_json("starting"))
    started = time.monotonic()
    with client, pytest.raises(ArtworkTimeoutError) as caught:
        wait_for_artwork(client, created, timeout=1.0, interval=0.2)
    assert time.monotonic() - started < 2.5, "the poll's retry waited past the wait's timeout"
    assert isinstance(caught.value.__cause__, RateLimitError)
