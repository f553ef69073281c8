"""One client's share of the server's rate limit, learnt from its 429s, so that concurrent calls
queue behind one pace instead of each retrying into the same full window.

Until the first 429 nothing is held back. A 429 then closes a gate for its `Retry-After` (plus up to
10 % jitter) and sets a pace: half the answers of the last second, or half the pace in force, but
never below one call per Retry-After (the time a token bucket needs for one more token). Calls
after that leave one slot apart, so a queue drains at the pace rather than all at once when the gate
opens. Every answer that is not a 429 speeds the pace up by about one call per second each second,
so a client follows a server that allows more. A burst of 429s to calls sent at the same pace counts
as one signal: only a call sent after the last slow-down can slow the pace again.

One Pacer is shared, thread-safe, by every API call of a client (sync, async and polls included)
and by the clients `with_options` derives from it. Result downloads are not API operations and
often not even the API's host: a request marked `UNPACED` (as downloads.py marks them) keeps its
retries but neither waits for the pace nor teaches it. It never sleeps itself: `reserve`
books a slot and says how long to wait for it, so the same object serves threads and event loops.
"""

from __future__ import annotations

import collections
import random
import threading
import time
from collections.abc import Callable

__all__ = ["UNPACED", "Pacer"]

UNPACED = "imagegen_client.unpaced"
"""The httpx request extension that keeps a request out of its client's pacing."""

_WINDOW = 1.0
"""Seconds of answers that the first pace is estimated from."""
_SLOWDOWN = 0.5
"""The factor a 429 applies to the pace."""
_SPEEDUP = 1.0
"""Calls per second the pace gains per second of answers that are not 429."""
_PAUSE_WITHOUT_RETRY_AFTER = 1.0
"""Seconds the gate closes for after a 429 that gives no usable Retry-After."""
_JITTER = 0.1
"""The largest fraction of a pause added at random, so clients sharing a key drift apart."""


class Pacer:
    """The pace and the gate that every call of one client waits for, with what they cost."""

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
        self._next_slot = 0.0
        self._gate = 0.0
        self._slowed_at = float("-inf")
        self._answered: collections.deque[float] = collections.deque()
        self._limited = 0
        self._waited = 0.0

    @property
    def rate(self) -> float | None:
        """The pace in calls per second, or None while no 429 has been seen."""
        return self._rate

    @property
    def limited(self) -> int:
        """How many 429 answers this client has met."""
        return self._limited

    @property
    def waited(self) -> float:
        """Seconds that calls have been held back in all (summed over concurrent calls)."""
        return self._waited

    def reserve(self) -> float:
        """Books the next slot for one call and returns the seconds to wait before sending it."""
        with self._lock:
            now = self._clock()
            start = max(now, self._gate)
            if self._rate is not None:
                start = max(start, self._next_slot)
                self._next_slot = start + 1.0 / self._rate
            wait = start - now
            self._waited += wait
            return wait

    def delay(self) -> float:
        """Seconds until a call booked now could leave: the later of the gate and the next slot."""
        with self._lock:
            opens = max(self._gate, self._next_slot if self._rate is not None else 0.0)
            return max(0.0, opens - self._clock())

    def gate_delay(self) -> float:
        """Seconds until the gate opens (0 when it is open): a 429 may have closed it meanwhile."""
        with self._lock:
            return max(0.0, self._gate - self._clock())

    def record(self, sent_at: float, status: int, retry_after: float | None) -> None:
        """Learns from one answer: `sent_at` is the clock reading when its call was sent."""
        with self._lock:
            now = self._clock()
            if status != 429:
                self._answered.append(now)
                while self._answered and self._answered[0] < now - _WINDOW:
                    self._answered.popleft()
                if self._rate is not None:
                    self._rate += _SPEEDUP / self._rate
                return
            self._limited += 1
            pause = _PAUSE_WITHOUT_RETRY_AFTER if retry_after is None else retry_after
            self._gate = max(self._gate, now + pause * (1.0 + _JITTER * self._jitter()))
            if sent_at <= self._slowed_at:
                return
            self._slowed_at = now
            recent = sum(1 for at in self._answered if at >= now - _WINDOW)
            current = self._rate if self._rate is not None else recent / _WINDOW
            # A token bucket's Retry-After is the time to its next token: at least that pace holds.
            promised = 1.0 / pause if pause > 0 else 0.0
            self._rate = max(self._floor, promised, current * _SLOWDOWN)
