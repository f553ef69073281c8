"""Paces the kit's requests: never over --max-rps, slower while the target answers 429."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

RATE_LIMITED = 429  # Too Many Requests: the answer of a rate limit (ERR-3), to nothing else
SLOWEST_RPS = 0.5  # the rate never drops below this, however many 429s come
SPEED_UP = 1.1  # after each run of answers without a 429, the rate grows by this factor
CALM_ANSWERS = 10  # how many answers without a 429 make such a run
DEFAULT_RETRY_AFTER = 1.0


@dataclass(frozen=True)
class ThrottleLimits:
    """How long one request may be held back by 429s: attempts and total seconds."""

    attempts: int = 6
    seconds: float = 60.0


def retry_after(headers: Mapping[str, str]) -> float:
    """Seconds a 429 asks to wait: whole seconds or an HTTP date; 1 s when absent or unreadable."""
    raw = (headers.get("retry-after") or "").strip()
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return DEFAULT_RETRY_AFTER
    return max(0.0, when.timestamp() - time.time())


class Throttle:
    """A rate that never exceeds `max_rps`, halves on each 429 and grows back while none comes.

    After a 429 every request waits until its Retry-After has passed: a rate limit is per key,
    so the next request would only meet another 429.
    """

    def __init__(self, max_rps: float) -> None:
        self._max_rps = max_rps
        self._rps = max_rps
        self._next = 0.0
        self._not_before = 0.0
        self._calm = 0
        self._lock = threading.Lock()
        self.met = 0  # 429 answers seen
        self.waited = 0.0  # wall seconds the run was held back by them

    @property
    def rps(self) -> float:
        return self._rps

    def wait(self) -> None:
        """Block until the next request may go out."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next, self._not_before)
            self._next = start + (1.0 / self._rps if self._rps > 0 else 0.0)
        if start > now:
            time.sleep(start - now)

    def throttled(self, delay: float) -> None:
        """A 429 came: slow down, and hold every request back for `delay` seconds."""
        with self._lock:
            self.met += 1
            self._calm = 0
            now = time.monotonic()
            if now >= self._not_before:  # once per wait: answers already in flight add nothing
                self._rps = max(SLOWEST_RPS, self._rps / 2)
            until = now + delay
            if until > self._not_before:
                self.waited += until - max(now, self._not_before)
                self._not_before = until

    def answered(self) -> None:
        """An answer that was not a 429: after enough of them, speed up again (up to max_rps)."""
        with self._lock:
            self._calm += 1
            if self._calm >= CALM_ANSWERS and self._rps < self._max_rps:
                self._calm = 0
                self._rps = min(self._max_rps, self._rps * SPEED_UP)
