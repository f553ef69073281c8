"""The pace: never over --max-rps, halved once per 429 wait, grown back while none comes."""

from __future__ import annotations

import email.utils
import time

import pytest

from conformance.run.throttle import CALM_ANSWERS, SLOWEST_RPS, Throttle, retry_after


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), ("", 1.0), ("soon", 1.0), ("0", 0.0)],
)
def test_retry_after_reads_whole_seconds_and_defaults_to_one(header: str, seconds: float) -> None:
    assert retry_after({"retry-after": header}) == seconds


def test_retry_after_reads_an_http_date() -> None:
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_after({"retry-after": later}) <= 31


def test_a_429_halves_the_rate_once_per_wait_and_counts_the_wall_time_held() -> None:
    throttle = Throttle(100.0)
    throttle.throttled(2.0)
    throttle.throttled(2.0)  # an answer already in flight: same wait, no second halving
    assert throttle.rps == 50.0
    assert throttle.met == 2
    assert 1.9 <= throttle.waited <= 2.1


def test_the_rate_never_drops_below_the_floor_and_grows_back_to_the_cap() -> None:
    throttle = Throttle(8.0)
    for _ in range(10):
        throttle.throttled(0.0)
    assert throttle.rps == SLOWEST_RPS
    for _ in range(CALM_ANSWERS * 100):
        throttle.answered()
    assert throttle.rps == 8.0


def test_requests_wait_out_the_retry_after() -> None:
    throttle = Throttle(1000.0)
    throttle.throttled(0.3)
    started = time.monotonic()
    throttle.wait()
    assert time.monotonic() - started >= 0.25
