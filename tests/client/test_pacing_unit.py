"""The Pacer on a fake clock: the gate a 429 closes, the pace it sets, and how the pace recovers."""

from __future__ import annotations

import pytest
from imagegen_client import Pacer


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _pacer(clock: Clock) -> Pacer:
    return Pacer(clock=clock, jitter=lambda: 0.0)


def test_nothing_is_held_back_before_the_first_429() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    for _ in range(50):
        assert pacer.reserve() == 0.0
        pacer.record(clock.now, 200, None)
    assert pacer.rate is None and pacer.limited == 0 and pacer.waited == 0.0


def test_a_429_closes_the_gate_for_its_retry_after_and_paces_at_half_the_last_second() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    for _ in range(40):  # a burst of 40 answered within the last second
        pacer.record(clock.now, 202, None)
    pacer.record(clock.now, 429, 1.0)
    assert pacer.rate == 20.0 and pacer.limited == 1
    waits = [pacer.reserve() for _ in range(4)]
    assert waits == pytest.approx([1.0, 1.05, 1.10, 1.15])  # the gate, then one slot apart


def test_the_jitter_adds_at_most_a_tenth_of_the_pause() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock, jitter=lambda: 1.0)
    pacer.record(clock.now, 429, 2.0)
    assert pacer.gate_delay() == pytest.approx(2.2)


def test_429s_to_calls_sent_before_a_slow_down_do_not_slow_it_again() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    for _ in range(40):
        pacer.record(clock.now, 202, None)
    sent = clock.now
    pacer.record(sent, 429, 1.0)
    for _ in range(19):  # the rest of the same burst answers 429 too
        pacer.record(sent, 429, 1.0)
    assert pacer.rate == 20.0 and pacer.limited == 20
    clock.now += 1.5
    pacer.record(clock.now, 429, 1.0)  # a call sent after the slow-down: a new signal
    assert pacer.rate == 10.0


def test_the_pace_never_drops_below_one_call_per_retry_after_nor_the_floor() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    pacer.record(clock.now, 429, 0.5)  # no answer seen yet: Retry-After promises 2 per second
    assert pacer.rate == 2.0
    other = Pacer(clock=clock, floor=0.25, jitter=lambda: 0.0)
    other.record(clock.now, 429, 30.0)
    assert other.rate == 0.25


def test_answers_that_are_not_429_speed_the_pace_up_about_one_call_per_second_each_second() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    for _ in range(40):
        pacer.record(clock.now, 202, None)
    pacer.record(clock.now, 429, 1.0)
    for _ in range(20):  # one second of answers at 20 per second
        clock.now += 0.05
        pacer.record(clock.now, 200, None)
    assert pacer.rate == pytest.approx(21.0, abs=0.05)


def test_a_429_during_a_wait_is_seen_before_sending() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    assert pacer.reserve() == 0.0 and pacer.gate_delay() == 0.0
    pacer.record(clock.now, 429, 3.0)
    assert pacer.gate_delay() == pytest.approx(3.0) and pacer.delay() == pytest.approx(3.0)


def test_a_floor_that_is_not_positive_is_refused() -> None:
    with pytest.raises(ValueError, match="floor"):
        Pacer(floor=0)
