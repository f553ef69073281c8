"""ERR-3: a per-key token bucket; over the limit answers 429 with a whole-second Retry-After."""

from __future__ import annotations

import math
import time

from refserver.config import ApiKey


class RateLimiter:
    """One bucket per key, refilled continuously; no background work needed."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: ApiKey) -> int:
        """Spend a token; 0 when allowed, else the whole seconds until one is available."""
        rate = key.rate or self.rate
        burst = float(key.burst or self.burst)
        now = time.monotonic()
        tokens, last = self._buckets.get(key.key, (burst, now))
        tokens = min(burst, tokens + (now - last) * rate)
        if tokens >= 1.0:
            self._buckets[key.key] = (tokens - 1.0, now)
            return 0
        self._buckets[key.key] = (tokens, now)
        return max(1, math.ceil((1.0 - tokens) / rate))
