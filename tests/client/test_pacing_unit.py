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


def _waits(pacer: Pacer, count: int) -> list[float]:
    """Takes `count` places and says how long each must wait, as things stand."""
    return [pacer.wait(pacer.take_place()) for _ in range(count)]


def _burst_then_429(pacer: Pacer, clock: Clock, burst: int = 40) -> None:
    """`burst` answers within the last second, then a 429 with Retry-After: 1."""
    for _ in range(burst):
        pacer.record(clock.now, 202, None)
    pacer.record(clock.now, 429, 1.0)


def test_nothing_is_held_back_before_the_first_429() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    for _ in range(50):
        assert _waits(pacer, 1) == [0.0]
        pacer.record(clock.now, 200, None)
    assert pacer.rate is None and pacer.limited == 0 and pacer.waited == 0.0


def test_a_429_closes_the_gate_for_its_retry_after_and_paces_at_half_the_last_second() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)
    assert pacer.rate == 20.0 and pacer.limited == 1
    assert _waits(pacer, 4) == pytest.approx([1.0, 1.05, 1.10, 1.15])  # the gate, then slots


def test_the_jitter_adds_at_most_a_tenth_of_the_pause() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock, jitter=lambda: 1.0)
    pacer.record(clock.now, 429, 2.0)
    assert pacer.gate_delay() == pytest.approx(2.2)


def test_429s_to_calls_sent_before_a_slow_down_do_not_slow_it_again() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    sent = clock.now
    _burst_then_429(pacer, clock)
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


def test_the_first_pace_doubles_each_second_until_a_call_sent_at_it_meets_a_429() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock, burst=10)  # a first guess of 5 per second
    clock.now += 1.0
    for _ in range(5):  # one second of answers at that pace
        clock.now += 0.2
        pacer.record(clock.now, 200, None)
    assert pacer.rate == pytest.approx(10.0)
    pacer.record(clock.now, 429, 1.0)  # found the limit: halve, then grow gently
    assert pacer.rate == pytest.approx(5.0)
    for _ in range(5):
        clock.now += 0.2
        pacer.record(clock.now, 200, None)
    assert pacer.rate == pytest.approx(5.93, abs=0.01)  # + 1 / pace per answer


def test_places_taken_under_a_slow_pace_move_up_when_it_grows() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock, burst=4)  # a first guess of 2 per second
    places = [pacer.take_place() for _ in range(10)]
    assert pacer.wait(places[-1]) == pytest.approx(1.0 + 9 / 2)
    clock.now += 1.0  # the gate opens
    for _ in range(8):  # answers double the pace twice over
        pacer.record(clock.now, 200, None)
    assert pacer.rate == pytest.approx(10.0)
    assert pacer.wait(places[-1]) == pytest.approx(9 / 10)


def test_a_later_429_moves_the_queue_behind_its_new_gate_in_turn() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)  # pace 20 per second, gate in 1 s
    places = [pacer.take_place() for _ in range(10)]
    clock.now += 1.15  # three places were due; two have left, one is still waking up
    pacer.left(places[0])
    pacer.left(places[1])
    pacer.record(clock.now, 429, 1.0)  # a call sent after the slow-down: gate in 1 s, pace 10
    assert pacer.rate == 10.0
    waits = [pacer.wait(place) for place in places[2:]]
    # The late one leads the new queue; none of the eight leaves at the same moment as another.
    assert waits == pytest.approx([1.0 + n / 10 for n in range(8)])


def test_a_place_given_up_holds_up_no_one() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)
    abandoned, kept = pacer.take_place(), pacer.take_place()
    pacer.leave(abandoned)
    clock.now += 0.5
    pacer.record(clock.now, 429, 1.0)
    assert pacer.wait(kept) == pytest.approx(1.0)


def test_5xx_answers_do_not_speed_the_pace_up() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)
    before = pacer.rate
    clock.now += 1.0
    for _ in range(10):
        pacer.record(clock.now, 503, None)
    assert pacer.rate == before
    pacer.record(clock.now, 404, None)  # a real answer: the rate limit let it through
    assert pacer.rate is not None and before is not None and pacer.rate > before


def test_the_time_spent_waiting_is_counted_when_a_call_leaves() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)
    place = pacer.take_place()
    clock.now += 1.0
    pacer.left(place)
    assert pacer.waited == pytest.approx(1.0) and pacer.delay() == pytest.approx(0.05)


def test_a_floor_that_is_not_positive_is_refused() -> None:
    with pytest.raises(ValueError, match="floor"):
        Pacer(floor=0)


def test_answers_to_calls_sent_before_the_slow_down_do_not_move_the_pace() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    sent = clock.now
    _burst_then_429(pacer, clock)
    clock.now += 0.3
    for _ in range(20):  # slow answers to calls that left before the 429 came back
        pacer.record(sent, 200, None)
    assert pacer.rate == 20.0


def test_an_idle_client_waits_for_no_slot_that_has_already_passed() -> None:
    clock = Clock()
    pacer = _pacer(clock)
    _burst_then_429(pacer, clock)
    clock.now += 5.0  # the gate opened long ago and nobody called since
    assert _waits(pacer, 2) == pytest.approx([0.0, 0.05])
