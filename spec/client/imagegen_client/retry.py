"""Retries at the httpx transport layer, so every generated endpoint gets them without extra code.

Policy, per request:

* GET/HEAD/OPTIONS/PUT/DELETE (idempotent): retried on 429, 502, 503, 504 and on any transport
  error (connect, read, write, protocol).
* POST creates (E1-E4): not idempotent, so retried only when the server cannot have processed the
  request: on 429 (the rate limiter rejects before processing; the contract's ERR-3 says the same
  request succeeds after Retry-After), on 503 *with* Retry-After (the server says it is unavailable
  and when to come back), and on connect errors (the request was never sent). Never on 502/504 or
  read errors: the request may have created a task.
* POST /v2/organizations/{orgId}/webhook-secret (E8): only on 429. A rotation that ran twice would
  silently invalidate the secret shown to the caller, so no other risk is taken.

Waits: Retry-After (seconds or HTTP-date) when the server sends one, plus up to 10 % jitter;
otherwise exponential backoff with jitter. Bounded by `max_attempts` and by `max_elapsed`: a retry
whose wait would end past that budget is not made, and the last answer is returned as it is.
"""

from __future__ import annotations

import asyncio
import email.utils
import enum
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport", "parse_retry_after"]

logger = logging.getLogger("imagegen_client")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
_RETRIED_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_ROTATION_PATH = re.compile(r"/organizations/[^/]+/webhook-secret/?$")


class _Safety(enum.Enum):
    """How much a request may be repeated without side effects."""

    IDEMPOTENT = "idempotent"
    CREATE = "create"
    RATE_LIMIT_ONLY = "rate-limit-only"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `RetryPolicy.off()` (or `retry=None`) disables retries."""

    max_attempts: int = 4
    """Attempts in all, the first included (so 4 means up to 3 retries)."""
    max_elapsed: float = 60.0
    """Seconds from the first attempt after which no retry is started."""
    backoff_initial: float = 0.5
    """The first backoff step in seconds, doubled each retry, when there is no Retry-After."""
    backoff_max: float = 8.0
    """The largest backoff step in seconds."""
    max_retry_after: float = 60.0
    """A Retry-After longer than this is not waited for: the answer is returned (RateLimitError)."""
    statuses: frozenset[int] = field(default=frozenset({429, 502, 503, 504}))
    """Statuses retried for idempotent requests (creates see the module docstring)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.max_elapsed < 0 or self.backoff_initial < 0 or self.backoff_max < 0:
            raise ValueError("times must not be negative")

    @classmethod
    def off(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)

    def backoff(self, retry_number: int) -> float:
        """The jittered wait before retry `retry_number` (1-based): half fixed, half random."""
        step = min(self.backoff_max, self.backoff_initial * 2.0 ** (retry_number - 1))
        return step / 2 + random.uniform(0, step / 2)


def _safety(request: httpx.Request) -> _Safety:
    """Classifies a request by method, and E8 by its path."""
    if request.method in _IDEMPOTENT_METHODS:
        return _Safety.IDEMPOTENT
    if _ROTATION_PATH.search(request.url.path):
        return _Safety.RATE_LIMIT_ONLY
    return _Safety.CREATE


def _replayable(request: httpx.Request) -> bool:
    """Only a request whose body is already in memory can be sent again."""
    try:
        request.content  # noqa: B018 (raises RequestNotRead for a streaming body)
    except httpx.RequestNotRead:
        return False
    return True


def _status_retry_wait(
    policy: RetryPolicy, request: httpx.Request, response: httpx.Response, retry_number: int
) -> float | None:
    """The wait before retrying this answer, or None when it must not be retried."""
    status = response.status_code
    if status not in policy.statuses:
        return None
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    safety = _safety(request)
    if safety is _Safety.RATE_LIMIT_ONLY and status != 429:
        return None
    if safety is _Safety.CREATE and not (
        status == 429 or (status == 503 and retry_after is not None)
    ):
        return None
    if retry_after is None:
        return policy.backoff(retry_number)
    if retry_after > policy.max_retry_after:
        return None
    return retry_after + random.uniform(0, min(1.0, retry_after * 0.1))


def _error_retry_wait(
    policy: RetryPolicy, request: httpx.Request, error: httpx.TransportError, retry_number: int
) -> float | None:
    """The wait before retrying after a transport error, or None when it must not be retried."""
    safety = _safety(request)
    if safety is _Safety.RATE_LIMIT_ONLY or not isinstance(error, _RETRIED_ERRORS):
        return None
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if safety is _Safety.CREATE and not never_sent:
        return None
    return policy.backoff(retry_number)


class _Budget:
    """Counts attempts and elapsed time against a policy."""

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self.clock = clock
        self.started = clock()
        self.attempt = 1

    def allows(self, wait: float | None, request: httpx.Request) -> bool:
        """Whether one more attempt after `wait` seconds fits in the count and the time."""
        if wait is None or self.attempt >= self.policy.max_attempts:
            return False
        if not _replayable(request):
            return False
        return self.clock() - self.started + wait <= self.policy.max_elapsed

    def log(self, request: httpx.Request, why: str, wait: float) -> None:
        """One debug line per retry, without headers (they hold the key)."""
        logger.debug(
            "retry %d/%d of %s %s after %s in %.2f s",
            self.attempt,
            self.policy.max_attempts - 1,
            request.method,
            request.url.path,
            why,
            wait,
        )
        self.attempt += 1


class RetryTransport(httpx.BaseTransport):
    """Wraps a sync transport and retries per a RetryPolicy."""

    def __init__(
        self,
        transport: httpx.BaseTransport,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        budget = _Budget(self.policy, self._clock)
        while True:
            try:
                response = self.transport.handle_request(request)
            except httpx.TransportError as error:
                wait = _error_retry_wait(self.policy, request, error, budget.attempt)
                if not budget.allows(wait, request):
                    raise
                assert wait is not None
                budget.log(request, type(error).__name__, wait)
                self._sleep(wait)
                continue
            wait = _status_retry_wait(self.policy, request, response, budget.attempt)
            if not budget.allows(wait, request):
                return response
            assert wait is not None
            response.close()
            budget.log(request, str(response.status_code), wait)
            self._sleep(wait)

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps an async transport and retries per a RetryPolicy."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        budget = _Budget(self.policy, self._clock)
        while True:
            try:
                response = await self.transport.handle_async_request(request)
            except httpx.TransportError as error:
                wait = _error_retry_wait(self.policy, request, error, budget.attempt)
                if not budget.allows(wait, request):
                    raise
                assert wait is not None
                budget.log(request, type(error).__name__, wait)
                await self._sleep(wait)
                continue
            wait = _status_retry_wait(self.policy, request, response, budget.attempt)
            if not budget.allows(wait, request):
                return response
            assert wait is not None
            await response.aclose()
            budget.log(request, str(response.status_code), wait)
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self.transport.aclose()
