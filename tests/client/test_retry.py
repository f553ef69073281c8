"""Retry policy at the transport layer: what is retried, how long it waits, and when it stops."""

from __future__ import annotations

import asyncio
import email.utils
import time
import uuid

import httpx
import pytest
from imagegen_client import AuthenticatedClient, RateLimitError, RetryPolicy, ServerError
from imagegen_client.api.artworks import create_quantum_artwork, get_artwork_v2
from imagegen_client.api.organizations import rotate_webhook_secret
from imagegen_client.models import QuantumRequest
from imagegen_client.retry import AsyncRetryTransport, RetryTransport, parse_retry_after

from .helpers import BASE_URL, Script, error, quantum_json

FAST = RetryPolicy(backoff_initial=0.001, backoff_max=0.002)
ID = uuid.UUID(int=1)


class FakeTime:
    """A clock that only moves when the transport sleeps, so waits are exact and instant."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _send(script: Script, method: str, path: str, policy: RetryPolicy, fake: FakeTime) -> int:
    transport = RetryTransport(script.transport, policy, sleep=fake.sleep, clock=fake.clock)
    with httpx.Client(transport=transport, base_url=BASE_URL) as http:
        return http.request(method, path, json={} if method == "POST" else None).status_code


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_get_is_retried_on_each_retryable_status(status: int) -> None:
    script = Script(error(status), httpx.Response(200, json={}))
    assert _send(script, "GET", "/v2/artworks", FAST, FakeTime()) == 200
    assert len(script.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 404, 500])
def test_other_statuses_are_not_retried(status: int) -> None:
    script = Script(error(status))
    assert _send(script, "GET", "/v2/artworks", FAST, FakeTime()) == status
    assert len(script.requests) == 1


def test_retry_after_in_seconds_is_honoured_with_at_most_ten_percent_jitter() -> None:
    fake = FakeTime()
    script = Script(error(429, **{"Retry-After": "3"}), httpx.Response(200, json={}))
    assert _send(script, "GET", "/v2/artworks", RetryPolicy(), fake) == 200
    assert len(fake.sleeps) == 1 and 3.0 <= fake.sleeps[0] <= 3.3


def test_retry_after_as_an_http_date_is_honoured() -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3.5 <= (parse_retry_after(when) or 0) <= 5.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after("-4") == 0.0


def test_backoff_grows_exponentially_and_is_jittered() -> None:
    fake = FakeTime()
    policy = RetryPolicy(max_attempts=5, backoff_initial=1.0, backoff_max=100.0)
    script = Script(*[error(503)] * 4, httpx.Response(200, json={}))
    assert _send(script, "GET", "/x", policy, fake) == 200
    for number, wait in enumerate(fake.sleeps, start=1):
        step = 2.0 ** (number - 1)
        assert step / 2 <= wait <= step


def test_attempts_are_bounded_and_the_last_answer_is_returned() -> None:
    script = Script(*[error(503)] * 10)
    assert _send(script, "GET", "/x", RetryPolicy(max_attempts=3), FakeTime()) == 503
    assert len(script.requests) == 3


def test_total_time_is_bounded() -> None:
    fake = FakeTime()
    script = Script(*[error(429, **{"Retry-After": "4"})] * 10)
    assert _send(script, "GET", "/x", RetryPolicy(max_attempts=10, max_elapsed=10), fake) == 429
    assert len(script.requests) == 3 and fake.now <= 10


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    fake = FakeTime()
    script = Script(error(429, **{"Retry-After": "3600"}))
    assert _send(script, "GET", "/x", RetryPolicy(), fake) == 429
    assert fake.sleeps == []


def test_retries_can_be_turned_off() -> None:
    script = Script(error(503), httpx.Response(200, json={}))
    assert _send(script, "GET", "/x", RetryPolicy.off(), FakeTime()) == 503


def test_connection_errors_are_retried_for_reads() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.Response(200))
    assert _send(script, "GET", "/x", FAST, FakeTime()) == 200


def test_a_create_is_retried_on_429_and_on_503_with_retry_after() -> None:
    now = {"Retry-After": "0"}
    script = Script(error(429, **now), error(503, **now), error(202))
    assert _send(script, "POST", "/v2/artworks/quantum", FAST, FakeTime()) == 202
    assert len(script.requests) == 3


@pytest.mark.parametrize("status", [502, 504])
def test_a_create_is_not_retried_when_the_server_may_have_processed_it(status: int) -> None:
    script = Script(error(status))
    assert _send(script, "POST", "/v2/artworks/quantum", FAST, FakeTime()) == status
    assert len(script.requests) == 1


def test_a_create_is_not_retried_on_503_without_retry_after() -> None:
    script = Script(error(503))
    assert _send(script, "POST", "/v1/images/generations", FAST, FakeTime()) == 503


def test_a_create_is_retried_on_a_connect_error_but_not_on_a_read_error() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.Response(202, json={}))
    assert _send(script, "POST", "/v2/artworks/quantum", FAST, FakeTime()) == 202
    with pytest.raises(httpx.ReadTimeout):
        _send(Script(httpx.ReadTimeout("slow")), "POST", "/v2/artworks/quantum", FAST, FakeTime())


def test_rotation_is_retried_only_on_429() -> None:
    path = "/v2/organizations/org-a/webhook-secret"
    script = Script(error(429, **{"Retry-After": "0"}), error(200))
    assert _send(script, "POST", path, FAST, FakeTime()) == 200
    assert _send(Script(error(503, **{"Retry-After": "0"})), "POST", path, FAST, FakeTime()) == 503
    with pytest.raises(httpx.ConnectError):
        _send(Script(httpx.ConnectError("refused")), "POST", path, FAST, FakeTime())


def test_every_generated_call_gets_retries_through_the_client() -> None:
    script = Script(
        error(429, **{"Retry-After": "0"}),
        httpx.Response(202, json=quantum_json()),
        error(502),
        httpx.Response(200, json=quantum_json("processing")),
    )
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", retry=FAST, httpx_args={"transport": script.transport}
    )
    created = create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="x"))
    polled = get_artwork_v2.sync(ID, client=client)
    assert created is not None and polled is not None
    assert [r.headers["authorization"] for r in script.requests] == ["Bearer t"] * 4


def test_429s_cost_time_not_attempts_and_raise_once_the_time_budget_is_spent() -> None:
    script = Script(*[error(429, "slow down", **{"Retry-After": "1"})] * 10)
    budget = RetryPolicy(max_attempts=2, max_elapsed=2.7)
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", retry=budget, httpx_args={"transport": script.transport}
    )
    with pytest.raises(RateLimitError) as caught:
        rotate_webhook_secret.sync("org-a", client=client)
    assert caught.value.retry_after == 1 and caught.value.message == "slow down"
    # Three sends with max_attempts=2: 429s spent no attempt. A fourth would leave after 3 s.
    assert len(script.requests) == 3 and client.pacing.limited == 3


def test_without_retries_a_429_is_raised_at_once_and_still_slows_the_client() -> None:
    script = Script(error(429, **{"Retry-After": "1"}))
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", retry=None, httpx_args={"transport": script.transport}
    )
    with pytest.raises(RateLimitError):
        get_artwork_v2.sync(ID, client=client)
    assert len(script.requests) == 1 and client.pacing.limited == 1
    assert client.pacing.delay() > 0.9


def test_the_async_transport_follows_the_same_policy() -> None:
    fake = FakeTime()

    async def sleep(seconds: float) -> None:
        fake.sleep(seconds)

    async def run() -> int:
        script = Script(error(429, **{"Retry-After": "2"}), httpx.Response(200, json={}))
        transport = AsyncRetryTransport(
            script.transport, RetryPolicy(), sleep=sleep, clock=fake.clock
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            return (await http.get("/x")).status_code

    assert asyncio.run(run()) == 200
    assert len(fake.sleeps) == 1 and 2.0 <= fake.sleeps[0] <= 2.2


def test_async_client_raises_typed_errors_after_retries() -> None:
    async def run() -> None:
        script = Script(error(503), error(503))
        client = AuthenticatedClient(
            base_url=BASE_URL,
            token="t",
            retry=RetryPolicy(max_attempts=2, backoff_initial=0.001),
            httpx_args={"transport": script.transport},
        )
        async with client:
            await get_artwork_v2.asyncio(ID, client=client)

    with pytest.raises(ServerError) as caught:
        asyncio.run(run())
    assert caught.value.status_code == 503


def test_pace_false_sends_at_once_and_retries_each_429_alone() -> None:
    script = Script(error(429, **{"Retry-After": "30"}), error(429, **{"Retry-After": "30"}))
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=None,
        pace=False,
        httpx_args={"transport": script.transport},
    )
    started = time.monotonic()
    for _ in range(2):
        with pytest.raises(RateLimitError):
            get_artwork_v2.sync(ID, client=client)
    assert time.monotonic() - started < 5, "the second call waited for a pacing it turned off"
    assert client.pacing.limited == 0
