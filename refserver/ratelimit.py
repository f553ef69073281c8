"""ERR-3: a per-key token bucket; over the limit answers 429 with a whole-second Retry-After."""

from __future__ import annotations

import math
import time

from refserver.auth import ApiKey
from refserver.stores.base import Bucket, Store


def take_token(
    bucket: Bucket | None, now: float, rate: float, burst: float
) -> tuple[Bucket, float]:
    """Refill continuously since the last spend, then spend one token: (new bucket, wait)."""
    tokens, last = bucket if bucket is not None else (burst, now)
    tokens = min(burst, tokens + max(0.0, now - last) * rate)
    if tokens >= 1.0:
        return (tokens - 1.0, now), 0.0
    return (tokens, now), (1.0 - tokens) / rate


class RateLimiter:
    """One bucket per key, kept in the store so that every worker spends from the same one."""

    def __init__(self, rate: float, burst: int, store: Store) -> None:
        self.rate = rate
        self.burst = burst
        self.store = store

    async def take(self, key: ApiKey) -> int:
        """Spend a token; 0 when allowed, else the whole seconds until one is available."""
        rate = key.rate or self.rate
        burst = float(key.burst or self.burst)
        wait = await self.store.spend(
            key.digest, lambda bucket: take_token(bucket, time.time(), rate, burst)
        )
        return max(1, math.ceil(wait)) if wait > 0 else 0
