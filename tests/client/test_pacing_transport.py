"""The pacing inside the transport, with many threads on one client against a fake rate limiter."""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from imagegen_client import AuthenticatedClient, RateLimitError, RetryPolicy
from imagegen_client.api.artworks import list_artworks

from .helpers import BASE_URL

pytestmark = pytest.mark.timeout(60)


class TokenBucket:
    """A thread-safe fake server: `rate` calls per second, `burst` at once, else 429."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.last = float(burst), time.monotonic()
        self.lock = threading.Lock()
        self.answers: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                self.answers.append(200)
                return httpx.Response(200, json=[])
            wait = math.ceil((1 - self.tokens) / self.rate)
            self.answers.append(429)
        body = {"message": "slow down", "statusCode": 429}
        return httpx.Response(429, json=body, headers={"Retry-After": str(wait)})


def _run(client: AuthenticatedClient, calls: int) -> list[object]:
    """`calls` list calls on as many threads at once: each result or the error it raised."""

    def one(_: int) -> object:
        try:
            return list_artworks.sync(client=client)
        except RateLimitError as error:
            return error

    client.get_httpx_client()
    together = threading.Barrier(calls)

    def started_together(n: int) -> object:
        together.wait(timeout=10)
        return one(n)

    with ThreadPoolExecutor(calls) as pool:
        return list(pool.map(started_together, range(calls)))


def test_thirty_threads_on_one_client_all_succeed_behind_one_pace() -> None:
    bucket = TokenBucket(rate=10, burst=5)
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": httpx.MockTransport(bucket)}
    )
    with client:
        results = _run(client, 30)
    assert all(result == [] for result in results), results
    limited = bucket.answers.count(429)
    assert client.pacing.limited == limited > 0
    # Calls that each retried alone would meet a 429 per call per second of backlog (about 70
    # here); behind one pace, at most the first burst's 25 and a few while the pace is found.
    assert limited <= 35, bucket.answers


def test_a_429_storm_ends_each_call_within_its_time_budget() -> None:
    def always_limited(request: httpx.Request) -> httpx.Response:
        body = {"message": "slow down", "statusCode": 429}
        return httpx.Response(429, json=body, headers={"Retry-After": "1"})

    budget = RetryPolicy(max_elapsed=1.5)
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=budget,
        httpx_args={"transport": httpx.MockTransport(always_limited)},
    )
    started = time.monotonic()
    with client:
        results = _run(client, 10)
    elapsed = time.monotonic() - started
    assert all(isinstance(result, RateLimitError) for result in results)
    # No retry starts past 1.5 s: every call is over by then, plus one answer's time.
    assert elapsed < 4.0, f"the storm took {elapsed:.1f} s"
    messages = [result.message for result in results if isinstance(result, RateLimitError)]
    assert any(m.startswith("not sent: this client's pacing holds it") for m in messages)
    assert any(m == "slow down" for m in messages), "the server's own 429s come back as they are"


def test_a_transport_error_is_raised_as_it_is_when_the_budget_runs_out_while_waiting() -> None:
    calls: list[float] = []

    def refused(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        raise httpx.ConnectError("refused")

    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=RetryPolicy(max_elapsed=2.0, backoff_initial=1.0, backoff_max=1.0),
        httpx_args={"transport": httpx.MockTransport(refused)},
    )
    # While the retry waits out its backoff, another call's 429 closes the gate for 30 s.
    closer = threading.Timer(0.3, lambda: client.pacing.record(time.monotonic(), 429, 30.0))
    started = time.monotonic()
    closer.start()
    try:
        with client, pytest.raises(httpx.ConnectError):
            list_artworks.sync(client=client)
    finally:
        closer.join(timeout=5)
    assert len(calls) == 1 and time.monotonic() - started < 2.0


def test_a_retry_after_longer_than_the_policy_allows_closes_the_gate_no_longer_than_that() -> None:
    def hour(request: httpx.Request) -> httpx.Response:
        body = {"message": "come back tomorrow", "statusCode": 429}
        return httpx.Response(429, json=body, headers={"Retry-After": "3600"})

    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=RetryPolicy(max_retry_after=2.0),
        httpx_args={"transport": httpx.MockTransport(hour)},
    )
    with client, pytest.raises(RateLimitError):
        list_artworks.sync(client=client)
    assert client.pacing.gate_delay() <= 2.2
