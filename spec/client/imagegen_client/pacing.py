"""One client's share of the server's rate limit, learnt from its 429s, so that concurrent calls
queue behind one pace instead of each retrying into the same full window.

Until the first 429 nothing is held back. A 429 then closes a gate for its `Retry-After` (plus up to
10 % jitter) and sets a pace: half the answers of the last second, or half the pace in force, but
never below one call per Retry-After (the time a token bucket needs for one more token). Calls
after that leave one slot apart, so a queue drains at the pace rather than all at once when the gate
opens; a later 429 moves the queue behind its new gate. The first pace is a guess, so answers that
are neither a 429 nor a 5xx double it each second until a call sent at it meets a 429; after that
they speed it up by about one call per second each second, so a client follows a server that allows
more. Only answers to calls sent after the last slow-down move the pace: a burst of 429s to calls
sent before it is one signal, not many, and answers to calls already on their way say nothing
about the new pace either.

One Pacer is shared, thread-safe, by every API call of a client (sync, async and polls included)
and by the clients `with_options` derives from it. Result downloads are not API operations and
often not even the API's host: a request marked `UNPACED` (as downloads.py marks them) keeps its
retries but neither waits for the pace nor teaches it. The Pacer never sleeps itself: a call takes
a place and asks how long its wait is, so the same object serves threads and event loops.
"""

from __future__ import annotations

import collections
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["UNPACED", "Pacer", "Place"]

UNPACED = "imagegen_client.unpaced"
"""The httpx request extension that keeps a request out of its client's pacing."""

_WINDOW = 1.0
"""Seconds of answers that the first pace is estimated from."""
_SLOWDOWN = 0.5
"""The factor a 429 applies to the pace."""
_SPEEDUP = 1.0
"""Calls per second the pace gains per second of answers that are not 429."""
_PROBE = 1.0
"""Calls per second the first pace gains per answer, doubling it each second, until a 429 to a
call sent at that pace: the first pace is only a guess from the answers before the first 429."""
_PAUSE_WITHOUT_RETRY_AFTER = 1.0
"""Seconds the gate closes for after a 429 that gives no usable Retry-After."""
_JITTER = 0.1
"""The largest fraction of a pause added at random, so clients sharing a key drift apart."""


@dataclass(frozen=True)
class Place:
    """One call's place in the queue; when it may leave follows the pace and the gate as they
    change, so a place taken under a slow first guess moves up when the pace grows."""

    index: int
    taken_at: float


class Pacer:
    """The pace and the gate that every call of one client waits for, with what they cost.

    Places are numbered; place `k` may leave at `start + (k - first) / rate` and never before the
    gate. When the pace changes, (`first`, `start`) moves to the place due at that moment; when the
    gate closes, the first place still waiting is set to leave as it opens. Places already taken so
    follow the new pace and gate instead of keeping stale times, and never leave all at once.
    """

    def __init__(
        self,
        *,
        floor: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if floor <= 0:
            raise ValueError("the floor must be a positive number of calls per second")
        self._floor = floor
        self._clock = clock
        self._jitter = jitter
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._gate = 0.0
        self._first = 0.0
        self._start = 0.0
        self._next = 0
        self._waiting: set[int] = set()
        self._slowed_at = float("-inf")
        self._probing = False
        self._answered: collections.deque[float] = collections.deque()
        self._limited = 0
        self._waited = 0.0

    @property
    def rate(self) -> float | None:
        """The pace in calls per second, or None while no 429 has been seen."""
        return self._rate

    @property
    def probing(self) -> bool:
        """Whether the pace is still a first guess, growing fast until a call sent at it meets a
        429: a wait worked out from it now may be far shorter a moment later."""
        return self._probing

    @property
    def limited(self) -> int:
        """How many 429 answers this client has met."""
        return self._limited

    @property
    def waited(self) -> float:
        """Seconds that calls have been held back in all (summed over concurrent calls)."""
        return self._waited

    def take_place(self) -> Place:
        """A place in the queue for one call, behind every place taken before it."""
        with self._lock:
            now = self._clock()
            index = self._next_index(now)
            self._next = index + 1
            self._waiting.add(index)
            return Place(index, now)

    def wait(self, place: Place) -> float:
        """Seconds until `place` may leave, as the pace and the gate stand now (0: go)."""
        with self._lock:
            return max(0.0, self._leaves_at(place.index) - self._clock())

    def left(self, place: Place) -> None:
        """Gives up `place` as its call is sent, counting the time it waited."""
        with self._lock:
            if place.index in self._waiting:
                self._waiting.discard(place.index)
                self._waited += max(0.0, self._clock() - place.taken_at)

    def leave(self, place: Place) -> None:
        """Gives up `place` unsent (the call was cancelled or gave up): it holds up no one."""
        with self._lock:
            self._waiting.discard(place.index)

    def delay(self) -> float:
        """Seconds a call queued now would wait: behind the gate and the places already taken."""
        with self._lock:
            now = self._clock()
            return max(0.0, self._leaves_at(self._next_index(now)) - now)

    def gate_delay(self) -> float:
        """Seconds until the gate opens (0 when it is open)."""
        with self._lock:
            return max(0.0, self._gate - self._clock())

    def record(self, sent_at: float, status: int, retry_after: float | None) -> None:
        """Learns from one answer: `sent_at` is the clock reading when its call was sent, and
        `retry_after` the answer's Retry-After in seconds, already capped by the caller."""
        with self._lock:
            now = self._clock()
            if status != 429:
                self._answered.append(now)
                while self._answered and self._answered[0] < now - _WINDOW:
                    self._answered.popleft()
                if self._rate is not None and status < 500 and sent_at > self._slowed_at:
                    self._anchor(now)
                    self._rate += _PROBE if self._probing else _SPEEDUP / self._rate
                return
            self._limited += 1
            pause = _PAUSE_WITHOUT_RETRY_AFTER if retry_after is None else retry_after
            gate = now + pause * (1.0 + _JITTER * self._jitter())
            if gate > self._gate:
                # The queue starts again at the gate, led by the first place still waiting
                # (one that was due but not yet sent leaves after the gate too, in its turn).
                waiting = min(self._waiting, default=self._next)
                self._first, self._start = waiting, gate
                self._gate = gate
            if sent_at <= self._slowed_at:
                return
            if self._rate is not None:  # (under a gate that did not move)
                self._anchor(now)
            self._probing = self._rate is None
            self._slowed_at = now
            recent = sum(1 for at in self._answered if at >= now - _WINDOW)
            current = self._rate if self._rate is not None else recent / _WINDOW
            # A token bucket's Retry-After is the time to its next token: at least that pace holds.
            promised = 1.0 / pause if pause > 0 else 0.0
            self._rate = max(self._floor, promised, current * _SLOWDOWN)

    def _due(self, now: float) -> float:
        """The last place that may have left by `now` (fractional between two places)."""
        if self._rate is None:
            return float(self._next - 1)
        return self._first + (now - self._start) * self._rate

    def _next_index(self, now: float) -> int:
        """The number a place taken at `now` gets: after every place taken, and no earlier than
        the one due now (an idle queue does not owe a burst for the slots that passed)."""
        return max(self._next, math.floor(self._due(now)))

    def _leaves_at(self, index: int) -> float:
        """When place `index` may leave: its slot at the pace, and never before the gate."""
        if self._rate is None:
            return self._gate
        return max(self._gate, self._start + (index - self._first) / self._rate)

    def _anchor(self, now: float) -> None:
        """Moves (`first`, `start`) to the place due now, before the pace changes; a queue whose
        start is still ahead (behind a gate) keeps its anchor."""
        if now > self._start:
            self._first, self._start = self._due(now), now
